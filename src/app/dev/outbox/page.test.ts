import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { magicLinkMail } from "@/server/auth/magicLink";
import { sendMail } from "@/server/auth/mailer";
import { OUTBOX_ACCESS_COOKIE } from "@/server/auth/outboxAccess";
import { localOutboxAccessSecret } from "@/server/auth/outboxSeal";
import { closeBackend } from "@/server/backend";
import { logger } from "@/server/http/logger";
import { LOOPBACK_HEADER } from "@/server/http/loopback";

// The request as Next would give it to the page; the custom server sets the loopback mark, the open link the cookie.
const request = vi.hoisted(() => ({ headers: new Headers(), cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined) }),
}));

const { default: DevOutboxPage } = await import("./page");

const LINK = "http://localhost:3000/api/auth/callback/email?callbackUrl=%2Fdashboard&token=0123456789abcdef0123456789abcdef&email=ada%40example.test";
const render = async () => renderToStaticMarkup(await DevOutboxPage());

describe("the dev outbox page", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ghostspeak-outbox-page-"));
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("EMAIL_FROM", "");
    // Unset: the default outside production (vitest runs with NODE_ENV=test) keeps mail in the outbox.
    vi.stubEnv("DEV_OUTBOX", "");
    vi.spyOn(logger, "info").mockImplementation(() => undefined);
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
  });
  afterEach(async () => {
    request.headers = new Headers();
    request.cookies.clear();
    vi.restoreAllMocks();
    await closeBackend();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("does not exist for a request the server did not mark as coming from this machine, cookie or not", async () => {
    request.cookies.set(OUTBOX_ACCESS_COOKIE, localOutboxAccessSecret());
    await expect(DevOutboxPage()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("does not exist with DEV_OUTBOX=false, even from this machine and without SMTP", async () => {
    request.headers = new Headers({ [LOOPBACK_HEADER]: "1" });
    vi.stubEnv("DEV_OUTBOX", "false");
    await expect(DevOutboxPage()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("does not exist once SMTP is configured, even from this machine with DEV_OUTBOX=true", async () => {
    request.headers = new Headers({ [LOOPBACK_HEADER]: "1" });
    vi.stubEnv("DEV_OUTBOX", "true");
    vi.stubEnv("SMTP_URL", "smtp://mail.example.test:587");
    vi.stubEnv("EMAIL_FROM", "GhostSpeak <no-reply@example.test>");
    await expect(DevOutboxPage()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("shows no mail from loopback without the access cookie, or with a wrong one, and says where the link is", async () => {
    // Explicitly on: only the missing cookie keeps the mail hidden.
    vi.stubEnv("DEV_OUTBOX", "true");
    await sendMail(magicLinkMail("ada@example.test", LINK));
    request.headers = new Headers({ [LOOPBACK_HEADER]: "1" });
    for (const cookie of [undefined, "x".repeat(43)]) {
      if (cookie) request.cookies.set(OUTBOX_ACCESS_COOKIE, cookie);
      const html = await render();
      expect(html).toContain("open the dev outbox link printed in the server&#x27;s console");
      expect(html).not.toContain("ada@example.test");
      expect(html).not.toContain("/api/auth/callback/email");
    }
  });

  it("shows the mail, its link clickable, to the browser holding the access cookie", async () => {
    await sendMail(magicLinkMail("ada@example.test", LINK));
    request.headers = new Headers({ [LOOPBACK_HEADER]: "1" });
    request.cookies.set(OUTBOX_ACCESS_COOKIE, localOutboxAccessSecret());
    const html = await render();
    expect(html).toContain("ada@example.test");
    expect(html).toContain(`href="${LINK.replaceAll("&", "&amp;")}"`);
  });
});
