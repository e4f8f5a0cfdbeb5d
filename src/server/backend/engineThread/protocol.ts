/** Messages between the server's main thread and the engine thread (structured clone, no JSON). */
export type Kind = "query" | "mutation" | "action";

export type Request =
  | { id: number; kind: Kind; name: string; args: Record<string, unknown> }
  /** A live query: its first result is the reply; later ones come as `LiveMessage`s carrying this id. */
  | { id: number; kind: "subscribe"; name: string; args: Record<string, unknown> }
  | { id: number; kind: "close" };

/** Ends a live query; it has no reply. */
export type Unsubscribe = { kind: "unsubscribe"; live: number };

/** A live query's new result, or the error it now fails with. */
export type LiveMessage = { live: number; update: { value: unknown } | { error: WireError } };

/** An error as it crosses the thread: enough to rebuild a ConvexError (its `data` carries the app error code). */
export type WireError = { name: string; message: string; stack?: string; data?: unknown };

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** Sent once the engine is open (or failed to open), before any reply. */
export type Ready = { ready: true } | { ready: false; error: WireError };

export function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const data = (error as Error & { data?: unknown }).data;
  return { name: error.name, message: error.message, stack: error.stack, ...(data !== undefined ? { data } : {}) };
}

export function fromWire(wire: WireError): Error {
  const error = new Error(wire.message) as Error & { data?: unknown };
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  if (wire.data !== undefined) error.data = wire.data;
  return error;
}
