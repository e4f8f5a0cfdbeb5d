/**
 * Whether a request came straight from this machine, as the custom server saw its socket, told to Next's pages
 * through a header the server alone sets: whatever a client sends under that name is removed first. Next alone
 * never sets it, so there a loopback-only page is simply absent.
 *
 * A reverse proxy on the same host makes every request it relays come from loopback, so the peer address alone
 * proves nothing; a request carrying a proxy's forwarding headers is never marked. That refuses the proxies that
 * say so; one that says nothing is why the dev outbox also asks for the access secret the server's console
 * printed (outboxAccess.ts).
 */
import type { IncomingMessage } from "node:http";

export const LOOPBACK_HEADER = "x-ghostspeak-loopback";

const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "via"];

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function markLoopback(req: IncomingMessage): void {
  delete req.headers[LOOPBACK_HEADER];
  const relayed = FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
  if (!relayed && isLoopbackAddress(req.socket.remoteAddress)) req.headers[LOOPBACK_HEADER] = "1";
}
