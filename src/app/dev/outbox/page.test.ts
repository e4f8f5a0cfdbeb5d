import { afterEach, describe, expect, it, vi } from "vitest";
import { LOOPBACK_HEADER } from "@/server/http/loopback";

// The request's headers as Next would give them to the page; the custom server sets the loopback mark.
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current }));

const { default: DevOutboxPage } = await import("./page");

// The e2e sign-in journeys open the outbox from 127.0.0.1 through the custom server with DEV_OUTBOX=true; this
// is every other case.
describe("the dev outbox page", () => {
  afterEach(() => {
    requestHeaders.current = new Headers();
    vi.unstubAllEnvs();
  });

  it("does not exist for a request the server did not mark as coming from this machine", async () => {
    vi.stubEnv("DEV_OUTBOX", "true");
    await expect(DevOutboxPage()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("does not exist without DEV_OUTBOX=true, even from this machine and without SMTP", async () => {
    requestHeaders.current = new Headers({ [LOOPBACK_HEADER]: "1" });
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("EMAIL_FROM", "");
    vi.stubEnv("DEV_OUTBOX", "");
    await expect(DevOutboxPage()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("does not exist once SMTP is configured, even from this machine with DEV_OUTBOX=true", async () => {
    requestHeaders.current = new Headers({ [LOOPBACK_HEADER]: "1" });
    vi.stubEnv("DEV_OUTBOX", "true");
    vi.stubEnv("SMTP_URL", "smtp://mail.example.test:587");
    vi.stubEnv("EMAIL_FROM", "GhostSpeak <no-reply@example.test>");
    await expect(DevOutboxPage()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });
});
