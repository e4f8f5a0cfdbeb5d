import { rmSync } from "node:fs";

/** Removes the run's data directory (playwright.config.ts made it for the server). */
export default function globalTeardown(): void {
  if (process.env.E2E_DATA_DIR) rmSync(process.env.E2E_DATA_DIR, { recursive: true, force: true });
}
