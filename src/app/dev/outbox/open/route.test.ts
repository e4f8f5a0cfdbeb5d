import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { localOutboxAccessSecret } from "@/server/auth/outboxSeal";
import { logger } from "@/server/http/logger";
import { LOOPBACK_HEADER } from "@/server/http/loopback";
import { GET } from "./route";

const local = { [LOOPBACK_HEADER]: "1" };
const open = (query: string, headers: Record<string, string> = local, origin = "http://localhost:3000") =>
  GET(new NextRequest(`${origin}/dev/outbox/open${query}`, { headers }));

describe("the dev outbox's open link", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ghostspeak-outbox-open-"));
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("EMAIL_FROM", "");
    // The default outside production (vitest runs with NODE_ENV=test): the outbox is on.
    vi.stubEnv("DEV_OUTBOX", "");
    // The key is made on first use, with a warning that names its file.
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("with the right key sets an httpOnly, strict cookie scoped to the outbox and sends the browser there", () => {
    const secret = localOutboxAccessSecret();
    const response = open(`?key=${secret}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dev/outbox");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`ghostspeak-dev-outbox=${secret}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=strict/i);
    expect(cookie).toMatch(/Path=\/dev\/outbox/);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("marks the cookie Secure when the link was opened over https", () => {
    const response = open(`?key=${localOutboxAccessSecret()}`, local, "https://localhost:3000");
    expect(response.headers.get("set-cookie")).toMatch(/Secure/i);
  });

  it("answers 404, and sets nothing, to a wrong or missing key", () => {
    const secret = localOutboxAccessSecret();
    const wrong = `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`;
    for (const query of [`?key=${wrong}`, "", "?key=", `?key=${secret}x`, `?other=${secret}`]) {
      const response = open(query);
      expect(response.status, query).toBe(404);
      expect(response.headers.get("set-cookie"), query).toBeNull();
    }
  });

  it("answers 404 even to the right key when the server did not see it come straight from this machine, or when the outbox is off", () => {
    const secret = localOutboxAccessSecret();
    expect(open(`?key=${secret}`, {}).status).toBe(404);
    vi.stubEnv("DEV_OUTBOX", "false");
    expect(open(`?key=${secret}`).status).toBe(404);
  });
});
