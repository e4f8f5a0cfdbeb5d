import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { logger } from "../http/logger";
import { dataDir } from "./config";
import { ensurePrivateDir } from "./privateDataDir";

/**
 * A development secret kept in DATA_DIR beside the data it protects: made once, readable by its owner only,
 * shared by every process on that directory (server and CLI) and kept across restarts. The warning is logged
 * once, by the process that made it. Production configures the real value in the environment instead.
 */
export function persistedDevSecret(fileName: string, make: () => string, warning: string): string {
  const file = path.join(dataDir(), fileName);
  // Also without the embedded engine (CONVEX_URL), which is what otherwise makes DATA_DIR owner-only.
  ensurePrivateDir(dataDir());
  try {
    // "wx": two processes starting together never overwrite each other's secret; the loser reads the winner's.
    writeFileSync(file, `${make()}\n`, { flag: "wx", mode: 0o600 });
    logger.warn({ file }, warning);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}
