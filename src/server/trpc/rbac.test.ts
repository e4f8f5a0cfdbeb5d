/// <reference types="vite/client" />
/**
 * Every tRPC procedure × every role, a non-member and a signed-out visitor, against the real convex/ functions:
 * allowed, FORBIDDEN or UNAUTHORIZED exactly as SPEC §5's matrix says. The table below names each procedure's
 * access rule; a procedure added to the router without a row fails the first test. Then every procedure that
 * takes a resource id is tried with an id from another team the caller also owns: always NOT_FOUND, nothing changed.
 */
import type { Session } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { sha256Hex } from "../../../convex/lib/hashing";
import { can, ROLES, type Permission, type Role } from "../../../convex/lib/permissions";
import { appRouter, createCaller } from "./root";
import { codeOf, TRPC_TEST_SECRET as SECRET, useTrpcHarness } from "./test.helpers";

/** A well-formed invite token (43 base64url characters), known to the test. */
const TOKEN = "A".repeat(43);

const harness = useTrpcHarness();

// Webhook endpoints are created with sealed secrets, so the functions need the encryption key. The admin of
// Acme is a platform operator, spelled in another case to prove the match ignores it.
const previousWebhookKey = process.env.WEBHOOK_ENCRYPTION_KEY;
const previousOperators = process.env.PLATFORM_ADMIN_EMAILS;
beforeAll(() => {
  process.env.WEBHOOK_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString("base64");
  process.env.PLATFORM_ADMIN_EMAILS = "ops@ghostspeak.test, ADMIN@acme.test";
});
afterAll(() => {
  if (previousWebhookKey === undefined) delete process.env.WEBHOOK_ENCRYPTION_KEY;
  else process.env.WEBHOOK_ENCRYPTION_KEY = previousWebhookKey;
  if (previousOperators === undefined) delete process.env.PLATFORM_ADMIN_EMAILS;
  else process.env.PLATFORM_ADMIN_EMAILS = previousOperators;
});

/** A webhook endpoint of the team with one (test) delivery, created by its owner. */
async function seedWebhook(teamId: Id<"teams">, ownerId: Id<"users">) {
  const caller = { kind: "user" as const, userId: ownerId };
  const { webhook } = await harness
    .t()
    .mutation(api.webhooks.create, { teamId, caller, url: "https://hooks.acme.test/in", events: ["score.updated"], serverSecret: SECRET });
  const { deliveryId } = await harness
    .t()
    .mutation(api.webhooks.sendTest, { teamId, caller, endpointId: webhook.id, serverSecret: SECRET });
  return { endpointId: webhook.id as string, deliveryId: deliveryId as string };
}

type Caller = Role | "outsider" | "signedOut";
const CALLERS: Caller[] = [...ROLES, "outsider", "signedOut"];

/** Team "Acme" (growth: room for invites and keys) with one user per role, an outsider, a pending invite and a key. */
async function seed() {
  const { teamId } = await harness
    .t()
    .mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", plan: "growth", serverSecret: SECRET });
  const users = await harness.t().run(async (ctx) => {
    const ids = {} as Record<Role | "outsider", Id<"users">>;
    for (const role of ROLES) {
      const email = `${role}@acme.test`;
      const existing = await ctx.db
        .query("users")
        .withIndex("by_email", (q) => q.eq("email", email))
        .unique();
      ids[role] = existing?._id ?? (await ctx.db.insert("users", { email }));
      if (role !== "owner") await ctx.db.insert("members", { teamId, userId: ids[role], role });
    }
    ids.outsider = await ctx.db.insert("users", { email: "outsider@else.test" });
    return ids;
  });
  const { inviteId } = await harness.t().mutation(api.invites.create, {
    teamId,
    actingUserId: users.owner,
    email: "invitee@acme.test",
    role: "member",
    tokenHash: await sha256Hex(TOKEN),
    serverSecret: SECRET,
  });
  const { keyId } = await harness.t().mutation(api.apiKeys.create, { teamId, name: "CI", serverSecret: SECRET });
  const { endpointId, deliveryId } = await seedWebhook(teamId, users.owner);
  const sessionOf = (caller: Caller): Session | null =>
    caller === "signedOut"
      ? null
      : {
          user: { id: users[caller], email: caller === "outsider" ? "outsider@else.test" : `${caller}@acme.test` },
          expires: new Date(Date.now() + 86_400_000).toISOString(),
        };
  return { teamId, users, inviteId, keyId, endpointId, deliveryId, sessionOf };
}
type Seed = Awaited<ReturnType<typeof seed>>;

type Access = { kind: "public" } | { kind: "authed" } | { kind: "operator" } | { kind: "team"; permission: Permission };
type Row = { access: Access; input: (s: Seed) => unknown };

const team = (permission: Permission, input: (s: Seed) => object = () => ({})): Row => ({
  access: { kind: "team", permission },
  input: (s) => ({ teamId: s.teamId, ...input(s) }),
});

/** Operators only: the admin of Acme is made one (PLATFORM_ADMIN_EMAILS below); anyone else meets NOT_FOUND. */
const operator: Row = { access: { kind: "operator" }, input: () => ({ window: "24h" }) };

/** Procedure → who may call it, and an input with which an allowed caller succeeds. */
const TABLE: Record<string, Row> = {
  "health.check": { access: { kind: "public" }, input: () => undefined },
  "teams.list": { access: { kind: "authed" }, input: () => undefined },
  "teams.create": { access: { kind: "authed" }, input: () => ({ name: "Side project" }) },
  "teams.get": team("team.view"),
  "teams.rename": team("team.rename", () => ({ name: "Acme Robotics" })),
  "teams.transferOwnership": team("team.owner", (s) => ({ newOwnerUserId: s.users.admin })),
  "teams.delete": team("team.owner", () => ({ confirmName: "Acme" })),
  "overview.get": team("team.view"),
  "overview.live": team("team.view"),
  "members.list": team("team.view"),
  "members.live": team("team.view"),
  "members.changeRole": team("members.manage", (s) => ({ userId: s.users.member, role: "billing" })),
  "members.remove": team("members.manage", (s) => ({ userId: s.users.member })),
  "invites.list": team("members.manage"),
  "invites.live": team("members.manage"),
  "invites.create": team("members.manage", () => ({ email: "new@acme.test", role: "admin" })),
  "invites.resend": team("members.manage", (s) => ({ inviteId: s.inviteId })),
  "invites.revoke": team("members.manage", (s) => ({ inviteId: s.inviteId })),
  "invites.preview": { access: { kind: "public" }, input: () => ({ token: TOKEN }) },
  "invites.accept": { access: { kind: "authed" }, input: () => ({ token: TOKEN }) },
  "apiKeys.list": team("keys.manage"),
  "apiKeys.live": team("keys.manage"),
  "apiKeys.create": team("keys.manage", () => ({ name: "Deploy", env: "test" })),
  "apiKeys.rotate": team("keys.manage", (s) => ({ keyId: s.keyId, gracePeriod: "15m" })),
  "apiKeys.revoke": team("keys.manage", (s) => ({ keyId: s.keyId })),
  "apiKeys.get": team("keys.manage", (s) => ({ keyId: s.keyId })),
  "apiKeys.update": team("keys.manage", (s) => ({ keyId: s.keyId, name: "Deploy", rateLimit: 10 })),
  "audit.list": team("audit.view", () => ({ action: "key.create" })),
  "audit.live": team("audit.view", () => ({ action: "key.create" })),
  "webhooks.list": team("webhooks.manage"),
  "webhooks.get": team("webhooks.manage", (s) => ({ endpointId: s.endpointId })),
  "webhooks.live": team("webhooks.manage"),
  "webhooks.detailLive": team("webhooks.manage", (s) => ({ endpointId: s.endpointId })),
  "webhooks.create": team("webhooks.manage", () => ({ url: "https://hooks.acme.test/new", events: ["tier.changed"] })),
  "webhooks.update": team("webhooks.manage", (s) => ({ endpointId: s.endpointId, description: "Renamed" })),
  "webhooks.remove": team("webhooks.manage", (s) => ({ endpointId: s.endpointId })),
  "webhooks.revealSecret": team("webhooks.revealSecret", (s) => ({ endpointId: s.endpointId })),
  "webhooks.rotateSecret": team("webhooks.manage", (s) => ({ endpointId: s.endpointId })),
  "webhooks.sendTest": team("webhooks.manage", (s) => ({ endpointId: s.endpointId })),
  "webhooks.redeliver": team("webhooks.manage", (s) => ({ deliveryId: s.deliveryId })),
  "webhooks.replayFailed": team("webhooks.manage", (s) => ({ endpointId: s.endpointId, since: 0 })),
  "billing.overview": team("billing.view"),
  "billing.setSpendCap": team("billing.manage", () => ({ spendCapUsd: 600 })),
  "billing.changePlan": team("billing.manage", () => ({ plan: "startup" })),
  "billing.paymentPortal": team("billing.manage"),
  "operator.api": operator,
  "operator.webhooks": operator,
  "operator.business": operator,
  "operator.teams": operator,
  "usage.live": team("team.view", (s) => ({ from: 0, to: 86_400_000, granularity: "hour", apiKeyId: s.keyId })),
  "usage.chart": team("team.view", (s) => ({ from: 0, to: 86_400_000, granularity: "hour", apiKeyId: s.keyId })),
};

/** A subscription answers with a stream whose first event is its answer (a refusal arrives in the stream). */
async function call(session: Session | null, path: string, input: unknown): Promise<unknown> {
  const [router, procedure] = path.split(".");
  const caller = createCaller(harness.context(session)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const result = await caller[router][procedure](input);
  if (result === null || typeof result !== "object" || !(Symbol.asyncIterator in result)) return result;
  const stream = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  try {
    return (await stream.next()).value;
  } finally {
    await stream.return?.();
  }
}

function expected(access: Access, caller: Caller): string {
  if (access.kind === "public") return "OK";
  if (access.kind === "operator") return caller === "admin" ? "OK" : "NOT_FOUND";
  if (caller === "signedOut") return "UNAUTHORIZED";
  if (access.kind === "authed") return "signed in";
  return caller !== "outsider" && can(caller, access.permission) ? "OK" : "FORBIDDEN";
}

describe("RBAC: every procedure × every caller", () => {
  it("has a row for every procedure in the router, and no row for one that is gone", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(TABLE).sort());
  });

  for (const [path, row] of Object.entries(TABLE)) {
    it(`${path} (${row.access.kind === "team" ? row.access.permission : row.access.kind})`, async () => {
      for (const caller of CALLERS) {
        // A fresh team per call: an allowed mutation (a removal, a deletion) must not change what the next caller meets.
        await harness.t().run(async (ctx) => {
          for (const table of [
            "members",
            "invites",
            "apiKeys",
            "teams",
            "users",
            "auditLog",
            "webhookEndpoints",
            "webhookSubscriptions",
            "webhookEvents",
            "webhookDeliveries",
          ] as const) {
            for (const doc of await ctx.db.query(table).collect()) await ctx.db.delete(doc._id);
          }
        });
        const s = await seed();
        const code = await codeOf(call(s.sessionOf(caller), path, row.input(s)));
        const want = expected(row.access, caller);
        // An authed-only procedure's outcome for a signed-in caller is its own business (e.g. accepting an invite
        // meant for someone else); what matters here is that the gate let them through.
        const got = want === "signed in" ? (code === "UNAUTHORIZED" ? code : "signed in") : code;
        expect(`${path} as ${caller}: ${got}`).toBe(`${path} as ${caller}: ${want}`);
      }
    });
  }
});

describe("cross-team ids", () => {
  /** The owner of Acme also owns Other, so only the team-ownership check of each id can refuse. */
  async function twoTeams() {
    const s = await seed();
    const other = await harness
      .t()
      .mutation(api.teams.create, { name: "Other", ownerEmail: "owner@acme.test", plan: "growth", serverSecret: SECRET });
    const otherUser = await harness.t().run((ctx) => ctx.db.insert("users", { email: "staff@other.test" }));
    await harness.t().run((ctx) => ctx.db.insert("members", { teamId: other.teamId, userId: otherUser, role: "member" }));
    const otherInvite = await harness.t().mutation(api.invites.create, {
      teamId: other.teamId,
      actingUserId: s.users.owner,
      email: "someone@other.test",
      role: "member",
      tokenHash: await sha256Hex("B".repeat(43)),
      serverSecret: SECRET,
    });
    const otherKey = await harness.t().mutation(api.apiKeys.create, { teamId: other.teamId, name: "Other key", serverSecret: SECRET });
    const otherWebhook = await seedWebhook(other.teamId, s.users.owner);
    return {
      ...s,
      otherUser,
      otherInviteId: otherInvite.inviteId,
      otherKeyId: otherKey.keyId,
      otherTeamId: other.teamId,
      otherEndpointId: otherWebhook.endpointId,
      otherDeliveryId: otherWebhook.deliveryId,
    };
  }
  type Two = Awaited<ReturnType<typeof twoTeams>>;

  const ATTEMPTS: Record<string, (s: Two) => object> = {
    "teams.transferOwnership": (s) => ({ newOwnerUserId: s.otherUser }),
    "members.changeRole": (s) => ({ userId: s.otherUser, role: "admin" }),
    "members.remove": (s) => ({ userId: s.otherUser }),
    "invites.resend": (s) => ({ inviteId: s.otherInviteId }),
    "invites.revoke": (s) => ({ inviteId: s.otherInviteId }),
    "apiKeys.rotate": (s) => ({ keyId: s.otherKeyId, gracePeriod: "0" }),
    "apiKeys.revoke": (s) => ({ keyId: s.otherKeyId }),
    "apiKeys.get": (s) => ({ keyId: s.otherKeyId }),
    "apiKeys.update": (s) => ({ keyId: s.otherKeyId, rateLimit: 1 }),
    "webhooks.get": (s) => ({ endpointId: s.otherEndpointId }),
    "webhooks.detailLive": (s) => ({ endpointId: s.otherEndpointId }),
    "webhooks.update": (s) => ({ endpointId: s.otherEndpointId, status: "disabled" }),
    "webhooks.remove": (s) => ({ endpointId: s.otherEndpointId }),
    "webhooks.revealSecret": (s) => ({ endpointId: s.otherEndpointId }),
    "webhooks.rotateSecret": (s) => ({ endpointId: s.otherEndpointId }),
    "webhooks.sendTest": (s) => ({ endpointId: s.otherEndpointId }),
    "webhooks.redeliver": (s) => ({ deliveryId: s.otherDeliveryId }),
    "webhooks.replayFailed": (s) => ({ endpointId: s.otherEndpointId, since: 0 }),
  "usage.chart": (s) => ({ from: 0, to: 86_400_000, granularity: "hour", apiKeyId: s.otherKeyId }),
  "usage.live": (s) => ({ from: 0, to: 86_400_000, granularity: "hour", apiKeyId: s.otherKeyId }),
  };

  it("covers every procedure whose input names a user, invite or key", () => {
    // Read off the procedures' zod input schemas, so a new id-taking input cannot slip past this list.
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: { shape?: Record<string, unknown> }[] } }>;
    const idTaking = Object.entries(procedures)
      .filter(([path, procedure]) => {
        if (path === "audit.list" || path === "audit.live") return false; // its actor id only filters the caller's own team's rows
        const fields = procedure._def.inputs.flatMap((schema) => Object.keys(schema.shape ?? {}));
        return fields.some((field) => field !== "teamId" && /Id$/.test(field));
      })
      .map(([path]) => path);
    expect(idTaking.sort()).toEqual(Object.keys(ATTEMPTS).sort());
  });

  for (const [path, input] of Object.entries(ATTEMPTS)) {
    it(`${path} with another team's id is NOT_FOUND and changes nothing`, async () => {
      const s = await twoTeams();
      const snapshot = () =>
        harness.t().run(async (ctx) => ({
          members: await ctx.db.query("members").collect(),
          invites: await ctx.db.query("invites").collect(),
          keys: await ctx.db.query("apiKeys").collect(),
          webhooks: await ctx.db.query("webhookEndpoints").collect(),
          deliveries: await ctx.db.query("webhookDeliveries").collect(),
        }));
      const before = await snapshot();
      expect(await codeOf(call(s.sessionOf("owner"), path, { teamId: s.teamId, ...input(s) }))).toBe("NOT_FOUND");
      expect(await snapshot()).toEqual(before);
    });
  }

  it("a user, invite or key id that is no id at all is NOT_FOUND", async () => {
    const s = await seed();
    const junk = "not-an-id";
    const attempts: [string, object][] = [
      ["teams.transferOwnership", { newOwnerUserId: junk }],
      ["members.changeRole", { userId: junk, role: "admin" }],
      ["members.remove", { userId: junk }],
      ["invites.resend", { inviteId: junk }],
      ["invites.revoke", { inviteId: junk }],
      ["apiKeys.rotate", { keyId: junk, gracePeriod: "0" }],
      ["apiKeys.revoke", { keyId: junk }],
      ["apiKeys.get", { keyId: junk }],
      ["apiKeys.update", { keyId: junk, name: "x" }],
      ["usage.chart", { from: 0, to: 86_400_000, granularity: "hour", apiKeyId: junk }],
    ];
    for (const [path, input] of attempts) {
      expect(`${path}: ${await codeOf(call(s.sessionOf("owner"), path, { teamId: s.teamId, ...input }))}`).toBe(`${path}: NOT_FOUND`);
    }
  });

  it("a team id that is no id at all is FORBIDDEN, like any team the caller is not in", async () => {
    const s = await seed();
    expect(await codeOf(call(s.sessionOf("owner"), "teams.get", { teamId: "not-a-team-id" }))).toBe("FORBIDDEN");
  });

  it("audit.list filtered by another team's actor shows nothing of the other team", async () => {
    const s = await twoTeams();
    const page = (await call(s.sessionOf("owner"), "audit.list", { teamId: s.teamId, actorUserId: s.otherUser })) as { entries: unknown[] };
    expect(page.entries).toEqual([]);
  });
});
