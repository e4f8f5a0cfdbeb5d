import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { npx } from "./run";

// Inputs of `next build`; tests and notes do not change what it produces.
const inputs = ["src", "convex", "public", "next.config.mjs", "package.json", "package-lock.json", "tsconfig.json"];
const ignored = /(\.test\.tsx?|\.spec\.tsx?|\.md)$/;

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return ignored.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

export function buildIsStale(root = process.cwd()): boolean {
  const marker = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

/** `next build` when the build is missing or older than its sources; throws when the build fails. */
export async function buildIfStale(): Promise<void> {
  if (!buildIsStale()) return;
  console.error("Building the portal (next build)…");
  const code = await npx(["next", "build"], { NEXT_TELEMETRY_DISABLED: "1" });
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
}
