/**
 * What this app server learnt from the backend about keys that are refused for a while (a RATE_LIMITED answer's
 * `rateLimitedUntil`): the key's next calls before then are sent with it, and the backend refuses them without
 * reading the key's counter (convex/model/apiCall.ts). A flood on a key then reads nothing its own allowed calls
 * write, so on a Convex deployment the flood does not make them conflict (prisma-free-notes/rest-api.md). Refusing
 * until then is what the counter itself would answer had no other call been made, so it never lets more through.
 */
import type { ApiOutcome } from "../../../../convex/lib/apiOutcome";

/** Keys remembered at most: a flood from many keys costs a bounded amount of memory. */
const MAX_KEYS = 10_000;
const refused = new Map<string, number>();

/** Until when the key is known to be refused, if it is now. */
export function knownRefusal(keyHash: string, now: number): number | undefined {
  const until = refused.get(keyHash);
  if (until === undefined) return undefined;
  if (until > now) return until;
  refused.delete(keyHash);
  return undefined;
}

/** Remembers a refusal's end from an answer of the backend. */
export function noteOutcome(keyHash: string, outcome: Pick<ApiOutcome, "rateLimitedUntil">): void {
  if (outcome.rateLimitedUntil === undefined) return;
  if (!refused.has(keyHash) && refused.size >= MAX_KEYS) refused.delete(refused.keys().next().value!);
  refused.set(keyHash, outcome.rateLimitedUntil);
}

/**
 * How the REST layer batches concurrent calls (api/coalesce.ts): per key on a Convex deployment, where calls of
 * different keys in one mutation would make it conflict with every mutation sharing any of them; mixed on the
 * embedded engine, which runs one mutation at a time.
 */
export function batching(backendKind: "embedded" | "convex"): { groupOf?: (call: { keyHash: string }) => string } {
  return backendKind === "convex" ? { groupOf: (call) => call.keyHash } : {};
}

/** The backend this process talks to, known before it is opened. */
export const backendKind = (): "embedded" | "convex" => (process.env.CONVEX_URL ? "convex" : "embedded");
