/**
 * The built SDK's retry rules, through a proxy in front of the real server (sdkProxy.ts) that fails first and then
 * lets requests through: network errors, timeouts, 5xx and 429 are retried with backoff (a 429 no sooner than its
 * Retry-After), other 4xx never; a POST keeps its Idempotency-Key across attempts, so a request the server did but
 * whose answer was lost is billed once — read back through the real usage API.
 */
import { ConnectionError, GhostSpeak, InvalidRequestError, type GhostSpeakOptions, type GhostSpeakError, RateLimitError, ServerError } from "@ghostspeak/sdk";
import { describe, expect, it } from "vitest";
import { baseUrl, testAddress, useDatabase } from "./fixtures";
import { useProxy } from "./sdkProxy";

const fx = useDatabase();
const proxy = useProxy(() => baseUrl);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const viaProxy = (apiKey: string, options: Partial<GhostSpeakOptions> = {}) => new GhostSpeak({ apiKey, baseUrl: proxy().url, retryDelayMs: 50, ...options });
const direct = (apiKey: string) => new GhostSpeak({ apiKey, baseUrl });
const problem = (status: number, code: string, headers: Record<string, string> = {}) => ({
  status,
  headers: { "content-type": "application/problem+json", "x-request-id": `proxy-${code}`, ...headers },
  body: JSON.stringify({ type: "about:blank", title: code, status, detail: "made up by the test proxy", code, requestId: `proxy-${code}` }),
});
const rejection = (promise: Promise<unknown>) => promise.then(() => expect.unreachable("it resolved"), (error: GhostSpeakError) => error);
const keysSent = () => proxy().seen.map((s) => s.headers["idempotency-key"]);

describe("SDK retries", () => {
  it("sends a POST whose answer was lost again with the same Idempotency-Key, and it is billed once", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    proxy().script((_, index) => (index === 0 ? { forward: true, dropAnswer: true } : { forward: true }));

    const result = await viaProxy(key).verify({ agentAddress: agent.address });
    expect(result.data.agentAddress).toBe(agent.address);
    expect(result.replayed).toBe(true);
    // The stored body keeps the first request's id; the replay's own header is new.
    expect(result.data.requestId).not.toBe(result.requestId);
    expect(proxy().seen).toHaveLength(2);
    expect(keysSent()[0]).toMatch(UUID);
    expect(keysSent()[1]).toBe(keysSent()[0]);
    expect(proxy().seen[1].body).toBe(proxy().seen[0].body);

    const usage = await direct(key).usage();
    expect(usage.data.totals).toEqual({ calls: 2, billable: 1, costUsd: 0.01 });
  });

  it("retries a proxy's 503 page, a 500 problem and a cut connection, backing off exponentially", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const failures = [{ status: 503, headers: { "content-type": "text/html" }, body: "<h1>down</h1>" }, problem(500, "INTERNAL_ERROR"), { drop: true as const }];
    proxy().script((_, index) => failures[index] ?? { forward: true });

    const result = await viaProxy(key, { maxRetries: 3, retryDelayMs: 100 }).verify({ agentAddress: agent.address });
    expect(result.replayed).toBe(false);
    expect(proxy().seen).toHaveLength(4);
    expect(new Set(keysSent()).size).toBe(1);
    // Equal jitter: retry n waits between half and all of 100 ms × 2^n (plus this machine's scheduling).
    const gaps = proxy().seen.slice(1).map((s, i) => s.at - proxy().seen[i].at);
    gaps.forEach((gap, n) => {
      expect(gap).toBeGreaterThanOrEqual(50 * 2 ** n - 1);
      expect(gap).toBeLessThan(100 * 2 ** n + 300);
    });
    expect((await direct(key).usage()).data.totals).toEqual({ calls: 1, billable: 1, costUsd: 0.01 });
  });

  it("waits out a 429's Retry-After before trying again", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    proxy().script((_, index) => (index === 0 ? problem(429, "RATE_LIMITED", { "retry-after": "1" }) : { forward: true }));
    const result = await viaProxy(key).score(agent.address);
    expect(result.data.ghostScore).toBe(agent.score);
    expect(proxy().seen).toHaveLength(2);
    expect(proxy().seen[1].at - proxy().seen[0].at).toBeGreaterThanOrEqual(999);
  });

  it("fails at once with a RateLimitError when Retry-After asks for longer than it waits (a spend cap)", async () => {
    const { key } = await fx.teamWithKey();
    proxy().script(() => problem(429, "QUOTA_EXCEEDED", { "retry-after": "3600" }));
    const error = await rejection(viaProxy(key).verify({ agentAddress: testAddress(900_000_101) }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: "QUOTA_EXCEEDED", status: 429, retryAfterSeconds: 3600 });
    expect(proxy().seen).toHaveLength(1);
  });

  it("never retries another 4xx", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const gs = viaProxy(key, { maxRetries: 3 });
    await expect(gs.verify({ agentAddress: agent.address, requiredScore: 5000 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(gs.verify({ agentAddress: testAddress(900_000_102) })).rejects.toMatchObject({ code: "AGENT_NOT_FOUND" });
    await gs.verify({ agentAddress: agent.address }, { idempotencyKey: "sdk-retries-409" });
    await expect(gs.verify({ agentAddress: agent.address, returnMetrics: true }, { idempotencyKey: "sdk-retries-409" })).rejects.toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    await expect(viaProxy("gs_live_unknown", { maxRetries: 3 }).usage()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(proxy().seen.map((s) => s.path)).toEqual(["/api/v1/verify", "/api/v1/verify", "/api/v1/verify", "/api/v1/verify", "/api/v1/usage"]);
  });

  it("gives up after maxRetries with the last attempt's error", async () => {
    const { key } = await fx.teamWithKey();
    proxy().script(() => problem(500, "INTERNAL_ERROR"));
    const error = await rejection(viaProxy(key, { maxRetries: 2 }).usage());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: "INTERNAL_ERROR", status: 500, requestId: "proxy-INTERNAL_ERROR" });
    expect(proxy().seen).toHaveLength(3);
  });

  it("times out each attempt on its own, retries, and says TIMEOUT when every attempt timed out", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    proxy().script((_, index) => (index === 0 ? { forward: true, delayMs: 1_000 } : { forward: true }));
    const result = await viaProxy(key, { timeoutMs: 400, maxRetries: 1 }).verify({ agentAddress: agent.address });
    expect(result.data.verified).toBe(true);
    expect(proxy().seen).toHaveLength(2);
    expect(keysSent()[1]).toBe(keysSent()[0]);
    // Had the timed-out attempt still reached the server, it would have been a replay: billed once either way.
    await new Promise((resolve) => setTimeout(resolve, proxy().seen[0].at + 1_100 - performance.now()));
    expect((await direct(key).usage()).data.totals).toMatchObject({ billable: 1, costUsd: 0.01 });

    proxy().script(() => ({ forward: true, delayMs: 2_000 }));
    const started = performance.now();
    const error = await rejection(viaProxy(key, { timeoutMs: 300, maxRetries: 1 }).score(agent.address));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe("TIMEOUT");
    expect(proxy().seen).toHaveLength(4);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("retries a GET too, which carries no Idempotency-Key, and stops when the caller aborts", async () => {
    const { key } = await fx.teamWithKey();
    proxy().script((_, index) => (index === 0 ? { status: 502 } : { forward: true }));
    await viaProxy(key).webhooks.list();
    expect(proxy().seen).toHaveLength(2);
    expect(keysSent()).toEqual([undefined, undefined]);

    proxy().script(() => ({ status: 503 }));
    const controller = new AbortController();
    const pending = viaProxy(key, { retryDelayMs: 5_000, maxRetries: 5 }).usage({}, { signal: controller.signal });
    await expect.poll(() => proxy().seen.length).toBe(3);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy().seen).toHaveLength(3);
  });
});
