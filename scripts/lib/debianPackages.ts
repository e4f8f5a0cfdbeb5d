import { existsSync } from "node:fs";
import { run } from "./run";

export const chromiumPath = "/usr/bin/chromium";
export const stracePath = "/usr/bin/strace";

/**
 * Installs a Debian package with apt when its binary is missing and we are root; otherwise one line says what to
 * do. The tests need two: Chromium (Playwright's own browser download cannot work offline) and strace (the REST
 * test that proves no request leaves the server when Sentry and PostHog are off).
 */
async function ensurePackage(binary: string, pkg: string, why: string): Promise<void> {
  if (existsSync(binary)) return;
  if (process.getuid?.() !== 0) throw new Error(`${pkg} is missing: run "sudo apt-get install -y ${pkg}" (${why})`);
  console.error(`Installing Debian's ${pkg} (${why}, apt-get)…`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if ((await run("apt-get", ["update", "-qq"], env)) !== 0 || (await run("apt-get", ["install", "-y", "-qq", pkg], env)) !== 0) {
    throw new Error(`apt-get could not install ${pkg}`);
  }
}

export const ensureChromium = () => ensurePackage(chromiumPath, "chromium", `the e2e tests use ${chromiumPath}`);

export const ensureStrace = () => ensurePackage(stracePath, "strace", "the REST suite traces a server's outbound connections");
