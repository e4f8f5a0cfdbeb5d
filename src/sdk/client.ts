/** `new GhostSpeak({ apiKey })`: every endpoint of the public API as a method. */
import { verifyBatch } from "./batch.js";
import { Scores } from "./scores.js";
import { Transport, type Fetch } from "./transport.js";
import type { ApiResult, BatchRequest, BatchVerification, CallOptions, ScoreResult, Usage, UsageQuery, Verification, VerifyRequest } from "./types.js";
import { Webhooks } from "./webhooks.js";

/** The public API's address. */
export const DEFAULT_BASE_URL = "https://api.ghostspeak.io";

export interface GhostSpeakOptions {
  /** `gs_live_…` or `gs_test_…`. */
  apiKey: string;
  /** Where the API answers; defaults to `DEFAULT_BASE_URL`. */
  baseUrl?: string;
  /** Each attempt's limit, answer body included. Default 10 s. */
  timeoutMs?: number;
  /** Retries after a network error, a timeout, a 5xx or a 429. Default 2. */
  maxRetries?: number;
  /** The first retry's backoff, doubled for each further one, with jitter. Default 500 ms. */
  retryDelayMs?: number;
  /** The longest wait between attempts; a 429 whose `Retry-After` is longer fails at once. Default 60 s. */
  maxRetryDelayMs?: number;
  /** Requests of a long `verifyBatch` in flight at once. Default 4. */
  batchConcurrency?: number;
  /** A `fetch` to use instead of the global one (bind it if it needs its `this`). */
  fetch?: Fetch;
}

export type UsageOptions = Omit<UsageQuery, "from" | "to"> & { from?: Date | string; to?: Date | string };

const isoTime = (time: Date | string | undefined) => (time instanceof Date ? time.toISOString() : time);

export class GhostSpeak {
  readonly webhooks: Webhooks;
  private readonly transport: Transport;
  private readonly scores: Scores;
  private readonly batchConcurrency: number;

  constructor(options: GhostSpeakOptions) {
    if (!options?.apiKey) throw new TypeError("GhostSpeak needs an apiKey (gs_live_… or gs_test_…).");
    this.transport = new Transport({
      apiKey: options.apiKey,
      baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: { maxRetries: options.maxRetries ?? 2, baseDelayMs: options.retryDelayMs ?? 500, maxDelayMs: options.maxRetryDelayMs ?? 60_000 },
      // Looked up at each call, and called unbound: Workers and browsers refuse a fetch called on another object.
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    });
    this.scores = new Scores(this.transport);
    this.webhooks = new Webhooks(this.transport);
    this.batchConcurrency = Math.max(1, options.batchConcurrency ?? 4);
  }

  /** `POST /api/v1/verify` (1¢): the agent's score, tier and whether it is verified. */
  verify(request: VerifyRequest, options?: CallOptions): Promise<ApiResult<Verification>> {
    return this.transport.request({ method: "POST", path: "/api/v1/verify", body: request, options });
  }

  /** `GET /api/v1/agents/{address}/score` (0.5¢), cached as the answer's `Cache-Control` and `ETag` allow. */
  score(agentAddress: string, options?: CallOptions): Promise<ScoreResult> {
    return this.scores.get(agentAddress, options);
  }

  /** `POST /api/v1/verify/batch` (0.5¢ per unique found agent) for any number of agents, 100 per request. */
  verifyBatch(request: BatchRequest, options?: CallOptions): Promise<ApiResult<BatchVerification>> {
    return verifyBatch(this.transport, request, this.batchConcurrency, options);
  }

  /** `GET /api/v1/usage` (free): totals, per endpoint and over time; by default this UTC month so far. */
  usage(query: UsageOptions = {}, options?: CallOptions): Promise<ApiResult<Usage>> {
    return this.transport.request({
      method: "GET",
      path: "/api/v1/usage",
      query: { from: isoTime(query.from), to: isoTime(query.to), granularity: query.granularity },
      options,
    });
  }
}
