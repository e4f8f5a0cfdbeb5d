import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * A fresh DATA_DIR and server secret for tests that open the app's own engine (`openAppEngine`, the engine thread),
 * set before the suite's own `beforeAll` and put back, the directory removed, after its `afterAll` (hooks after a
 * suite run in reverse order). Call it before registering the suite's hooks.
 */
export function useAppDataDir(prefix: string, serverSecret: string): void {
  const saved = { DATA_DIR: process.env.DATA_DIR, GHOSTSPEAK_SERVER_SECRET: process.env.GHOSTSPEAK_SERVER_SECRET };
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), prefix));
    process.env.DATA_DIR = dataDir;
    process.env.GHOSTSPEAK_SERVER_SECRET = serverSecret;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
}
