/**
 * Structured logs (SPEC §9): a server of its own at LOG_LEVEL=trace, its stderr captured, driven through the
 * calls that handle secrets — API keys (live, test, unknown; both headers), ingestion with INGEST_TOKEN, webhook
 * creation, a signed test delivery and a secret rotation, metrics with METRICS_TOKEN — then its logs are scanned
 * for every secret involved, and every request's lines are checked for the request id.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";
import { REST_SUITE_METRICS_TOKEN, REST_SUITE_SERVER_SECRET, REST_SUITE_WEBHOOK_KEY, startChildServer, type ChildServer } from "./server";

const INGEST_TOKEN = "logs-suite-ingest-token-9e4a71";
const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-logs-"));
const fx = useDatabase(dataDir);
let server: ChildServer;
let log = "";

let deliveries = 0;
const receiver = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    deliveries++;
    response.end("ok");
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  server = await startChildServer(
    { LOG_LEVEL: "trace", INGEST_TOKEN, WEBHOOK_ALLOW_PRIVATE_URLS: "true" },
    { dataDir, onLog: (chunk) => (log += chunk) },
  );
}, 90_000);
afterAll(async () => {
  await server?.stop(2_000);
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

type Line = { level: number; time: number; msg: string; requestId?: string };

describe("server logs", () => {
  it("are JSON lines, carry the request id on every request's lines, and never contain a secret", async () => {
    const teamId = await fx.team("growth");
    const live = await fx.key(teamId);
    const test = await fx.key(teamId, { env: "test" });
    const agent = await fx.agent();
    const unknownKey = "gs_live_ThisKeyDoesNotExist000000000000";
    const requestIds: string[] = [];
    const firstRequestAt = Date.now();
    const remember = (response: Response) => {
      requestIds.push(response.headers.get("x-request-id") ?? "");
      return response;
    };

    const verify = (headers: Record<string, string>) => call("/api/v1/verify", { headers, body: { agentAddress: agent.address } }, server.url);
    expect(remember(await verify({ Authorization: `Bearer ${live.key}` })).status).toBe(200);
    expect(remember(await verify({ "X-API-Key": test.key })).status).toBe(200);
    expect(remember(await verify({ "X-API-Key": unknownKey })).status).toBe(401);

    const ingest = (token: string) =>
      fetch(`${server.url}/api/internal/v1/signals`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: "[]" });
    expect(remember(await ingest(INGEST_TOKEN)).status).toBe(200);
    expect(remember(await ingest(`${INGEST_TOKEN}-wrong`)).status).toBe(401);

    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const created = remember(await call("/api/v1/webhooks", { key: live.key, body: { url: receiverUrl, events: ["webhook.test"] } }, server.url));
    expect(created.status).toBe(201);
    const { webhook, secret } = (await created.json()) as { webhook: { id: string }; secret: string };
    expect(remember(await call(`/api/v1/webhooks/${webhook.id}/test`, { key: live.key, method: "POST" }, server.url)).status).toBeLessThan(300);
    const rotated = remember(await call(`/api/v1/webhooks/${webhook.id}/rotate-secret`, { key: live.key, method: "POST" }, server.url));
    const { secret: fresh } = (await rotated.json()) as { secret: string };
    const deadline = Date.now() + 10_000;
    while (deliveries === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deliveries).toBeGreaterThan(0);

    expect(remember(await fetch(`${server.url}/api/metrics`, { headers: { Authorization: `Bearer ${REST_SUITE_METRICS_TOKEN}` } })).status).toBe(200);

    // Let the last lines reach the pipe.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const nextAuthSecretFile = path.join(dataDir, "nextauth-secret");
    const lines = log.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as Line);

    for (const [name, value] of Object.entries({
      "live key": live.key,
      "test key": test.key,
      "unknown key": unknownKey,
      "webhook secret": secret,
      "rotated webhook secret": fresh,
      "webhook secret body": secret.slice("whsec_".length),
      "ingest token": INGEST_TOKEN,
      "metrics token": REST_SUITE_METRICS_TOKEN,
      "server secret": REST_SUITE_SERVER_SECRET,
      "webhook encryption key": REST_SUITE_WEBHOOK_KEY,
      ...(existsSync(nextAuthSecretFile) ? { "NextAuth secret": readFileSync(nextAuthSecretFile, "utf8").trim() } : {}),
    })) {
      expect(log.includes(value), `the logs contain the ${name}`).toBe(false);
    }

    // One line per answer, each with the id the caller got in X-Request-Id.
    const requestLines = lines.filter((line) => line.msg === "request");
    expect(requestLines.map((line) => line.requestId)).toEqual(expect.arrayContaining(requestIds));
    expect(requestLines.every((line) => typeof line.requestId === "string" && line.requestId !== "")).toBe(true);
    // Only start-up lines come without one.
    expect(lines.filter((line) => line.time >= firstRequestAt && !line.requestId)).toEqual([]);
  });
});
