import { existsSync } from "node:fs";
import { run } from "./run";

export const chromiumPath = "/usr/bin/chromium";

/**
 * The e2e tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
 * Installed with apt when missing and we are root; otherwise one line says what to do.
 */
export async function ensureChromium(): Promise<void> {
  if (existsSync(chromiumPath)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is missing: run "sudo apt-get install -y chromium" (the e2e tests use ${chromiumPath})`);
  }
  console.error("Installing Debian's Chromium for the e2e tests (apt-get)…");
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if ((await run("apt-get", ["update", "-qq"], env)) !== 0 || (await run("apt-get", ["install", "-y", "-qq", "chromium"], env)) !== 0) {
    throw new Error("apt-get could not install chromium");
  }
}
