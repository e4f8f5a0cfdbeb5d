/**
 * A stand-in PostHog for tests: an HTTP server on 127.0.0.1 that takes what the real SDKs send — posthog-node's
 * `POST /batch/` (gzip-compressed by default), posthog-js's `/e/`, `/i/v0/e/`, `/batch/` (gzip with
 * `compression=gzip-js`, base64 forms, or plain JSON) and its `/flags/` or `/decide/` look-ups — and records every
 * event and request. `failNext(n)` answers the next n event requests 500, as an outage would.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface ReceivedEvent {
  event: string;
  uuid?: string;
  distinct_id?: string;
  properties?: Record<string, unknown>;
  timestamp?: string;
  [field: string]: unknown;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  /** The decoded body, as text (JSON for event requests). */
  body: string;
  status: number;
}

export interface PostHogReceiver {
  /** The `POSTHOG_HOST` to give an SDK. */
  url: string;
  /** Events from requests answered 200, in arrival order. */
  events: ReceivedEvent[];
  requests: ReceivedRequest[];
  failNext(count: number): void;
  close(): Promise<void>;
}

/** Gzip (by its magic bytes), a `data=` form in base64 or not, or plain text. */
function decode(raw: Buffer, contentType: string): string {
  const text = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  if (!contentType.includes("application/x-www-form-urlencoded")) return text;
  const data = new URLSearchParams(text).get("data") ?? "";
  return data.trimStart().startsWith("{") || data.trimStart().startsWith("[") ? data : Buffer.from(data, "base64").toString("utf8");
}

function eventsOf(body: string): ReceivedEvent[] {
  const parsed = JSON.parse(body) as unknown;
  if (Array.isArray(parsed)) return parsed as ReceivedEvent[];
  const object = parsed as { batch?: ReceivedEvent[]; event?: string };
  if (Array.isArray(object.batch)) return object.batch;
  return typeof object.event === "string" ? [object as ReceivedEvent] : [];
}

const isFlags = (path: string) => /^\/(flags|decide)\b/.test(path);

export async function startPostHogReceiver(): Promise<PostHogReceiver> {
  const events: ReceivedEvent[] = [];
  const requests: ReceivedRequest[] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      // posthog-js asks first from the browser: a cross-origin request.
      const cors = { "Access-Control-Allow-Origin": req.headers.origin ?? "*", "Access-Control-Allow-Credentials": "true", "Access-Control-Allow-Headers": "*" };
      if (req.method === "OPTIONS") {
        requests.push({ method: "OPTIONS", path, body: "", status: 204 });
        return void res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "POST, GET" }).end();
      }
      let body = "";
      try {
        body = decode(Buffer.concat(chunks), req.headers["content-type"] ?? "");
      } catch {
        body = "<undecodable>";
      }
      if (isFlags(path)) {
        requests.push({ method: req.method ?? "", path, body, status: 200 });
        return void res.writeHead(200, { ...cors, "Content-Type": "application/json" }).end(JSON.stringify({ featureFlags: {}, flags: {} }));
      }
      const status = req.method === "POST" && failures > 0 ? (failures--, 500) : 200;
      requests.push({ method: req.method ?? "", path, body, status });
      if (status === 200 && req.method === "POST" && body !== "") {
        try {
          events.push(...eventsOf(body));
        } catch {
          // Not an event body; the request is still recorded.
        }
      }
      res.writeHead(status, { ...cors, "Content-Type": "application/json" }).end(status === 200 ? '{"status":1}' : '{"error":"down"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    requests,
    failNext: (count) => void (failures = count),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
