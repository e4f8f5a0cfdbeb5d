/**
 * The dev outbox through the real mailer and the embedded engine: a magic link's token is nowhere but in the
 * sealed mail (not in the database file, not on stderr, not in a log line), and the outbox page can still open
 * it. Without SMTP and with DEV_OUTBOX=false, nothing is kept and the caller gets a clear error.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "../../../convex/_generated/api";
import { closeBackend, getBackend } from "../backend";
import { logger } from "../http/logger";
import { magicLinkMail } from "./magicLink";
import { MailNotConfiguredError, sendMail } from "./mailer";
import { openMailBody } from "./outboxSeal";

const TOKEN = "5c1f0e7d2b9a48c6b3e1d0f9a8c7b6e5d4c3b2a1908f7e6d5c4b3a2918f7e6d5";
const URL_WITH_TOKEN = `http://localhost:3000/api/auth/callback/email?callbackUrl=%2Fdashboard&token=${TOKEN}&email=ada%40example.test`;

describe("sendMail without SMTP", () => {
  let dir: string;
  let printed: string[];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ghostspeak-mailer-"));
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("EMAIL_FROM", "");
    printed = [];
    const capture = (chunk: unknown) => {
      printed.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stderr, "write").mockImplementation(capture);
    vi.spyOn(process.stdout, "write").mockImplementation(capture);
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
      vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => void printed.push(JSON.stringify(args))) as never);
    }
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await closeBackend();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("with DEV_OUTBOX=true keeps the mail sealed: the token is in no database file and no output, and the outbox opens it", async () => {
    vi.stubEnv("DEV_OUTBOX", "true");
    await sendMail(magicLinkMail("ada@example.test", URL_WITH_TOKEN));

    const [row] = await (await getBackend()).query(api.devOutbox.list, {});
    expect(row).toMatchObject({ to: "ada@example.test", subject: "Sign in to GhostSpeak" });
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect((await openMailBody(row.bodyCiphertext!))?.text).toContain(URL_WITH_TOKEN);

    await closeBackend();
    const files = readdirSync(dir);
    expect(files.some((file) => file.endsWith(".db"))).toBe(true);
    for (const file of files) expect(readFileSync(path.join(dir, file)).includes(TOKEN), file).toBe(false);
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.join("\n")).not.toContain(TOKEN);
  });

  it("with DEV_OUTBOX=false refuses with a clear error and keeps nothing", async () => {
    vi.stubEnv("DEV_OUTBOX", "false");
    await expect(sendMail(magicLinkMail("ada@example.test", URL_WITH_TOKEN))).rejects.toBeInstanceOf(MailNotConfiguredError);
    await expect(sendMail(magicLinkMail("ada@example.test", URL_WITH_TOKEN))).rejects.toThrow(/SMTP_URL and EMAIL_FROM are not set/);
    expect(await (await getBackend()).query(api.devOutbox.list, {})).toEqual([]);
    expect(printed.join("\n")).not.toContain(TOKEN);
  });
});
