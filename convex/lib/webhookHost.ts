"use node";
/**
 * Whether a webhook URL's host may be called (SPEC §4, §9): resolved, and refused when ANY address it resolves to
 * is not public (loopback, private, link-local, CGNAT, reserved… — `ipRanges.ts`). Used when an endpoint's URL is
 * set (by the app server, before the mutation: a mutation cannot do network I/O) and inside each delivery's own
 * connection (`webhookDelivery.ts`, pinned). Every way of failing — a private address, a DNS error, no address,
 * no answer in time — gives the same message, so a customer cannot tell an internal name from a missing one.
 */
import { lookup } from "node:dns/promises";
import { classifyIp } from "./ipRanges";

export const HOST_REFUSED = "The URL's host does not resolve to public addresses only; refused (SSRF guard).";

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a name resolves to; injectable so tests need no DNS. */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A registration waits this long for DNS, then refuses; a delivery has its own 10 s deadline. */
const RESOLVE_TIMEOUT_MS = 5_000;

/** The host's addresses when there are some and every one is public; null for every other outcome. */
export async function publicAddresses(hostname: string, resolve: Resolve = systemResolve): Promise<ResolvedAddress[] | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((done) => (timer = setTimeout(() => done(null), RESOLVE_TIMEOUT_MS)));
  try {
    const addresses = await Promise.race([resolve(hostname).catch(() => null), timeout]);
    if (!addresses || addresses.length === 0) return null;
    return addresses.every((entry) => classifyIp(entry.address) === "public") ? addresses : null;
  } finally {
    clearTimeout(timer);
  }
}
