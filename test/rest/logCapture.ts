/**
 * Where the REST suite keeps what its servers wrote, for the scan after the suite (test/rest/suiteLogScan.ts):
 * one `.log` file per server started during the run, and `.secrets.json` files naming the secrets the run
 * handed out or used. globalSetup sets the directory in the environment, which the test workers inherit; with
 * it unset (a bench reusing startChildServer) nothing is captured.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { KnownSecret } from "@/testing/logScan";

export const LOG_DIR_ENV = "REST_SUITE_LOG_DIR";

export const captureDir = (): string | undefined => process.env[LOG_DIR_ENV] || undefined;

/** Appends a server's output to `<label>.log` in the capture directory; undefined when nothing is captured. */
export function logFile(label: string): ((chunk: string) => void) | undefined {
  const dir = captureDir();
  if (!dir) return undefined;
  const file = path.join(dir, `${label}.log`);
  // Synchronous appends: a worker that ends right after a test still leaves every line in the file.
  return (chunk) => appendFileSync(file, chunk);
}

/** Adds secrets under `label` for the scan after the suite (a no-op when nothing is captured). */
export function recordSecrets(label: string, secrets: Record<string, string>): void {
  const dir = captureDir();
  if (!dir) return;
  const file = path.join(dir, `${label}.secrets.json`);
  const known: KnownSecret[] = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as KnownSecret[]) : [];
  for (const [name, value] of Object.entries(secrets)) {
    if (value && !known.some((s) => s.value === value)) known.push({ name: `${name} (${label})`, value });
  }
  writeFileSync(file, JSON.stringify(known, null, 1));
}

export interface Capture {
  logs: { source: string; text: string }[];
  secrets: KnownSecret[];
}

export function readCapture(dir: string): Capture {
  const files = readdirSync(dir).sort();
  const logs = files.filter((f) => f.endsWith(".log")).map((f) => ({ source: f, text: readFileSync(path.join(dir, f), "utf8") }));
  const secrets = new Map<string, KnownSecret>();
  for (const f of files.filter((name) => name.endsWith(".secrets.json"))) {
    for (const secret of JSON.parse(readFileSync(path.join(dir, f), "utf8")) as KnownSecret[]) secrets.set(secret.value, secret);
  }
  return { logs, secrets: [...secrets.values()] };
}
