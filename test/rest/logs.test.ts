/**
 * Structured logs (SPEC §9): a server of its own at LOG_LEVEL=trace, driven through the calls that handle
 * secrets — API keys (live, test, unknown; both headers), ingestion with INGEST_TOKEN, webhook creation, a
 * signed test delivery and a secret rotation, metrics with METRICS_TOKEN, a session cookie and a magic-link
 * token in a query string — and every request's lines are checked for the request id. The secrets it used are
 * recorded for the scan after the suite, which reads this server's log with every other (suiteLogScan.ts).
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, useDatabase } from "./fixtures";
import { recordSecrets } from "./logCapture";
import { REST_SUITE_METRICS_TOKEN, startChildServer, type ChildServer } from "./server";

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
  it("are JSON lines and carry the request id on every request's lines, whatever secrets the requests carry", async () => {
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

    // The portal's credentials, as a browser that also calls the API would send them: the API-only server
    // must not log a cookie or a query string either.
    const sessionToken = randomUUID();
    const magicLinkToken = randomBytes(32).toString("hex");
    const withPortalCredentials = await fetch(`${server.url}/api/v1/agents/${agent.address}/score?token=${magicLinkToken}`, {
      headers: { "X-API-Key": live.key, Cookie: `next-auth.session-token=${sessionToken}` },
    });
    expect(remember(withPortalCredentials).status).toBe(200);

    recordSecrets("logs-test", {
      "live key": live.key,
      "test key": test.key,
      "unknown key": unknownKey,
      "webhook secret": secret,
      "rotated webhook secret": fresh,
      "webhook secret body": secret.slice("whsec_".length),
      "rotated webhook secret body": fresh.slice("whsec_".length),
      "ingest token": INGEST_TOKEN,
      "wrong ingest token": `${INGEST_TOKEN}-wrong`,
      "session token": sessionToken,
      "magic-link token": magicLinkToken,
    });

    // Let the last lines reach the pipe.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = log.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as Line);

    // One line per answer, each with the id the caller got in X-Request-Id.
    const requestLines = lines.filter((line) => line.msg === "request");
    expect(requestLines.map((line) => line.requestId)).toEqual(expect.arrayContaining(requestIds));
    expect(requestLines.every((line) => typeof line.requestId === "string" && line.requestId !== "")).toBe(true);
    // Only start-up lines come without one.
    expect(lines.filter((line) => line.time >= firstRequestAt && !line.requestId)).toEqual([]);
  });
});
