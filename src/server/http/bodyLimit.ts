/**
 * SPEC §9: every request body is bounded before it is read. This is the one limit for the routes Next serves
 * (the REST API has its own, src/server/rest/middleware/jsonBody.ts): the custom server applies it before a
 * request reaches Next, so no handler (tRPC, next-auth, the Stripe webhook, a page) can buffer more than its route's
 * limit. Over it, a plain 413 at once: a declared Content-Length is refused without reading a byte, a chunked body
 * as soon as the bytes received pass the limit. Why each limit is what it is: prisma-free-notes/operations.md.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const KiB = 1024;

export const BODY_LIMITS = {
  /** Stripe events embed one object whose lists stop at 10 items; the largest are a few tens of KiB. */
  stripeWebhook: 1024 * KiB,
  /** next-auth's forms: an address, the CSRF token and a callback URL (at most ~16 KiB, form-encoded ≤ 48 KiB). */
  auth: 64 * KiB,
  /** tRPC batches: the largest input, a webhook endpoint with 1,000 agents, is ~55 KiB; room for four of them. */
  trpc: 256 * KiB,
  /** Anything else Next serves: pages and assets take no body (the portal has no server actions). */
  other: 16 * KiB,
} as const;

/** The limit of the (non-REST) route `url` names. */
export function bodyLimitFor(url: string): number {
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  if (path === "/api/stripe/webhook") return BODY_LIMITS.stripeWebhook;
  if (path === "/api/trpc" || path.startsWith("/api/trpc/")) return BODY_LIMITS.trpc;
  if (path === "/api/auth" || path.startsWith("/api/auth/")) return BODY_LIMITS.auth;
  return BODY_LIMITS.other;
}

/**
 * Refuses `req` with 413 when its declared length is over `limit` (false: answered, do not handle it); otherwise
 * counts the body as the HTTP parser delivers it and refuses it once it passes the limit, whoever reads it and when.
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    refuse(req, res);
    return false;
  }
  // A declared length within the limit is enforced by Node's parser (the body cannot be longer); a chunked one is
  // counted where Node's parser hands each piece to the request stream (`push`, the Readable implementer's API),
  // so the count does not depend on when or how the handler reads, and nothing past the limit is ever buffered.
  if (declared === undefined) {
    const push = req.push.bind(req);
    let received = 0;
    let refused = false;
    req.push = (chunk: Buffer | null, encoding?: BufferEncoding) => {
      // Once refused, not even the end of the body goes through: the bytes before the limit are not a body.
      if (refused) return false;
      if (chunk === null) return push(chunk);
      received += chunk.length;
      if (received <= limit) return push(chunk, encoding);
      refused = true;
      refuse(req, res);
      // false stops the parser reading the socket.
      return false;
    };
  }
  return true;
}

/** How long a refused connection stays open for the client to read the 413 before it is closed. */
const LINGER_MS = 1_000;

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  // Destroying the request closes the connection and releases a handler waiting for the rest of the body with an
  // error (Node stops tracking the request once it is answered, so a closing socket alone would leave it waiting).
  const close = () => req.destroy();
  if (res.headersSent) {
    close();
    return;
  }
  // The rest of the body is never read, so the connection cannot carry another request.
  res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
  res.end("Request body too large.\n", () => {
    // Node closes a `Connection: close` socket as soon as the answer is written; with request bytes still unread
    // that close is a reset, which can reach the client before it read the 413 (RFC 9112 §9.6). So the socket
    // stays open a moment (what still arrives is discarded unread, or not read at all once the count stopped the
    // parser), then closes.
    socket.removeListener("finish", socket.destroy);
    const timer = setTimeout(close, LINGER_MS);
    socket.once("close", () => {
      clearTimeout(timer);
      close();
    });
  });
}
