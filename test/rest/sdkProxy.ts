/**
 * A small HTTP server in front of a suite server, for the SDK's tests: the test's script decides, request by request,
 * to forward it (as sent, or with another method, content type or answer headers, after a delay), to answer it
 * itself, or to cut the connection (before or after the real server did the work). Every request is recorded, with
 * the most that were in flight at once. It serves under `/proxy`, so the suite's response contract (setup.ts, which
 * holds `/api/…` answers to the document) leaves alone the failures it makes up; what it forwards was checked when it
 * was fetched from the real server.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

export interface Seen {
  method: string;
  /** Without the `/proxy` prefix. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when it arrived. */
  at: number;
}

export type Step =
  | {
      forward: true;
      delayMs?: number;
      method?: string;
      contentType?: string;
      /** Headers set on the real answer before it is passed on. */
      answerHeaders?: Record<string, string>;
      /** Cut the connection instead of passing the real answer on: the work was done, the client never heard. */
      dropAnswer?: boolean;
    }
  | { status: number; headers?: Record<string, string>; body?: string }
  | { drop: true };

export type Script = (seen: Seen, index: number) => Step;

const PREFIX = "/proxy";
/** Hop-by-hop and length headers: Node sets its own for the body it sends on. */
const NOT_PASSED_ON = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

export interface Proxy {
  /** The base URL to give the SDK. */
  url: string;
  seen: Seen[];
  maxInFlight(): number;
  script(next: Script): void;
  /** Forgets what it saw and forwards everything again. */
  reset(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string, initial: Script = () => ({ forward: true })): Promise<Proxy> {
  let script = initial;
  const seen: Seen[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  async function handle(request: http.IncomingMessage, response: http.ServerResponse, entry: Seen, step: Step): Promise<void> {
    if ("drop" in step) return void request.socket.destroy();
    if ("status" in step) return void response.writeHead(step.status, step.headers).end(step.body);
    if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
    // A client that gave up meanwhile (its timeout) sent nothing the server should see.
    if (response.destroyed) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string" && !NOT_PASSED_ON.has(name) && name !== "host") headers[name] = value;
    if (step.contentType) headers["content-type"] = step.contentType;
    const method = step.method ?? entry.method;
    const real = await fetch(`${target}${entry.path}`, { method, headers, body: entry.body === "" ? undefined : entry.body });
    const text = await real.text();
    if (step.dropAnswer) return void request.socket.destroy();
    const answerHeaders: Record<string, string> = {};
    real.headers.forEach((value, name) => {
      if (!NOT_PASSED_ON.has(name)) answerHeaders[name] = value;
    });
    response.writeHead(real.status, { ...answerHeaders, ...step.answerHeaders }).end(text);
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry: Seen = {
        method: request.method ?? "GET",
        path: (request.url ?? "/").slice(PREFIX.length),
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
      };
      seen.push(entry);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      response.on("close", () => inFlight--);
      handle(request, response, entry, script(entry, seen.length - 1)).catch((error: unknown) => {
        response.writeHead(599).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`,
    seen,
    maxInFlight: () => maxInFlight,
    script: (next) => {
      script = next;
    },
    reset: () => {
      seen.length = 0;
      maxInFlight = 0;
      script = initial;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A proxy in front of `target` for the calling test file: started before its tests, reset before each, closed after. */
export function useProxy(target: () => string): () => Proxy {
  let proxy: Proxy | undefined;
  beforeAll(async () => {
    proxy = await startProxy(target());
  });
  beforeEach(() => proxy?.reset());
  afterAll(() => proxy?.close());
  return () => {
    if (!proxy) throw new Error("the proxy runs only inside tests");
    return proxy;
  };
}
