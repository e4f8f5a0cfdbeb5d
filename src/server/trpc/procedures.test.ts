/// <reference types="vite/client" />
/**
 * The portal's procedures against the real convex/ functions (run by convex-test), with fake sessions: who may
 * call what, as SPEC §5's matrix says, and what they get.
 */
import { TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { can, PERMISSIONS, ROLES, type Role } from "../../../convex/lib/permissions";
import schema from "../../../convex/schema";
import { appBackendOver } from "@/testing/appBackend";
import { createConvexTestBackend } from "@/testing/convexTestBackend";
import type { TestBackend } from "@/testing/types";
import type { Backend } from "../backend/types";
import { logger } from "../http/logger";
import { createCallerFactory, createTRPCRouter, teamProcedure, type TRPCContext } from "./init";
import { createCaller } from "./root";
import { systemResolve } from "../../../convex/lib/webhookHost";

const SECRET = "trpc-test-server-secret";
const modules = import.meta.glob("../../../convex/**/*.*s");

let t: TestBackend;
let previousSecret: string | undefined;

beforeEach(async () => {
  previousSecret = process.env.GHOSTSPEAK_SERVER_SECRET;
  process.env.GHOSTSPEAK_SERVER_SECRET = SECRET;
  t = await createConvexTestBackend({ modules, dir: "../../../convex/", schema });
});

afterEach(async () => {
  await t.close();
  if (previousSecret === undefined) delete process.env.GHOSTSPEAK_SERVER_SECRET;
  else process.env.GHOSTSPEAK_SERVER_SECRET = previousSecret;
});

const backend = (): Backend => appBackendOver(t, SECRET);

function session(userId: Id<"users">, email: string): Session {
  return { user: { id: userId, email }, expires: new Date(Date.now() + 86_400_000).toISOString() };
}

function context(s: Session | null): TRPCContext {
  return { session: s, backend: backend(), sendMail: async () => undefined, log: logger, resolveHost: systemResolve };
}

/** A team whose owner is `owner@…`, plus one user per other role and an outsider. */
async function seedTeam() {
  const { teamId } = await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: SECRET });
  const users = await t.run(async (ctx) => {
    const byRole = {} as Record<Role, Id<"users">>;
    for (const role of ROLES) {
      const email = `${role}@acme.test`;
      const existing = await ctx.db
        .query("users")
        .withIndex("by_email", (q) => q.eq("email", email))
        .unique();
      const userId = existing?._id ?? (await ctx.db.insert("users", { email }));
      if (role !== "owner") await ctx.db.insert("members", { teamId, userId, role });
      byRole[role] = userId;
    }
    const outsider = await ctx.db.insert("users", { email: "outsider@else.test" });
    return { byRole, outsider };
  });
  const as = (role: Role) => session(users.byRole[role], `${role}@acme.test`);
  return { teamId, as, outsider: session(users.outsider, "outsider@else.test") };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("health.check", () => {
  it("answers for anyone, after a round trip to the backend", async () => {
    const result = await createCaller(context(null)).health.check();
    expect(result).toMatchObject({ status: "ok", backend: "embedded" });
    expect(typeof result.version).toBe("string");
  });
});

describe("teams.list", () => {
  it("refuses a signed-out visitor", async () => {
    expect(await codeOf(createCaller(context(null)).teams.list())).toBe("UNAUTHORIZED");
  });

  it("lists the signed-in user's teams with their role", async () => {
    const { teamId, as, outsider } = await seedTeam();
    expect(await createCaller(context(as("billing"))).teams.list()).toEqual([
      { teamId, name: "Acme", plan: "startup", status: "active", role: "billing" },
    ]);
    expect(await createCaller(context(outsider)).teams.list()).toEqual([]);
  });
});

describe("teams.get (team.view)", () => {
  it("gives every role the team and their role", async () => {
    const { teamId, as } = await seedTeam();
    for (const role of ROLES) {
      const result = await createCaller(context(as(role))).teams.get({ teamId });
      expect(result.role).toBe(role);
      expect(result.team).toEqual({ id: teamId, name: "Acme", plan: "startup", status: "active" });
      expect(result.limits).toEqual({ maxMembers: 5, maxApiKeys: 3 });
    }
  });

  it("refuses a non-member with FORBIDDEN and a visitor with UNAUTHORIZED", async () => {
    const { teamId, outsider } = await seedTeam();
    expect(await codeOf(createCaller(context(outsider)).teams.get({ teamId }))).toBe("FORBIDDEN");
    expect(await codeOf(createCaller(context(null)).teams.get({ teamId }))).toBe("UNAUTHORIZED");
  });

  it("refuses input without a team id as BAD_REQUEST with the field named", async () => {
    const { as } = await seedTeam();
    const error = await createCaller(context(as("owner")))
      .teams.get({ teamId: "" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
  });
});

describe("teamProcedure(permission)", () => {
  // A router with one procedure per permission, so the factory is checked against the whole matrix.
  const router = createTRPCRouter(
    Object.fromEntries(PERMISSIONS.map((permission) => [permission, teamProcedure(permission).query(({ ctx }) => ctx.role)])),
  );
  const callerFor = createCallerFactory(router);

  it("allows exactly the roles SPEC §5 grants, for every permission", async () => {
    const { teamId, as, outsider } = await seedTeam();
    for (const permission of PERMISSIONS) {
      for (const role of ROLES) {
        const call = callerFor(context(as(role)))[permission]({ teamId });
        expect(`${permission} as ${role}: ${await codeOf(call)}`).toBe(`${permission} as ${role}: ${can(role, permission) ? "OK" : "FORBIDDEN"}`);
      }
      expect(await codeOf(callerFor(context(outsider))[permission]({ teamId }))).toBe("FORBIDDEN");
    }
  });

  it("spot-checks the matrix: a member cannot view billing, a billing viewer cannot manage keys", async () => {
    const { teamId, as } = await seedTeam();
    expect(await codeOf(callerFor(context(as("member")))["billing.view"]({ teamId }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(context(as("billing")))["keys.manage"]({ teamId }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(context(as("billing")))["billing.view"]({ teamId }))).toBe("OK");
  });

  it("never lets a member of one team into another", async () => {
    const { as } = await seedTeam();
    const other = await t.mutation(api.teams.create, { name: "Other", ownerEmail: "boss@other.test", serverSecret: SECRET });
    expect(await codeOf(callerFor(context(as("owner")))["team.view"]({ teamId: other.teamId }))).toBe("FORBIDDEN");
  });
});
