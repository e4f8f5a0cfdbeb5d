import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";

// A signed-out visitor; the page asks next-auth only whether someone is signed in.
vi.mock("@/server/auth/session", () => ({ getSession: async () => null }));

const { default: SignInPage } = await import("./page");

async function render(params: Record<string, string> = {}): Promise<string> {
  return renderToStaticMarkup(await SignInPage({ searchParams: Promise.resolve(params) }));
}

describe("the sign-in page", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("says sign-in mail is not configured, and offers no form, when the server can send no mail", async () => {
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("EMAIL_FROM", "");
    vi.stubEnv("DEV_OUTBOX", "false");
    const html = await render();
    expect(html).toContain("Sign-in mail is not configured on this server");
    expect(html).not.toContain("Email me a sign-in link");
  });

  it("offers the form with SMTP, and with the dev outbox", async () => {
    vi.stubEnv("SMTP_URL", "smtp://mail.example.test:587");
    vi.stubEnv("EMAIL_FROM", "GhostSpeak <no-reply@example.test>");
    expect(await render()).toContain("Email me a sign-in link");
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("DEV_OUTBOX", "true");
    expect(await render()).toContain("Email me a sign-in link");
  });

  it("explains a sign-in mail limit in words", async () => {
    vi.stubEnv("DEV_OUTBOX", "true");
    expect(await render({ error: "SignInMailAddressLimit" })).toContain("Too many sign-in links were asked for this address");
  });

  it("prefills the address a link names, and only a valid one", async () => {
    vi.stubEnv("DEV_OUTBOX", "true");
    expect(await render({ email: "new@acme.test", callbackUrl: "/invites/x" })).toMatch(/<input[^>]*value="new@acme.test"/);
    expect(await render({ email: "nonsense" })).not.toMatch(/<input[^>]*value=/);
  });
});
