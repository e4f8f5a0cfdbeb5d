/// <reference types="vite/client" />
/**
 * Shared set-up of the tRPC tests: a fresh convex-test backend per test with the server secret configured, a
 * backend door that adds the secret (as the app's does), contexts with fake sessions, and the mail a procedure
 * sent, captured instead of delivered.
 */
import { TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import { afterEach, beforeEach } from "vitest";
import type { Id } from "../../../convex/_generated/dataModel";
import schema from "../../../convex/schema";
import { appBackendOver } from "@/testing/appBackend";
import { createConvexTestBackend } from "@/testing/convexTestBackend";
import type { TestBackend } from "@/testing/types";
import type { Mail } from "../auth/mailer";
import { logger } from "../http/logger";
import type { Backend } from "../backend/types";
import type { TRPCContext } from "./init";
import { type Resolve, systemResolve } from "../../../convex/lib/webhookHost";

export const TRPC_TEST_SECRET = "trpc-test-server-secret";
const modules = import.meta.glob("../../../convex/**/*.*s");

export type TrpcHarness = {
  /** The backend of the running test. */
  t(): TestBackend;
  /** Mail sent by procedures during the running test, oldest first. */
  sent(): Mail[];
  /** A context for `session`; `sendMail` replaces the capturing mailer (e.g. to make mail fail). */
  context(session: Session | null, sendMail?: TRPCContext["sendMail"]): TRPCContext;
};

/** Registers the per-test hooks in the calling suite and returns accessors for the running test. */
export function useTrpcHarness(): TrpcHarness {
  let t: TestBackend;
  let sent: Mail[] = [];
  let previousSecret: string | undefined;
  beforeEach(async () => {
    previousSecret = process.env.GHOSTSPEAK_SERVER_SECRET;
    process.env.GHOSTSPEAK_SERVER_SECRET = TRPC_TEST_SECRET;
    t = await createConvexTestBackend({ modules, dir: "../../../convex/", schema });
    sent = [];
  });
  afterEach(async () => {
    await t.close();
    if (previousSecret === undefined) delete process.env.GHOSTSPEAK_SERVER_SECRET;
    else process.env.GHOSTSPEAK_SERVER_SECRET = previousSecret;
  });
  const backend = (): Backend => appBackendOver(t, TRPC_TEST_SECRET);
  return {
    t: () => t,
    sent: () => sent,
    context: (session, sendMail) => ({
      session,
      backend: backend(),
      log: logger,
      resolveHost: testResolve,
      sendMail:
        sendMail ??
        (async (mail) => {
          sent.push(mail);
        }),
    }),
  };
}

/** Names under `.test` resolve to a public address (a documentation block would be refused), others as usual. */
const testResolve: Resolve = async (hostname) => (hostname.endsWith(".test") ? [{ address: "93.184.215.14", family: 4 }] : systemResolve(hostname));

export function sessionFor(userId: Id<"users">, email: string): Session {
  return { user: { id: userId, email }, expires: new Date(Date.now() + 86_400_000).toISOString() };
}

/** "OK", or the TRPCError code the call failed with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}
