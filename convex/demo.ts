/**
 * Demo data for a newcomer's first `npm start`: a team and a live key to call the API with, and a population of
 * agents with signal histories to call it about.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { MAX_SIGNALS_PER_CHUNK } from "./signals";
import { internalMutation, internalQuery } from "./_generated/server";
import { demoAgent, demoAgentAddress } from "./lib/demoPopulation";
import { appError } from "./lib/errors";
import { serverAction, serverMutation, serverQuery } from "./lib/serverFunctions";
import type { SignalInput } from "./lib/signalInput";
import { TIERS, vTier } from "./lib/validators";
import { setAgentFlag } from "./model/agentFlags";
import { findAgentByAddress } from "./model/agentScores";
import { issueApiKey } from "./model/apiKeys";
import { createTeam } from "./model/teams";
import { findUserByEmail } from "./model/users";

const DEMO_OWNER_EMAIL = "demo@ghostspeak.dev";
const DEMO_TEAM_NAME = "Demo Team";

/**
 * Idempotent: the first call creates the demo team (growth plan, so the demo has room to try things) and a
 * live key, and returns the key; later calls find the team and return its id only.
 */
export const seed = serverMutation({
  args: {},
  returns: v.union(
    v.object({ created: v.literal(true), teamId: v.id("teams"), key: v.string() }),
    v.object({ created: v.literal(false), teamId: v.id("teams") }),
  ),
  handler: async (ctx) => {
    const owner = await findUserByEmail(ctx, DEMO_OWNER_EMAIL);
    if (owner) {
      const ownerships = await ctx.db
        .query("members")
        .withIndex("by_user", (q) => q.eq("userId", owner._id))
        .filter((q) => q.eq(q.field("role"), "owner"))
        .collect();
      for (const membership of ownerships) {
        const team = await ctx.db.get(membership.teamId);
        if (team?.name === DEMO_TEAM_NAME) return { created: false as const, teamId: team._id };
      }
    }
    const actor = { kind: "system" } as const;
    const { teamId } = await createTeam(ctx, { name: DEMO_TEAM_NAME, ownerEmail: DEMO_OWNER_EMAIL, plan: "growth", actor });
    const team = (await ctx.db.get(teamId))!;
    const { key } = await issueApiKey(ctx, { team, env: "live", name: "Demo key", actor });
    return { created: true as const, teamId, key };
  },
});

/** Agents looked up per query while counting tiers. */
const SEED_CHUNK = 1_000;
export const MAX_DEMO_AGENTS = 10_000;

const vTierCounts = v.object({
  NEWCOMER: v.number(),
  BRONZE: v.number(),
  SILVER: v.number(),
  GOLD: v.number(),
  PLATINUM: v.number(),
  DIAMOND: v.number(),
});

/**
 * `demo seed --agents N`: demo agents 0…N−1 of `convex/lib/demoPopulation.ts`, their signals ingested through
 * the ledger like any producer's (chunked transactions), then the flagged ones flagged. Idempotent: the signal
 * ids are fixed, so a rerun finds duplicates and changes nothing. Answers what the population now looks like.
 */
export const seedAgents = serverAction({
  args: { agents: v.number() },
  returns: v.object({
    agents: v.number(),
    signals: v.object({ accepted: v.number(), duplicates: v.number() }),
    flagged: v.number(),
    tiers: vTierCounts,
    sampleAgentAddress: v.union(v.string(), v.null()),
  }),
  handler: async (ctx, { agents: count }) => {
    if (!Number.isInteger(count) || count < 0 || count > MAX_DEMO_AGENTS) {
      throw appError("VALIDATION_ERROR", `The number of demo agents must be an integer from 0 to ${MAX_DEMO_AGENTS}.`);
    }
    const now = Date.now();
    const signals = { accepted: 0, duplicates: 0 };
    const flags: { address: string; reason: string }[] = [];
    const addresses: string[] = [];
    let chunk: SignalInput[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const result = await ctx.runMutation(internal.signals.ingestChunk, { signals: chunk });
      signals.accepted += result.accepted;
      signals.duplicates += result.duplicates;
      chunk = [];
    };
    for (let index = 0; index < count; index++) {
      const agent = demoAgent(index, now);
      addresses.push(agent.address);
      if (agent.flaggedReason) flags.push({ address: agent.address, reason: agent.flaggedReason });
      // A chunk holds whole agents, as many as one ingestion transaction takes.
      if (chunk.length + agent.signals.length > MAX_SIGNALS_PER_CHUNK) await flush();
      chunk.push(...agent.signals);
    }
    await flush();
    await ctx.runMutation(internal.demo.flagDemoAgents, { flags });
    const tiers = { NEWCOMER: 0, BRONZE: 0, SILVER: 0, GOLD: 0, PLATINUM: 0, DIAMOND: 0 };
    for (let i = 0; i < addresses.length; i += SEED_CHUNK) {
      const found = await ctx.runQuery(internal.demo.tiersOf, { addresses: addresses.slice(i, i + SEED_CHUNK) });
      for (const tier of found) tiers[tier]++;
    }
    return { agents: count, signals, flagged: flags.length, tiers, sampleAgentAddress: count > 0 ? demoAgentAddress(0) : null };
  },
});

/** Flags the demo agents meant to be flagged; one already flagged is left as it is (no second audit row). */
export const flagDemoAgents = internalMutation({
  args: { flags: v.array(v.object({ address: v.string(), reason: v.string() })) },
  returns: v.null(),
  handler: async (ctx, { flags }) => {
    for (const { address, reason } of flags) {
      const agent = await findAgentByAddress(ctx, address);
      if (agent && agent.status !== "flagged") await setAgentFlag(ctx, agent, { flagged: true, reason }, { kind: "system" });
    }
    return null;
  },
});

export const tiersOf = internalQuery({
  args: { addresses: v.array(v.string()) },
  returns: v.array(vTier),
  handler: async (ctx, { addresses }) => {
    const agents = await Promise.all(addresses.map((address) => findAgentByAddress(ctx, address)));
    return agents.flatMap((agent) => (agent ? [agent.tier] : []));
  },
});

/** Demo indices looked at for `showcase`: two turns of the tier cycle, so each tier has more than one candidate. */
const SHOWCASE_SCAN = 40;
const SHOWCASE_SIZE = 5;

/**
 * Up to five seeded, unflagged demo agents of different tiers, best tier first: what `npm start` prints to try
 * a verify and a batch. Read from the stored agents rather than from the generator's targets, because scores
 * decay (scoreDecay.ts): the tier printed is the one the API answers today, on every start.
 */
export const showcase = serverQuery({
  args: {},
  returns: v.array(v.object({ tier: vTier, address: v.string() })),
  handler: async (ctx) => {
    const byTier = new Map<string, string>();
    for (let index = 0; index < SHOWCASE_SCAN; index++) {
      const agent = await findAgentByAddress(ctx, demoAgentAddress(index));
      if (agent && agent.status !== "flagged" && !byTier.has(agent.tier)) byTier.set(agent.tier, agent.address);
    }
    return [...TIERS]
      .reverse()
      .flatMap((tier) => {
        const address = byTier.get(tier);
        return address ? [{ tier, address }] : [];
      })
      .slice(0, SHOWCASE_SIZE);
  },
});
