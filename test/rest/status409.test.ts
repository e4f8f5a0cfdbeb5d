/** Idempotency-Key: a replay answers the stored answer, marked and not billed; another body under the key is 409. */
import { describe, expect, it } from "vitest";
import { call, testAddress, useDatabase, verifyCall } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("409 IDEMPOTENCY_CONFLICT and replays", () => {
  it("replays the same body, refuses another, and bills once", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const [a, b] = [await fx.agent(), await fx.agent()];
    const headers = { "Idempotency-Key": `order-${Date.now()}` };
    const first = await verifyCall(key, a.address, {}, headers);
    const firstText = await first.text();
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    // The stored body byte for byte, the original requestId in it; the replay's own X-Request-Id is new.
    const replay = await verifyCall(key, a.address, {}, headers);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe(firstText);
    expect(JSON.parse(firstText).requestId).toBe(first.headers.get("x-request-id"));
    expect(replay.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));

    await expectProblem(await verifyCall(key, b.address, {}, headers), 409, "IDEMPOTENCY_CONFLICT");
    await expectProblem(await call("/api/v1/verify/batch", { key, body: { agents: [a.address] }, headers }), 409, "IDEMPOTENCY_CONFLICT");

    const batchHeaders = { "Idempotency-Key": `batch-${Date.now()}` };
    const batch = await call("/api/v1/verify/batch", { key, body: { agents: [a.address, b.address] }, headers: batchHeaders });
    const batchReplay = await call("/api/v1/verify/batch", { key, body: { agents: [a.address, b.address] }, headers: batchHeaders });
    expect(batchReplay.headers.get("idempotent-replayed")).toBe("true");
    const [x, y] = [await batch.json(), await batchReplay.json()];
    expect({ ...y, timing: undefined }).toEqual({ ...x, timing: undefined });

    const { events, periods } = await fx.usage(teamId);
    expect(events.map((e) => [e.status, e.costMicroUsd])).toEqual([[200, 10_000], [200, 0], [409, 0], [409, 0], [200, 10_000], [200, 0]]);
    expect(periods[0].costMicroUsd).toBe(20_000);
  });

  it("replays a stored problem byte for byte too, with the original requestId", async () => {
    const { key } = await fx.teamWithKey();
    const headers = { "Idempotency-Key": `missing-${Date.now()}` };
    const unknown = testAddress(987_123_456);
    const first = await verifyCall(key, unknown, {}, headers);
    const text = await first.text();
    expect(first.status).toBe(404);
    const replay = await verifyCall(key, unknown, {}, headers);
    expect(replay.status).toBe(404);
    expect(replay.headers.get("content-type")).toBe("application/problem+json");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.text()).toBe(text);
    expect(replay.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
  });
});
