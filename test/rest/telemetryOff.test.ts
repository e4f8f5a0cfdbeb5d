/**
 * With neither SENTRY_DSN nor POSTHOG_KEY set, nothing the server does reaches out: a workload that would give
 * both services something to send (a 500, refusals, a webhook endpoint created, verified calls) leaves no network
 * connection but the one it was asked to make — a webhook delivery to a local receiver, made from the engine's
 * thread, which shows the trace sees every thread.
 */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentRow, testAddress } from "@/testing/agentRows";
import { call, useDatabase } from "./fixtures";
import { connectTracer, networkConnects, tracedConnects } from "./outboundTrace";
import { startChildServer, type ChildServer } from "./server";

const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-telemetry-off-"));
const traceFile = path.join(dataDir, "connects.trace");
const fx = useDatabase(dataDir);
let server: ChildServer;

let deliveries = 0;
const receiver = http.createServer((request, response) => {
  request.resume().on("end", () => {
    deliveries++;
    response.end("ok");
  });
});
let receiverPort: number;

/** Blank rather than absent: an exported variable in the test's own environment must not turn a service on. */
const OFF = { SENTRY_DSN: "", SENTRY_BROWSER_DSN: "", POSTHOG_KEY: "", POSTHOG_HOST: "" };

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
  server = await startChildServer({ ...OFF, WEBHOOK_ALLOW_PRIVATE_URLS: "true" }, { dataDir, wrapper: connectTracer(traceFile) });
}, 90_000);
afterAll(async () => {
  await server?.stop(2_000);
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

describe("with Sentry and PostHog off", () => {
  it("no request leaves the server but the webhook delivery it was asked to make", async () => {
    const { key } = await fx.teamWithKey("growth");
    const good = await fx.agent();
    const broken = agentRow(testAddress(Date.now() % 1_000_000_000), { jobs: 5, successRate: 1, responseTimeMs: 100 }, Date.now());
    await fx.db().run((ctx) => ctx.db.insert("agents", { ...broken, scoreUpdatedAt: Number.NaN }));

    const verify = async (agentAddress: string) => (await call("/api/v1/verify", { key, body: { agentAddress } }, server.url)).status;
    const statuses = [
      await verify(good.address),
      await verify(good.address),
      await verify(broken.address),
      await verify("not an address"),
      (await call("/api/v1/usage", { key: "gs_live_thisisnotarealkeyatall000000" }, server.url)).status,
    ];
    expect(statuses).toEqual([200, 200, 500, 400, 401]);

    const created = await call("/api/v1/webhooks", { key, body: { url: `http://127.0.0.1:${receiverPort}/hook`, events: ["webhook.test"] } }, server.url);
    expect(created.status).toBe(201);
    const { webhook } = (await created.json()) as { webhook: { id: string } };
    expect((await call(`/api/v1/webhooks/${webhook.id}/test`, { key, method: "POST" }, server.url)).status).toBe(202);
    const deadline = Date.now() + 10_000;
    while (deliveries === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deliveries).toBe(1);

    // A graceful stop: whatever an SDK would flush on shutdown is sent (or not) before the trace is read.
    expect(await server.stop(15_000)).toBe(0);
    const network = networkConnects(tracedConnects(traceFile));
    expect(network.length).toBeGreaterThanOrEqual(1);
    expect(network.filter((c) => c.port !== receiverPort)).toEqual([]);
  });
});
