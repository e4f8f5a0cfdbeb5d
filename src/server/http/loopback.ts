/**
 * Whether a request came from this machine, as the custom server saw its socket, told to Next's pages through a
 * header the server alone sets: whatever a client sends under that name is removed first. Next alone never sets
 * it, so there a loopback-only page is simply absent.
 */
import type { IncomingMessage } from "node:http";

export const LOOPBACK_HEADER = "x-ghostspeak-loopback";

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function markLoopback(req: IncomingMessage): void {
  delete req.headers[LOOPBACK_HEADER];
  if (isLoopbackAddress(req.socket.remoteAddress)) req.headers[LOOPBACK_HEADER] = "1";
}
