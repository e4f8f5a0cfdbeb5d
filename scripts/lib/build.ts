import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BackgroundBuild } from "../../src/server";
import { npx, runLines } from "./run";

// Inputs of `next build`; tests and notes do not change what it produces.
const inputs = ["src", "convex", "public", "next.config.mjs", "package.json", "package-lock.json", "tsconfig.json"];
const ignored = /(\.test\.tsx?|\.spec\.tsx?|\.md)$/;

/**
 * `npm start` and `npm test` build with Next's own type check off (next.config.mjs reads this): `npm test` runs
 * `tsc --noEmit` over the whole project first, and on a 2-core machine Next's second pass cost about two minutes.
 */
const buildEnv = { NEXT_TELEMETRY_DISABLED: "1", GHOSTSPEAK_SKIP_BUILD_TYPECHECK: "1" };

/** Where the last build's duration is kept: `next build` empties `.next` but keeps its cache folder. */
const durationFile = (root: string) => path.join(root, ".next", "cache", "ghostspeak-build-ms");
/** The first build's estimate: about what a 2-core machine with other work on it takes. */
const FIRST_BUILD_MS = 240_000;

/** The newest modification time of the files under `entry` (0 when it is missing), leaving out those `ignore` matches. */
export function newestMtime(entry: string, ignore = ignored): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return ignore.test(entry) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name), ignore));
  return newest;
}

export function buildIsStale(root = process.cwd()): boolean {
  const marker = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

/** How long the last build on this checkout took, or the first build's estimate. */
export function expectedBuildMs(root = process.cwd()): number {
  try {
    const ms = Number(readFileSync(durationFile(root), "utf8"));
    return Number.isFinite(ms) && ms > 0 ? ms : FIRST_BUILD_MS;
  } catch {
    return FIRST_BUILD_MS;
  }
}

function rememberBuildMs(ms: number, root = process.cwd()): void {
  mkdirSync(path.dirname(durationFile(root)), { recursive: true });
  writeFileSync(durationFile(root), String(Math.round(ms)));
}

/** `next build`, its output to `onLine` (or this console); throws when it fails, remembers how long it took. */
async function nextBuild(onLine?: (line: string) => void): Promise<void> {
  const started = Date.now();
  const args = ["next", "build"];
  const code = onLine ? await runLines("npx", ["--no-install", ...args], buildEnv, onLine) : await npx(args, buildEnv);
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  rememberBuildMs(Date.now() - started);
}

/** `next build` when the build is missing or older than its sources; throws when the build fails. */
export async function buildIfStale(): Promise<void> {
  if (!buildIsStale()) return;
  console.error("Building the portal (next build)…");
  await nextBuild();
}

/** The build `npm start` runs while it already serves the API: Next's output goes to the console, each line marked. */
export function backgroundBuild(): BackgroundBuild {
  return {
    expectedMs: expectedBuildMs(),
    run: () => nextBuild((line) => {
      if (line.trim() !== "") console.log(`  [portal build] ${line}`);
    }),
  };
}
