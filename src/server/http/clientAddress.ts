/**
 * The client's address, as the custom server decides it, told to Next's route handlers through a header the
 * server alone sets (whatever a client sends under that name is removed first). By default it is the TCP peer:
 * `X-Forwarded-For` is anyone's to write. Behind reverse proxies, `TRUST_PROXY=<n>` says how many of them append
 * to `X-Forwarded-For`; the client is then the address the outermost trusted proxy saw, the n-th entry from the
 * right, which no client can forge (entries further left are the client's own claims).
 */
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

export const CLIENT_ADDRESS_HEADER = "x-ghostspeak-client-address";

/** TRUST_PROXY: unset or 0 trusts no proxy. */
export function trustedProxyHops(value = process.env.TRUST_PROXY): number {
  if (value === undefined || value === "" || value === "false") return 0;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0 || hops > 10) throw new Error(`TRUST_PROXY must be the number of trusted reverse proxies (0–10), got "${value}"`);
  return hops;
}

export function clientAddress(req: IncomingMessage, hops: number): string | undefined {
  const peer = req.socket.remoteAddress;
  if (hops === 0) return peer;
  const forwarded = ([] as string[])
    .concat(req.headers["x-forwarded-for"] ?? [])
    .flatMap((value) => value.split(","))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  // Fewer entries than trusted proxies: the leftmost was still written by one of them.
  const candidate = forwarded[Math.max(0, forwarded.length - hops)];
  return candidate !== undefined && isIP(candidate) !== 0 ? candidate : peer;
}

export function markClientAddress(req: IncomingMessage, hops: number): void {
  delete req.headers[CLIENT_ADDRESS_HEADER];
  const address = clientAddress(req, hops);
  if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;
}
