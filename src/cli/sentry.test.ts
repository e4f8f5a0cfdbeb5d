/**
 * The CLI reports a crash to Sentry (real SDK, local receiver) once before it exits, and a usage error never.
 * The crash: DATA_DIR names a file, so the embedded database cannot be opened.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSentryReceiver, type SentryReceiver } from "@/testing/sentryReceiver";

const exec = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "ghostspeak-cli-sentry-"));
let receiver: SentryReceiver;

beforeAll(async () => {
  receiver = await startSentryReceiver();
});
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

async function admin(dataDir: string, ...args: string[]): Promise<number> {
  try {
    await exec(process.execPath, ["--import", "tsx", "src/cli/admin.ts", ...args], {
      env: { ...process.env, DATA_DIR: dataDir, SENTRY_DSN: receiver.dsn, CONVEX_URL: "" },
    });
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

it("reports a crash once, tagged cli, and a usage error never", async () => {
  expect(await admin(path.join(dir, "data"), "no-such", "command")).toBe(1);
  const notADir = path.join(dir, "file");
  writeFileSync(notADir, "not a directory");
  expect(await admin(notADir, "team", "create", "--name", "Acme", "--owner", "ops@acme.dev")).toBe(1);
  // The CLI flushed before exiting: the event is here already.
  const events = receiver.events();
  expect(events).toHaveLength(1);
  expect(events[0]!.tags).toMatchObject({ component: "cli", backend: "embedded", route: "cli team create" });
  expect(JSON.stringify(receiver.envelopes.map((envelope) => envelope.raw))).not.toContain("ops@acme.dev");
}, 60_000);
