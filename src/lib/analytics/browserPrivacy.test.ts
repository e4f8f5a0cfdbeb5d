import { describe, expect, it } from "vitest";
import { browserOptsOut, requestOptsOut, scrubEvent, scrubUrl } from "./browserPrivacy";

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

describe("browser analytics privacy", () => {
  it("treats DNT and Global Privacy Control as a no, from the request and from the browser", () => {
    expect(requestOptsOut(headers({}))).toBe(false);
    expect(requestOptsOut(headers({ dnt: "1" }))).toBe(true);
    expect(requestOptsOut(headers({ "sec-gpc": "1" }))).toBe(true);
    expect(requestOptsOut(headers({ dnt: "0" }))).toBe(false);
    expect(browserOptsOut({ doNotTrack: null })).toBe(false);
    expect(browserOptsOut({ doNotTrack: "1" })).toBe(true);
    expect(browserOptsOut({ globalPrivacyControl: true })).toBe(true);
    expect(browserOptsOut({}, { doNotTrack: "1" })).toBe(true);
    expect(browserOptsOut(undefined)).toBe(true);
  });

  it("keeps no query, fragment or invite token in a URL", () => {
    expect(scrubUrl("https://portal.test/api/auth/callback/email?token=abc123abc123abc123&email=a%40b.test")).toBe("https://portal.test/api/auth/callback/email");
    expect(scrubUrl("https://portal.test/invites/Zk3v9Q_x-longtokenlongtokenlongtokenlongtok#x")).toBe("https://portal.test/invites/:token");
    expect(scrubUrl("/invites/abc/accept?x=1")).toBe("/invites/:token/accept");
    expect(scrubUrl("/t/k57abc/keys")).toBe("/t/k57abc/keys");
    expect(scrubUrl("$direct")).toBe("$direct");
    expect(scrubUrl(3)).toBe(3);
  });

  it("scrubs every URL property of an event and of what it sets on the person", () => {
    const event = scrubEvent({
      properties: { $current_url: "https://p.test/signin?callbackUrl=%2Finvites%2Fsecret", $pathname: "/invites/secret", $referrer: "https://mail.test/?q=me@x.test", $session_entry_url: "https://p.test/?token=abc", link: "https://x.test/a?b=c", title: "Keys" },
      $set_once: { $initial_current_url: "https://p.test/invites/secret?token=1" },
    });
    expect(event.properties).toEqual({ $current_url: "https://p.test/signin", $pathname: "/invites/:token", $referrer: "https://mail.test/", $session_entry_url: "https://p.test/", link: "https://x.test/a", title: "Keys" });
    expect(event.$set_once).toEqual({ $initial_current_url: "https://p.test/invites/:token" });
    expect(JSON.stringify(event)).not.toMatch(/secret|token=|@/);
  });
});
