import { createHash } from "node:crypto";
import { parseApiKey } from "../../../../convex/lib/apiKeyFormat";
import { UNAUTHORIZED_DETAIL } from "../../../../convex/lib/apiOutcome";
import { ApiError } from "../errors";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The SHA-256 of the API key a request presents (`X-API-Key`, else `Authorization: Bearer`). A missing or
 * malformed key is refused here with the very 401 an unknown or revoked key gets from the backend, so no answer
 * tells which keys exist. Only the hash travels on: the key never reaches the database or a log.
 */
export function presentedKeyHash(headers: { get(name: string): string | null }): string {
  const fromHeader = headers.get("x-api-key")?.trim();
  const bearer = headers.get("authorization");
  const key = fromHeader || (bearer ? BEARER.exec(bearer)?.[1] : undefined);
  if (!key || !parseApiKey(key)) throw new ApiError("UNAUTHORIZED", UNAUTHORIZED_DETAIL);
  return createHash("sha256").update(key).digest("hex");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
