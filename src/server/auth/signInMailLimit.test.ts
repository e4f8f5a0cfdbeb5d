/**
 * The sign-in mail limit at next-auth's door, on the embedded engine: the sixth request for one address (however
 * it is spelt) is answered as next-auth answers an error, with a code the sign-in form puts in words, and a
 * request next-auth would refuse anyway is left to it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SIGN_IN_MAILS_PER_ADDRESS, SIGN_IN_MAILS_PER_CLIENT } from "../../../convex/signInMail";
import { closeBackend } from "../backend";
import { CLIENT_ADDRESS_HEADER } from "../http/clientAddress";
import { clientKey, signInMailRefusal } from "./signInMailLimit";

const BASE = "http://localhost:3000";

function signInRequest(email: string, options: { json?: boolean; client?: string } = {}): Request {
  const body = new URLSearchParams({ email, csrfToken: "x", callbackUrl: `${BASE}/dashboard`, ...(options.json === false ? {} : { json: "true" }) });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (options.client) headers[CLIENT_ADDRESS_HEADER] = options.client;
  return new Request(`${BASE}/api/auth/signin/email`, { method: "POST", headers, body });
}

describe("the sign-in mail limit", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ghostspeak-signin-limit-"));
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("NEXTAUTH_URL", BASE);
  });
  afterEach(async () => {
    await closeBackend();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets five requests for an address through, however spelt, and refuses the sixth as next-auth's client expects", async () => {
    const spellings = ["ada@example.test", " ADA@example.test", "Ada@Example.Test ", "ada@example.test", "ada@EXAMPLE.test"];
    expect(spellings).toHaveLength(SIGN_IN_MAILS_PER_ADDRESS);
    for (const email of spellings) expect(await signInMailRefusal(signInRequest(email, { client: "203.0.113.7" }))).toBeNull();

    const refused = (await signInMailRefusal(signInRequest("ada@example.test", { client: "203.0.113.7" })))!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ url: `${BASE}/signin?error=SignInMailAddressLimit` });

    const plainForm = (await signInMailRefusal(signInRequest("ada@example.test", { json: false })))!;
    expect(plainForm.status).toBe(302);
    expect(plainForm.headers.get("location")).toBe(`${BASE}/signin?error=SignInMailAddressLimit`);
  });

  it("refuses a client address past its limit across addresses, counting an IPv6 client by its /64", async () => {
    for (let i = 0; i < SIGN_IN_MAILS_PER_CLIENT; i++) {
      expect(await signInMailRefusal(signInRequest(`user${i}@example.test`, { client: `2001:db8:1:2::${i.toString(16)}` }))).toBeNull();
    }
    const refused = (await signInMailRefusal(signInRequest("next@example.test", { client: "2001:db8:1:2:ffff::1" })))!;
    expect(await refused.json()).toEqual({ url: `${BASE}/signin?error=SignInMailClientLimit` });
    expect(await signInMailRefusal(signInRequest("next@example.test", { client: "2001:db8:1:3::1" }))).toBeNull();
  });

  it("leaves to next-auth what is no sign-in mail request or no address it would accept", async () => {
    for (let i = 0; i < 10; i++) expect(await signInMailRefusal(signInRequest("a@b.test,evil@x.test"))).toBeNull();
    expect(await signInMailRefusal(new Request(`${BASE}/api/auth/signin/email`))).toBeNull();
    expect(await signInMailRefusal(new Request(`${BASE}/api/auth/session`, { method: "POST", body: "email=a@b.test" }))).toBeNull();
  });

  it("counts an IPv6 client by its /64 and an IPv4-mapped one as IPv4", () => {
    expect(clientKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
  });
});
