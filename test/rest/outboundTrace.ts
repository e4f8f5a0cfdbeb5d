/**
 * Every connect() a server makes, from every thread (the engine's included), recorded by strace — what "no
 * request leaves the process" is checked against. strace is installed by `npm test` (scripts/lib/debianPackages.ts).
 */
import { existsSync, readFileSync } from "node:fs";

const STRACE = "/usr/bin/strace";

export interface Connect {
  family: "AF_INET" | "AF_INET6" | "AF_UNIX" | string;
  address: string;
  port: number | null;
}

/** The wrapper for `startChildServer`: follows every thread and child, writes connect() calls to `file`. */
export function connectTracer(file: string): string[] {
  if (!existsSync(STRACE)) throw new Error(`strace is missing (${STRACE}): npm test installs it, or run "apt-get install -y strace"`);
  return [STRACE, "-f", "-qq", "-e", "trace=connect", "-o", file];
}

/** Each traced connect(): `connect(23, {sa_family=AF_INET, sin_port=htons(7999), sin_addr=inet_addr("127.0.0.1")}, 16) = …`. */
export function tracedConnects(file: string): Connect[] {
  const connects: Connect[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const family = /connect\(\d+, \{sa_family=(\w+)/.exec(line)?.[1];
    if (!family) continue;
    const port = /sin6?_port=htons\((\d+)\)/.exec(line)?.[1];
    const address = /inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"|sun_path="([^"]*)"/.exec(line);
    connects.push({ family, address: address?.[1] ?? address?.[2] ?? address?.[3] ?? "", port: port === undefined ? null : Number(port) });
  }
  return connects;
}

/** Connections over a network (IPv4/IPv6), which is what could leave the machine; local sockets are not. */
export const networkConnects = (connects: Connect[]) => connects.filter((c) => c.family === "AF_INET" || c.family === "AF_INET6");
