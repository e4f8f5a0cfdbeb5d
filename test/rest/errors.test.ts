/**
 * Routing answers, RFC 9457 like every error: 404 NOT_FOUND for a path no route serves, 405 METHOD_NOT_ALLOWED with
 * `Allow` for a known route asked with another method. Routing comes before authentication (the route decides
 * whether a key is needed), so these need no key and record nothing. The body rules (400, 413, 415) come after
 * authentication: status400/413/415.test.ts.
 */
import { describe, expect, it } from "vitest";
import { baseUrl, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

async function routingProblem(response: Response, status: number, code: string) {
  const body = await expectProblem(response, status, code);
  expect(typeof body.type).toBe("string");
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  return body;
}

describe("routing errors are RFC 9457 problems", () => {
  it("404 NOT_FOUND for an unknown route, on either prefix", async () => {
    const v1 = await routingProblem(await fetch(`${baseUrl}/api/v1/no-such-thing`), 404, "NOT_FOUND");
    expect(v1.type).toBe("/docs#not-found");
    expect(v1.detail).toContain("/api/v1/no-such-thing");
    await routingProblem(await fetch(`${baseUrl}/api/internal/no-such-thing`), 404, "NOT_FOUND");
    await routingProblem(await fetch(`${baseUrl}/api/v1/agents`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }), 404, "NOT_FOUND");
  });

  it("405 METHOD_NOT_ALLOWED with Allow for another method on a known route, with or without a key", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const cases: [string, string, string][] = [
      ["DELETE", "/api/v1/verify", "POST"],
      ["GET", "/api/v1/verify/batch", "POST"],
      ["POST", "/api/v1/agents/7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU/score", "GET, HEAD"],
      ["PUT", "/api/v1/webhooks", "GET, HEAD, POST"],
      ["PATCH", "/api/v1/webhooks/some-id", "GET, HEAD, DELETE"],
      ["GET", "/api/v1/webhooks/some-id/rotate-secret", "POST"],
      ["POST", "/api/v1/openapi.json", "GET, HEAD"],
      ["DELETE", "/api/health", "GET, HEAD"],
    ];
    for (const [method, pathname, allow] of cases) {
      for (const headers of [{}, { "X-API-Key": key }] as Record<string, string>[]) {
        const response = await fetch(`${baseUrl}${pathname}`, { method, headers });
        const body = await routingProblem(response, 405, "METHOD_NOT_ALLOWED");
        expect(response.headers.get("allow"), `${method} ${pathname}`).toBe(allow);
        expect(body.detail).toContain(method);
      }
    }
    expect((await fx.usage(teamId)).events).toEqual([]);
  });
});
