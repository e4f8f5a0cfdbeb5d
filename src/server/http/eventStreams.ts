import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Live pages' event streams (SSE) never finish by themselves, so a graceful shutdown would wait out its whole drain
 * for them. The server notes each one as it starts and cuts them all when shutdown begins: the browser's EventSource
 * reconnects (to this server's successor) and the page catches up from the stream's first event.
 */
export function eventStreams() {
  const open = new Set<ServerResponse>();
  return {
    /** Notes `res` when the request asks for an event stream. */
    track(req: IncomingMessage, res: ServerResponse): void {
      if (!req.headers.accept?.includes("text/event-stream")) return;
      open.add(res);
      res.once("close", () => open.delete(res));
    },
    cutAll(): void {
      for (const res of open) res.destroy();
    },
    get size(): number {
      return open.size;
    },
  };
}
