/**
 * `GET /api/v1/agents/{address}/score` with the HTTP cache the API asks for: an answer is reused without a request
 * while `Cache-Control: max-age` allows, then revalidated with `If-None-Match`; a 304 (not billed) renews it.
 */
import { freshForMs } from "./answerHeaders.js";
import { NotFoundError } from "./errors.js";
import { resultOf, type Answer, type Transport } from "./transport.js";
import type { ApiResult, CallOptions, Score, ScoreResult } from "./types.js";

/** Addresses kept at most; the least recently stored goes first, so a long-lived client's memory stays bounded. */
const MAX_ENTRIES = 1_000;

interface Entry {
  etag: string;
  result: ApiResult<Score>;
  freshUntil: number;
}

export class Scores {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly transport: Transport) {}

  async get(agentAddress: string, options?: CallOptions): Promise<ScoreResult> {
    const cached = this.entries.get(agentAddress);
    if (cached && Date.now() < cached.freshUntil) return { ...cached.result, cache: "hit" };
    let answer: Answer;
    try {
      answer = await this.transport.send({
        method: "GET",
        path: `/api/v1/agents/${encodeURIComponent(agentAddress)}/score`,
        headers: cached ? { "If-None-Match": cached.etag } : undefined,
        options,
      });
    } catch (error) {
      if (error instanceof NotFoundError) this.entries.delete(agentAddress);
      throw error;
    }
    const revalidated = answer.status === 304 && cached !== undefined;
    const result = revalidated ? { ...resultOf<Score>(answer), data: cached.result.data } : resultOf<Score>(answer);
    this.remember(agentAddress, answer.headers, result);
    return { ...result, cache: revalidated ? "revalidated" : "miss" };
  }

  private remember(agentAddress: string, headers: Headers, result: ApiResult<Score>): void {
    this.entries.delete(agentAddress);
    const etag = headers.get("etag");
    if (etag === null) return;
    this.entries.set(agentAddress, { etag, result, freshUntil: Date.now() + freshForMs(headers) });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
