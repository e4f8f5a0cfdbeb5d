/// <reference types="vite/client" />
// The sample convex/ folder (./fixture) wired into the parity harness.
import type { BackendName, TestBackend } from "@/testing/backends";
import { describeBackends } from "@/testing/backends";
import schema from "./fixture/schema";

export const sampleModules = import.meta.glob("./fixture/**/*.*s");
export const SAMPLE_DIR = "./fixture/";

export function describeSample(name: string, suite: (t: TestBackend) => void, backends?: BackendName[]): void {
  describeBackends(name, sampleModules, SAMPLE_DIR, schema, suite, backends);
}
