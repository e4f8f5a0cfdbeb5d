import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { answerPortalBuilding, BUILDING_RETRY_S, type PortalBuildStatus, secondsLeft } from "./portalBuilding";

function answer(status: PortalBuildStatus, now: number, path = "/dashboard", method = "GET") {
  const req = { url: path, method } as IncomingMessage;
  const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    writeHead(code: number, headers: Record<string, string>) {
      sent.status = code;
      sent.headers = headers;
    },
    end(body?: string) {
      sent.body = body;
    },
  } as unknown as ServerResponse;
  answerPortalBuilding(req, res, status, now);
  return sent;
}

const started = 1_000_000;
const building: PortalBuildStatus = { startedAt: started, expectedMs: 120_000, failed: false };

describe("the portal's building page", () => {
  it("counts the expected duration down from the start, and never below zero", () => {
    expect(secondsLeft(building, started)).toBe(120);
    expect(secondsLeft(building, started + 45_500)).toBe(75);
    expect(secondsLeft(building, started + 300_000)).toBe(0);
  });

  it("answers a page 503 with Retry-After, a self-refresh and the estimate", () => {
    const sent = answer(building, started + 30_000);
    expect(sent.status).toBe(503);
    expect(sent.headers).toMatchObject({ "Retry-After": String(BUILDING_RETRY_S), "Cache-Control": "no-store" });
    expect(sent.headers?.["Content-Type"]).toMatch(/^text\/html/);
    expect(sent.body).toContain("The portal is building");
    expect(sent.body).toContain("about 90 s left");
    expect(sent.body).toContain(`<meta http-equiv="refresh" content="${BUILDING_RETRY_S}">`);
    // No script: the page lives under the portal's CSP, whose nonce it does not need.
    expect(sent.body).not.toContain("<script");
    expect(answer(building, started + 200_000).body).toContain("longer than expected");
  });

  it("says the build failed, promises no retry and points at the console", () => {
    const sent = answer({ ...building, failed: true }, started + 10_000);
    expect(sent.status).toBe(503);
    expect(sent.headers).not.toHaveProperty("Retry-After");
    expect(sent.body).toContain("The portal could not be built");
    expect(sent.body).toContain("console");
    expect(sent.body).not.toContain('http-equiv="refresh"');
  });

  it("answers the portal's own API paths (tRPC, next-auth) in JSON, and HEAD without a body", () => {
    const sent = answer(building, started, "/api/trpc/teams.list?batch=1");
    expect(sent.headers?.["Content-Type"]).toBe("application/json");
    expect(JSON.parse(sent.body!)).toEqual({ error: "The portal is still building (about 120 s left). The REST API (/api/v1) is running." });
    expect(answer(building, started, "/", "HEAD").body).toBeUndefined();
  });
});
