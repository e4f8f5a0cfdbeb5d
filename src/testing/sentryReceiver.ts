/**
 * A local stand-in for Sentry's ingest: an HTTP server on 127.0.0.1 that takes envelopes at
 * `POST /api/<project>/envelope/` (gzip or not) and keeps them, for tests that run the real SDKs against it
 * (DSN `http://key@127.0.0.1:<port>/1`). An envelope is newline-delimited JSON: a header, then item header and
 * payload pairs; the raw text is kept too, so a test can scan everything that left for secrets.
 */
import { createServer, type Server } from "node:http";
import { gunzipSync } from "node:zlib";

export interface EnvelopeItem {
  type: string;
  payload: unknown;
}

export interface ReceivedEnvelope {
  project: string;
  /** The envelope as sent (after gunzip). */
  raw: string;
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

/** The fields of an error event the tests look at. */
export interface ReceivedEvent {
  event_id?: string;
  tags?: Record<string, string>;
  exception?: { values?: { type?: string; value?: string }[] };
  request?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface SentryReceiver {
  /** `http://key@127.0.0.1:<port>/1`. */
  dsn: string;
  /** Its origin (`http://127.0.0.1:<port>`), for a CSP check. */
  origin: string;
  envelopes: ReceivedEnvelope[];
  /** The error events received so far (items of type `event`). */
  events(): ReceivedEvent[];
  /** Resolves once `count` error events arrived (rejects after `timeoutMs`). */
  waitForEvents(count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): Promise<void>;
}

export function parseEnvelope(project: string, raw: string): ReceivedEnvelope {
  const lines = raw.split("\n");
  const header = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  for (let i = 1; i < lines.length; i += 2) {
    const line = lines[i];
    if (line === undefined || line.trim() === "") continue;
    const itemHeader = JSON.parse(line) as { type?: string };
    const body = lines[i + 1] ?? "";
    let payload: unknown = body;
    try {
      payload = JSON.parse(body);
    } catch {
      // An attachment or another non-JSON item: kept as text.
    }
    items.push({ type: itemHeader.type ?? "unknown", payload });
  }
  return { project, raw, header, items };
}

export async function startSentryReceiver(): Promise<SentryReceiver> {
  const envelopes: ReceivedEnvelope[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const match = /^\/api\/([^/]+)\/envelope\/?(?:\?.*)?$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      // The browser SDK sends from another origin: answer its CORS preflight and allow the response to be read.
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Access-Control-Allow-Headers", "*");
      if (req.method === "OPTIONS") return void res.writeHead(204).end();
      if (req.method !== "POST" || !match) return void res.writeHead(404).end();
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip" || (body[0] === 0x1f && body[1] === 0x8b)) body = gunzipSync(body);
      try {
        envelopes.push(parseEnvelope(match[1]!, body.toString("utf8")));
      } catch {
        return void res.writeHead(400).end();
      }
      for (const wake of waiters) wake();
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const events = () => envelopes.flatMap((envelope) => envelope.items.filter((item) => item.type === "event").map((item) => item.payload as ReceivedEvent));
  return {
    dsn: `http://key@127.0.0.1:${port}/1`,
    origin: `http://127.0.0.1:${port}`,
    envelopes,
    events,
    waitForEvents(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events().length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(events());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} Sentry event(s) within ${timeoutMs} ms, received ${events().length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
