/**
 * Property tests: random and hostile bodies, headers and addresses against every endpoint, with a valid key.
 * Never a 500, every answer is JSON or a problem, and only answered 200s are ever charged.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";

const fx = useDatabase();

/** Strings a hostile client would try: control characters, unicode, huge numbers as text, base58 look-alikes. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", " ", "null", "__proto__", "constructor", "1e309", "-0", "%00", "../../etc/passwd", "0OIl", "1".repeat(44), "\u0000\u202e"),
);
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(hostileString, tie("value"), { maxKeys: 5 }),
  ),
})).value;

describe("hostile input", () => {
  it("never answers 500 and never charges a refused call", async () => {
    const { teamId, key } = await fx.teamWithKey("enterprise");
    const agent = await fx.agent();
    const address = fc.oneof(hostileString, fc.constant(agent.address));
    const charged: number[] = [];

    const body = fc.oneof(
      jsonish,
      fc.record({ agentAddress: address, requiredScore: fc.option(jsonish), returnMetrics: fc.option(jsonish) }, { requiredKeys: ["agentAddress"] }),
      fc.record({ agents: fc.array(address, { maxLength: 120 }), requiredScore: fc.option(fc.oneof(fc.integer(), jsonish)) }, { requiredKeys: ["agents"] }),
      fc.string({ maxLength: 80 }).map((text) => ({ raw: text })),
    );
    const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,80}$/);

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/v1/verify", "/api/v1/verify/batch"),
        body,
        fc.record({ idempotency: fc.option(headerValue), contentType: fc.option(fc.constantFrom("application/json", "text/plain", "application/json; charset=utf-16", "")) }),
        async (path, payload, headers) => {
          const extra: Record<string, string> = {};
          if (headers.idempotency !== null) extra["Idempotency-Key"] = headers.idempotency;
          if (headers.contentType !== null) extra["Content-Type"] = headers.contentType;
          const raw = typeof payload === "object" && payload !== null && "raw" in payload ? (payload as { raw: string }).raw : JSON.stringify(payload ?? null);
          const response = await call(path, { key, body: raw, headers: extra });
          expect(response.status, `${path} ${raw}`).toBeLessThan(500);
          const type = response.headers.get("content-type") ?? "";
          expect(type).toMatch(/^application\/(problem\+)?json/);
          const answer = (await response.json()) as { cost?: { amountUsd: number }; requestId: string };
          if (response.status === 200 && response.headers.get("idempotent-replayed") !== "true") {
            charged.push(path === "/api/v1/verify" ? 10_000 : Math.round((answer.cost?.amountUsd ?? 0) * 1_000_000));
          }
        },
      ),
      { numRuns: 150 },
    );

    await fc.assert(
      fc.asyncProperty(address, fc.option(headerValue), async (candidate, ifNoneMatch) => {
        const response = await call(`/api/v1/agents/${encodeURIComponent(candidate)}/score`, { key, headers: ifNoneMatch === null ? {} : { "If-None-Match": ifNoneMatch } });
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) charged.push(5_000);
      }),
      { numRuns: 60 },
    );

    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom("from", "to", "granularity", "x"), hostileString, { maxKeys: 3 }), async (query) => {
        const response = await call(`/api/v1/usage?${new URLSearchParams(query)}`, { key });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );

    // Hostile keys: always the one 401.
    await fc.assert(
      fc.asyncProperty(headerValue, async (badKey) => {
        const response = await call("/api/v1/verify", { body: { agentAddress: agent.address }, headers: { "X-API-Key": badKey } });
        expect([400, 401]).toContain(response.status);
      }),
      { numRuns: 40 },
    );

    const { events, periods } = await fx.usage(teamId);
    expect(events.filter((e) => e.status !== 200).every((e) => !e.billable && e.costMicroUsd === 0)).toBe(true);
    const total = charged.reduce((a, b) => a + b, 0);
    expect(events.reduce((sum, e) => sum + e.costMicroUsd, 0)).toBe(total);
    expect(periods[0]?.costMicroUsd ?? 0).toBe(total);
  }, 120_000);
});
