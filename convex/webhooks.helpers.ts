/**
 * Shared set-up of the webhook tests (two dots in the name: neither a Convex module nor a test file): a real
 * HTTP receiver on 127.0.0.1, a team with members of each role, the encryption key and the private-URL switch.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import type { Role } from "./lib/permissions";
import { encodeBase58 } from "./lib/solanaAddress";
import { withSecret } from "./test.helpers";
import type { TestBackend } from "@/testing/backends";

export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

/** A distinct valid Solana address per n. */
export const agentAddress = (n: number) => encodeBase58(Uint8Array.from({ length: 32 }, (_, i) => (i < 4 ? (n >>> (8 * i)) & 0xff : i + 3)));

/** Sets the encryption key and the private-URL switch (on unless a test turns it off) around each test. */
export function useWebhookEnv(): void {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const name of ["WEBHOOK_ENCRYPTION_KEY", "WEBHOOK_ALLOW_PRIVATE_URLS", "SMTP_URL", "EMAIL_FROM"]) saved[name] = process.env[name];
    process.env.WEBHOOK_ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
    delete process.env.SMTP_URL;
    delete process.env.EMAIL_FROM;
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

export type ReceivedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
export type Reply = { status: number; body?: string; headers?: Record<string, string> };

/** An HTTP receiver on 127.0.0.1 that records every request and answers from `replies` (then 200). */
export type Receiver = { url: string; requests: ReceivedRequest[]; replies: Reply[]; close: () => Promise<void> };

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const replies: Reply[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const reply = replies.shift() ?? { status: 200, body: "ok" };
      response.writeHead(reply.status, reply.headers ?? {});
      response.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    replies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TeamFixture = { teamId: Id<"teams">; users: Record<Role, Id<"users">> };

/** A startup team whose owner, admin, member and billing viewer are users. */
export async function teamWithRoles(t: TestBackend, name = "Acme"): Promise<TeamFixture> {
  const slug = name.toLowerCase();
  const { teamId } = await t.mutation(api.teams.create, withSecret({ name, ownerEmail: `owner@${slug}.test`, plan: "startup" as const }));
  // The harness's context is untyped; this one is the schema's.
  return t.run(async (untyped) => {
    const ctx = untyped as unknown as MutationCtx;
    const owner = (await ctx.db
      .query("members")
      .withIndex("by_team_role", (q) => q.eq("teamId", teamId).eq("role", "owner"))
      .unique())!;
    const users = { owner: owner.userId } as Record<Role, Id<"users">>;
    for (const role of ["admin", "member", "billing"] as const) {
      const userId = await ctx.db.insert("users", { email: `${role}@${slug}.test` });
      await ctx.db.insert("members", { teamId, userId, role });
      users[role] = userId;
    }
    return { teamId, users };
  });
}
