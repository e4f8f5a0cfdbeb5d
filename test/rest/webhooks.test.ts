/**
 * The webhook routes over real HTTP (SPEC §2, §4), against a server of their own with private URLs allowed, so
 * deliveries reach a receiver on 127.0.0.1; signatures are checked with the standardwebhooks library. Also the
 * durability of a delivery: the server is killed with SIGKILL while an attempt is in flight and restarted on the
 * same data; the event still arrives, with the same webhook-id.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, RATE_LIMIT_HEADERS, testAddress, useDatabase } from "./fixtures";
import { startChildServer, type ChildServer } from "./server";
import { startWebhookReceiver, waitFor, type WebhookReceiver } from "@/testing/webhookReceiver";

const INGEST_TOKEN = "webhook-suite-ingest-token-0c1d";
const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-webhooks-"));
const fx = useDatabase(dataDir);
let server: ChildServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startChildServer({ WEBHOOK_ALLOW_PRIVATE_URLS: "true", INGEST_TOKEN }, { dataDir });
}, 90_000);
afterAll(async () => {
  await server?.stop(2_000);
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (pathname: string, key: string, options: { method?: string; body?: unknown } = {}) => call(pathname, { key, ...options }, server.url);

describe("/api/v1/webhooks", () => {
  it("creates (201 with the secret), lists, shows, tests, rotates and deletes, each call recorded free of charge", async () => {
    const { teamId, key } = await fx.teamWithKey("growth");
    const created = await api("/api/v1/webhooks", key, { body: { url: receiver.url, events: ["webhook.test", "score.updated"], description: "CI" } });
    expect(created.status).toBe(201);
    for (const header of RATE_LIMIT_HEADERS) expect(created.headers.get(header)).not.toBeNull();
    const { webhook, secret } = (await created.json()) as { webhook: { id: string; createdAt: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ url: receiver.url, events: ["webhook.test", "score.updated"], description: "CI", status: "active" });
    expect(Date.parse(webhook.createdAt)).toBeGreaterThan(0);

    const listed = (await (await api("/api/v1/webhooks", key)).json()) as { webhooks: object[] };
    expect(listed.webhooks).toEqual([webhook]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));

    const before = receiver.received.length;
    const test = await api(`/api/v1/webhooks/${webhook.id}/test`, key, { method: "POST" });
    expect(test.status).toBe(202);
    const { eventId, deliveryId } = (await test.json()) as { eventId: string; deliveryId: string };
    const request = await waitFor(() => receiver.received[before]);
    const payload = new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    expect(payload).toMatchObject({ id: eventId, type: "webhook.test" });

    let shown: { deliveries: { id: string; status: string; attempts: { status?: number; durationMs: number }[] }[] } | undefined;
    for (let i = 0; i < 100 && shown?.deliveries[0]?.status !== "delivered"; i++) {
      shown = (await (await api(`/api/v1/webhooks/${webhook.id}`, key)).json()) as typeof shown;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(shown!.deliveries).toEqual([
      { id: deliveryId, eventId, type: "webhook.test", status: "delivered", attempts: [{ at: expect.any(String), status: 200, durationMs: expect.any(Number) }] },
    ]);

    const rotated = await api(`/api/v1/webhooks/${webhook.id}/rotate-secret`, key, { method: "POST" });
    expect(rotated.status).toBe(200);
    const { secret: fresh } = (await rotated.json()) as { secret: string };
    const next = receiver.received.length;
    await api(`/api/v1/webhooks/${webhook.id}/test`, key, { method: "POST" });
    const signedTwice = await waitFor(() => receiver.received[next]);
    expect(String(signedTwice.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    new Webhook(fresh).verify(signedTwice.body, signedTwice.headers as Record<string, string>);
    new Webhook(secret).verify(signedTwice.body, signedTwice.headers as Record<string, string>);

    const deleted = await api(`/api/v1/webhooks/${webhook.id}`, key, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await api(`/api/v1/webhooks/${webhook.id}`, key)).status).toBe(404);

    const { events } = await fx.usage(teamId);
    const recorded = events.map((event) => `${event.method} ${event.endpoint} ${event.status}`);
    // The detail was polled until the delivery showed as delivered: once or more.
    const polls = recorded.filter((line) => line === "GET /api/v1/webhooks/{id} 200").length;
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(recorded).toEqual([
      "POST /api/v1/webhooks 201",
      "GET /api/v1/webhooks 200",
      "POST /api/v1/webhooks/{id}/test 202",
      ...Array<string>(polls).fill("GET /api/v1/webhooks/{id} 200"),
      "POST /api/v1/webhooks/{id}/rotate-secret 200",
      "POST /api/v1/webhooks/{id}/test 202",
      "DELETE /api/v1/webhooks/{id} 204",
      "GET /api/v1/webhooks/{id} 404",
    ]);
    expect(events.every((event) => event.costMicroUsd === 0 && !event.billable)).toBe(true);
  });

  it("refuses bad settings, unknown and other teams' endpoints, and the plan's extra endpoint", async () => {
    const { key } = await fx.teamWithKey("startup");
    const other = await fx.teamWithKey("growth");
    const problem = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(((await response.json()) as { code: string }).code).toBe(code);
    };
    await problem(await api("/api/v1/webhooks", key, { body: { url: receiver.url, events: [] } }), 400, "VALIDATION_ERROR");
    await problem(await api("/api/v1/webhooks", key, { body: { url: receiver.url, events: ["score.updated"], agentAddresses: ["nope"] } }), 400, "VALIDATION_ERROR");
    await problem(await api("/api/v1/webhooks", key, { body: { url: "ftp://example.com/x", events: ["score.updated"] } }), 400, "VALIDATION_ERROR");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await api("/api/v1/webhooks", key, { body: { url: receiver.url, events: ["score.updated"] } });
      ids.push(((await response.json()) as { webhook: { id: string } }).webhook.id);
    }
    await problem(await api("/api/v1/webhooks", key, { body: { url: receiver.url, events: ["score.updated"] } }), 403, "FORBIDDEN");
    await problem(await api(`/api/v1/webhooks/${ids[0]}`, other.key), 404, "NOT_FOUND");
    await problem(await api(`/api/v1/webhooks/${ids[0]}`, other.key, { method: "DELETE" }), 404, "NOT_FOUND");
    await problem(await api("/api/v1/webhooks/not-an-id", key), 404, "NOT_FOUND");
    await problem(await api("/api/v1/webhooks", "gs_live_nope"), 401, "UNAUTHORIZED");
  });

  it("honours Idempotency-Key on create, test and rotate: replays byte for byte, 409 on another body, no secret in clear at rest", async () => {
    const { teamId, key } = await fx.teamWithKey("growth");
    const post = (pathname: string, idempotencyKey: string, body?: unknown) =>
      call(pathname, { key, method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } }, server.url);
    const replayOf = async (first: Response, again: Response) => {
      const text = await first.text();
      expect(again.status).toBe(first.status);
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.text()).toBe(text);
      expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
      return JSON.parse(text) as Record<string, unknown>;
    };
    const conflict = async (response: Response) => {
      expect(response.status).toBe(409);
      expect(((await response.json()) as { code: string }).code).toBe("IDEMPOTENCY_CONFLICT");
    };

    const settings = { url: `${receiver.url}/idempotent`, events: ["webhook.test"] };
    const createKey = `create-${Date.now()}`;
    const created = (await replayOf(await post("/api/v1/webhooks", createKey, settings), await post("/api/v1/webhooks", createKey, settings))) as {
      webhook: { id: string };
      secret: string;
    };
    await conflict(await post("/api/v1/webhooks", createKey, { ...settings, description: "another" }));
    expect(((await (await api("/api/v1/webhooks", key)).json()) as { webhooks: unknown[] }).webhooks).toHaveLength(1);

    const { id } = created.webhook;
    const testKey = `test-${Date.now()}`;
    const sent = await replayOf(await post(`/api/v1/webhooks/${id}/test`, testKey), await post(`/api/v1/webhooks/${id}/test`, testKey));
    await conflict(await post(`/api/v1/webhooks/${id}/test`, testKey, {}));
    await conflict(await post(`/api/v1/webhooks/${id}/rotate-secret`, testKey));

    const rotateKey = `rotate-${Date.now()}`;
    const rotated = (await replayOf(await post(`/api/v1/webhooks/${id}/rotate-secret`, rotateKey), await post(`/api/v1/webhooks/${id}/rotate-secret`, rotateKey))) as {
      secret: string;
    };
    // Rotated once: the next delivery is signed by the new secret and the one it replaced, nothing else.
    const before = receiver.received.length;
    await api(`/api/v1/webhooks/${id}/test`, key, { method: "POST" });
    const signed = await waitFor(() => receiver.received.slice(before).find((r) => r.path === "/hook/idempotent"));
    expect(String(signed.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    new Webhook(rotated.secret).verify(signed.body, signed.headers as Record<string, string>);
    new Webhook(created.secret).verify(signed.body, signed.headers as Record<string, string>);

    const shown = (await (await api(`/api/v1/webhooks/${id}`, key)).json()) as { deliveries: { eventId: string }[] };
    expect(shown.deliveries.filter((d) => d.eventId === sent.eventId)).toHaveLength(1);

    const records = await fx.db().run((ctx) => ctx.db.query("idempotencyRecords").collect());
    const mine = records.filter((r) => r.teamId === teamId);
    expect(mine).toHaveLength(3);
    for (const secret of [created.secret, rotated.secret]) {
      expect(JSON.stringify(mine)).not.toContain(secret.slice("whsec_".length, "whsec_".length + 16));
    }
  });

  it("delivers score events from ingested signals to the endpoints filtering on that agent", async () => {
    const { key } = await fx.teamWithKey("growth");
    const [watched, ignored] = [testAddress(910_001), testAddress(910_002)];
    // Its own path: other tests' endpoints take every agent's score events.
    const created = await api("/api/v1/webhooks", key, { body: { url: `${receiver.url}/watched`, events: ["score.updated"], agentAddresses: [watched] } });
    const { secret } = (await created.json()) as { secret: string };
    const before = receiver.received.length;
    const at = new Date().toISOString();
    const lines = [watched, ignored].map((agentAddress, i) => JSON.stringify({ id: `wh-sig-${i}-${Date.now()}`, type: "job", agentAddress, at, success: true, responseTimeMs: 300 }));
    const ingested = await fetch(`${server.url}/api/internal/v1/signals`, {
      method: "POST",
      headers: { Authorization: `Bearer ${INGEST_TOKEN}`, "Content-Type": "application/x-ndjson" },
      body: lines.join("\n"),
    });
    expect(ingested.status).toBe(200);
    const mine = () => receiver.received.slice(before).filter((r) => r.path === "/hook/watched");
    const request = await waitFor(() => mine()[0]);
    const payload = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { data: { agentAddress: string } };
    expect(payload.data.agentAddress).toBe(watched);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mine()).toHaveLength(1);
  });
});

describe("a receiver that does not answer", () => {
  it("is given 10 s, then the attempt fails with a timeout and the delivery waits for its retry", async () => {
    const { key } = await fx.teamWithKey("growth");
    const created = await api("/api/v1/webhooks", key, { body: { url: `${receiver.url}/slow`, events: ["webhook.test"] } });
    const { webhook } = (await created.json()) as { webhook: { id: string } };
    receiver.hold = true;
    try {
      const sent = performance.now();
      await api(`/api/v1/webhooks/${webhook.id}/test`, key, { method: "POST" });
      let delivery: { status: string; attempts: { error?: string; durationMs: number }[]; nextAttemptAt?: string } | undefined;
      while (!delivery?.attempts.length) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        delivery = ((await (await api(`/api/v1/webhooks/${webhook.id}`, key)).json()) as { deliveries: (typeof delivery)[] }).deliveries[0];
      }
      expect(performance.now() - sent).toBeGreaterThanOrEqual(10_000);
      expect(delivery.status).toBe("pending");
      expect(delivery.attempts[0].error).toBe("No answer within 10 s.");
      // No HTTP answer: the attempt's status is null, not left out (SPEC §2).
      expect(delivery.attempts[0]).toHaveProperty("status", null);
      expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(9_900);
      expect(Date.parse(delivery.nextAttemptAt!) - Date.now()).toBeGreaterThan(30_000);
    } finally {
      receiver.hold = false;
    }
  }, 30_000);
});

describe("the OpenAPI document", () => {
  it("documents every webhook route with its answers", async () => {
    const document = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/api/v1/webhooks"))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        "POST /api/v1/webhooks",
        "GET /api/v1/webhooks",
        "GET /api/v1/webhooks/{id}",
        "DELETE /api/v1/webhooks/{id}",
        "POST /api/v1/webhooks/{id}/test",
        "POST /api/v1/webhooks/{id}/rotate-secret",
      ].sort(),
    );
    expect(Object.keys(document.paths["/api/v1/webhooks"].post.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "429"]));
    expect(Object.keys(document.paths["/api/v1/webhooks/{id}"].delete.responses)).toEqual(expect.arrayContaining(["204", "404"]));
  });
});

describe("kill -9 between an event's commit and its delivery", () => {
  it("delivers the event after the restart, with the same webhook-id", async () => {
    const { key } = await fx.teamWithKey("growth");
    const created = await api("/api/v1/webhooks", key, { body: { url: receiver.url, events: ["webhook.test"] } });
    const { webhook, secret } = (await created.json()) as { webhook: { id: string }; secret: string };
    receiver.hold = true;
    const before = receiver.received.length;
    const test = await api(`/api/v1/webhooks/${webhook.id}/test`, key, { method: "POST" });
    const { eventId } = (await test.json()) as { eventId: string };
    // The attempt is in flight (the receiver holds it): the process dies before it can record anything.
    await waitFor(() => receiver.received[before]);
    server.child.kill("SIGKILL");
    await new Promise((resolve) => server.child.once("exit", resolve));
    receiver.hold = false;
    server = await startChildServer({ WEBHOOK_ALLOW_PRIVATE_URLS: "true", INGEST_TOKEN }, { dataDir });
    const retried = await waitFor(() => receiver.received[before + 1], 150_000);
    expect(retried.headers["webhook-id"]).toBe(eventId);
    expect(retried.body).toBe(receiver.received[before].body);
    new Webhook(secret).verify(retried.body, retried.headers as Record<string, string>);
    let delivery: { status: string; attempts: unknown[] } | undefined;
    for (let i = 0; i < 100 && delivery?.status !== "delivered"; i++) {
      const shown = (await (await api(`/api/v1/webhooks/${webhook.id}`, key)).json()) as { deliveries: (typeof delivery)[] };
      delivery = shown.deliveries[0];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The attempt that died with the process is logged as such; the retry delivered.
    expect(delivery).toMatchObject({ status: "delivered", attempts: [{ error: expect.stringMatching(/did not finish/) }, { status: 200 }] });
  }, 200_000);
});
