/**
 * `src/server.ts` started the way `npm start` starts it on a fresh clone (portal built in the background), with a
 * stand-in for `next build` that the test finishes: it writes `build-outcome` into DATA_DIR, "ok" or "fail".
 * "ok" then loads the real portal from `.next`, so the REST suite's place after `next build` in `npm test` matters.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startServer } from "../../src/server";
import { startOptionsFromEnv } from "../../src/server/http/startOptions";

export const BUILD_OUTCOME_FILE = "build-outcome";
export const FAKE_BUILD_EXPECTED_MS = 90_000;

function buildOutcome(dataDir: string): Promise<void> {
  const file = path.join(dataDir, BUILD_OUTCOME_FILE);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!existsSync(file)) return;
      clearInterval(timer);
      if (readFileSync(file, "utf8").trim() === "ok") resolve();
      else reject(new Error("the stand-in build was told to fail"));
    }, 100);
  });
}

const executedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve("test/rest/backgroundBuildServer.ts");

if (executedDirectly) {
  const dataDir = process.env.DATA_DIR!;
  startServer({ ...startOptionsFromEnv(), portalBuild: { expectedMs: FAKE_BUILD_EXPECTED_MS, run: () => buildOutcome(dataDir) } }).catch(
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
