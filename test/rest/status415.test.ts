/** 415: a body of another media type, once the key is known good: recorded (never billed) with the rate-limit headers. */
import { describe, expect, it } from "vitest";
import { call, RATE_LIMIT_HEADERS, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

async function unsupported(response: Response) {
  for (const header of RATE_LIMIT_HEADERS) expect(response.headers.get(header), header).not.toBeNull();
  return expectProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
}

describe("415 UNSUPPORTED_MEDIA_TYPE", () => {
  it("refuses form and text bodies on the POST endpoints, and records them", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const text = { "Content-Type": "text/plain" };
    await unsupported(await call("/api/v1/verify", { key, body: JSON.stringify({ agentAddress: agent.address }), headers: text }));
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    await unsupported(await call("/api/v1/verify/batch", { key, body: `agents=${agent.address}`, headers: form }));
    await unsupported(await call("/api/v1/webhooks", { key, body: "url=https://example.com/", headers: form }));
    const { events } = await fx.usage(teamId);
    expect(events.map((e) => `${e.method} ${e.endpoint} ${e.status} ${e.billable}`)).toEqual([
      "POST /api/v1/verify 415 false",
      "POST /api/v1/verify/batch 415 false",
      "POST /api/v1/webhooks 415 false",
    ]);
  });

  it("takes JSON media types with parameters and +json suffixes", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    for (const type of ["application/json; charset=utf-8", "application/merge-patch+json"]) {
      const response = await call("/api/v1/verify", { key, body: { agentAddress: agent.address }, headers: { "Content-Type": type } });
      expect(response.status, type).toBe(200);
    }
  });
});
