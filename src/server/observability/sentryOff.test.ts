/**
 * Without SENTRY_DSN nothing of the SDK is loaded: a process that reports an error and flushes never gets Sentry's
 * global carrier (`globalThis.__SENTRY__`, set as soon as any @sentry package is imported). A child process, so
 * this test process's own imports do not count.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const exec = promisify(execFile);

it("loads no Sentry code when SENTRY_DSN is unset, even on an error path", async () => {
  const script = `
    const { captureUnexpected, flushSentry, initSentry } = await import("./src/server/observability/sentry.ts");
    const started = await initSentry({ component: "server", backend: "embedded" });
    captureUnexpected(new Error("boom"), { requestId: "r1" });
    await flushSentry();
    process.stdout.write(JSON.stringify({ started, loaded: "__SENTRY__" in globalThis }));
  `;
  const { stdout } = await exec(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, SENTRY_DSN: "", SENTRY_BROWSER_DSN: "" },
  });
  expect(JSON.parse(stdout)).toEqual({ started: false, loaded: false });
});
