/**
 * `verifyBatch` for lists of any length: duplicates dropped first (a duplicate in two requests would be billed
 * twice), then requests of at most 100 agents, a bounded number in flight, and their answers merged in order.
 */
import type { Transport } from "./transport.js";
import type { ApiResult, BatchAnswer, BatchRequest, BatchVerification, CallOptions } from "./types.js";

/** The most agents one request may carry (SPEC §2). */
export const BATCH_LIMIT = 100;

/** Runs `task` over `items` with at most `limit` running; results in input order. After a failure nothing new starts. */
async function mapBounded<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index], index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function chunked(agents: string[]): string[][] {
  // An empty list still goes to the API, which answers it with VALIDATION_ERROR.
  if (agents.length === 0) return [[]];
  const chunks: string[][] = [];
  for (let i = 0; i < agents.length; i += BATCH_LIMIT) chunks.push(agents.slice(i, i + BATCH_LIMIT));
  return chunks;
}

function merge(requested: number, results: ApiResult<BatchAnswer>[]): ApiResult<BatchVerification> {
  const answers = results.map((result) => result.data);
  const sum = (pick: (answer: BatchAnswer) => number) => answers.reduce((total, answer) => total + pick(answer), 0);
  const tierDistribution: BatchAnswer["summary"]["tierDistribution"] = {};
  for (const answer of answers) {
    for (const [tier, count] of Object.entries(answer.summary.tierDistribution) as [keyof typeof tierDistribution, number][]) {
      tierDistribution[tier] = (tierDistribution[tier] ?? 0) + count;
    }
  }
  const unique = sum((a) => a.summary.unique);
  const totalMs = sum((a) => a.timing.totalMs);
  // The most cautious figures any answer reported: the one with the fewest requests left.
  const tightest = results.reduce((low, result) => (result.rateLimit.remaining < low.rateLimit.remaining ? result : low));
  return {
    ...tightest,
    replayed: results.every((result) => result.replayed),
    data: {
      results: answers.flatMap((a) => a.results),
      summary: { requested, unique, found: sum((a) => a.summary.found), notFound: sum((a) => a.summary.notFound), invalid: sum((a) => a.summary.invalid), tierDistribution },
      // Whole micro-dollars: each request's amount is exact, their float sum need not be.
      cost: { billableAgents: sum((a) => a.cost.billableAgents), amountUsd: Math.round(sum((a) => a.cost.amountUsd) * 1e6) / 1e6 },
      timing: { totalMs, avgPerAgentMs: unique === 0 ? 0 : Math.round((totalMs / unique) * 100) / 100 },
      requestIds: answers.map((a) => a.requestId),
    },
  };
}

export async function verifyBatch(transport: Transport, request: BatchRequest, concurrency: number, options: CallOptions = {}): Promise<ApiResult<BatchVerification>> {
  const chunks = chunked([...new Set(request.agents)]);
  const results = await mapBounded(chunks, concurrency, (agents, index) =>
    transport.request<BatchAnswer>({
      method: "POST",
      path: "/api/v1/verify/batch",
      body: { ...request, agents },
      // A key of the caller's own names the whole list; each request gets its own from it.
      options: { ...options, idempotencyKey: options.idempotencyKey && chunks.length > 1 ? `${options.idempotencyKey}:${index}` : options.idempotencyKey },
    }),
  );
  return merge(request.agents.length, results);
}
