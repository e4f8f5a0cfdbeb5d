/**
 * One API call over `fetch`: the key, JSON in and out, an `Idempotency-Key` on every POST kept across its retries, a
 * timeout per attempt, retries by `retry.ts`, and answers of 400 or more turned into typed errors. Web APIs only
 * (fetch, AbortController, crypto.randomUUID), so it runs wherever fetch does.
 */
import { rateLimitOf, retryAfterSecondsOf } from "./answerHeaders.js";
import { ConnectionError, errorForAnswer, GhostSpeakError } from "./errors.js";
import { isRetryable, retryDelayMs, type RetryPolicy } from "./retry.js";
import type { ApiResult, CallOptions, Problem } from "./types.js";

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportConfig {
  apiKey: string;
  /** Without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
  fetch: Fetch;
}

export interface ApiRequest {
  method: "GET" | "POST" | "DELETE";
  /** Already encoded. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  options?: CallOptions;
}

/** An answer below 400 (2xx, or a 304 the caller asked for). */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export function resultOf<T>(answer: Answer): ApiResult<T> {
  return {
    data: answer.body as T,
    status: answer.status,
    requestId: answer.headers.get("x-request-id") ?? "",
    rateLimit: rateLimitOf(answer.headers),
    replayed: answer.headers.get("idempotent-replayed") === "true",
  };
}

function problemIn(headers: Headers, text: string): Problem | undefined {
  if (!(headers.get("content-type") ?? "").includes("json")) return undefined;
  try {
    const body = JSON.parse(text) as Partial<Problem> | null;
    return typeof body?.code === "string" ? (body as Problem) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", cancel);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const cancel = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", cancel, { once: true });
  });
}

export class Transport {
  constructor(private readonly config: TransportConfig) {}

  async request<T>(request: ApiRequest): Promise<ApiResult<T>> {
    return resultOf<T>(await this.send(request));
  }

  /** The answer once below 400, after the retries the policy allows; otherwise the last attempt's error. */
  async send({ method, path, query, body, headers: extra, options = {} }: ApiRequest): Promise<Answer> {
    const headers: Record<string, string> = { Accept: "application/json", "X-API-Key": this.config.apiKey, ...extra };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    // One key for every attempt: a retry of a request the server did is answered with the stored answer, not done twice.
    if (method === "POST") headers["Idempotency-Key"] = options.idempotencyKey ?? crypto.randomUUID();
    const search = new URLSearchParams(Object.entries(query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    const url = `${this.config.baseUrl}${path}${search === "" ? "" : `?${search}`}`;
    const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const { retry: policy } = this.config;
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt(url, init, options.signal);
      } catch (error) {
        if (!isRetryable(error) || retry >= policy.maxRetries) throw error;
        const delay = retryDelayMs(error, retry, policy);
        if (delay === undefined) throw error;
        await sleep(delay, options.signal);
      }
    }
  }

  private async attempt(url: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Answer> {
    if (signal?.aborted) throw signal.reason;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.config.timeoutMs);
    const cancel = () => controller.abort(signal!.reason);
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      let response: Response;
      let text: string;
      try {
        response = await this.config.fetch(url, { ...init, signal: controller.signal });
        // The body is read under the same timeout: an answer that stalls midway is no answer.
        text = await response.text();
      } catch (error) {
        // The caller cancelled: that is theirs to handle, never retried.
        if (signal?.aborted) throw signal.reason;
        throw new ConnectionError(
          timedOut
            ? { code: "TIMEOUT", message: `No answer within ${this.config.timeoutMs} ms.`, cause: error }
            : { code: "CONNECTION_ERROR", message: "The request failed before an answer came.", cause: error },
        );
      }
      return this.answer(response, text);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", cancel);
    }
  }

  private answer(response: Response, text: string): Answer {
    const { status, headers } = response;
    const requestId = headers.get("x-request-id") ?? undefined;
    if (status >= 400) {
      const rateLimit = headers.has("x-ratelimit-limit") ? rateLimitOf(headers) : undefined;
      throw errorForAnswer(status, problemIn(headers, text), { requestId, rateLimit, retryAfterSeconds: retryAfterSecondsOf(headers) });
    }
    try {
      return { status, headers, body: text === "" ? undefined : JSON.parse(text) };
    } catch (cause) {
      throw new GhostSpeakError({ code: "UNEXPECTED_RESPONSE", message: `The API answered ${status} with a body that is not JSON.`, status, requestId, cause });
    }
  }
}
