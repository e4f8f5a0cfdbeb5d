// Loads a team's usage for benches: the usage events through the recorder every API call uses
// (convex/model/usageRecording.ts), then the usage roll-up (convex/usageRollup.ts) until it has counted them all,
// so events, buckets and periods are the rows the API and the roll-up write; only the batching differs: many
// calls per engine transaction instead of one (or a coalesced handful), in time order as calls arrive.
import type { Id } from "../../convex/_generated/dataModel";
import { internal } from "../../convex/_generated/api";
import type { MutationCtx } from "../../convex/_generated/server";
import { listPriceMicroUsd, type PricedEndpoint } from "../../convex/lib/plans";
import { recordCall, type UsageRecord } from "../../convex/model/usageRecording";
import { SETTLE_MS } from "../../convex/usageRollup";
import type { Engine } from "@/engine";

const ENDPOINTS: { endpoint: PricedEndpoint; method: string }[] = [
  { endpoint: "/api/v1/verify", method: "POST" },
  { endpoint: "/api/v1/agents/{address}/score", method: "GET" },
  { endpoint: "/api/v1/verify/batch", method: "POST" },
];

export type UsageLoad = {
  teamId: Id<"teams">;
  keyIds: Id<"apiKeys">[];
  events: number;
  /** The hours [from, to) the calls are spread over, evenly and in time order. */
  from: number;
  to: number;
  /** Calls per engine transaction (Convex's limits: at most 8,192 documents written). */
  batch: number;
  plan: UsageRecord["plan"];
  /** Default true: run the roll-up once the calls are recorded (false: the caller rolls up, e.g. after several loads). */
  rollUp?: boolean;
};

/**
 * Call `i` of `load`: calls are evenly spaced in time and cycle over every key × endpoint, so with at least
 * keys × endpoints calls an hour every rollup of the grid exists. About 2 % answer 404, 0.5 % 500.
 */
function call(load: UsageLoad, i: number): UsageRecord {
  const slot = i % (load.keyIds.length * ENDPOINTS.length);
  const { endpoint, method } = ENDPOINTS[slot % ENDPOINTS.length]!;
  const status = i % 50 === 7 ? 404 : i % 200 === 3 ? 500 : 200;
  const agentCount = endpoint === "/api/v1/verify/batch" ? 1 + (i % 20) : 1;
  const costMicroUsd = status === 200 ? listPriceMicroUsd(endpoint, agentCount) : 0;
  return {
    teamId: load.teamId,
    apiKeyId: load.keyIds[Math.floor(slot / ENDPOINTS.length)]!,
    endpoint,
    method,
    status,
    billable: costMicroUsd > 0,
    costMicroUsd,
    agentCount: status === 200 ? agentCount : 0,
    responseTimeMs: 2 + ((i * 7_919) % 400),
    requestId: `bench-${load.teamId}-${i}`,
    test: false,
    plan: load.plan,
    timestamp: load.from + Math.floor((i * (load.to - load.from)) / load.events),
  };
}

/** Records `load.events` calls in transactions of `load.batch`, then rolls them up; `onBatch` hears the running count. */
export async function loadUsage(engine: Engine, load: UsageLoad, onBatch?: (done: number) => void): Promise<void> {
  for (let start = 0; start < load.events; start += load.batch) {
    const end = Math.min(load.events, start + load.batch);
    await engine.run(async (ctx) => {
      for (let i = start; i < end; i++) await recordCall(ctx as unknown as MutationCtx, call(load, i));
    });
    onBatch?.(end);
  }
  if (load.rollUp ?? true) await rollUpAll(engine);
}

/** Runs the usage roll-up until it has counted every call recorded so far (it leaves the last second's alone). */
export async function rollUpAll(engine: Engine): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 5));
  while ((await engine.runMutation(internal.usageRollup.run, {})).more);
}
