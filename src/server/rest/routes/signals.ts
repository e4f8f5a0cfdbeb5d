/**
 * `POST /api/internal/v1/signals` (SPEC §10): operators' producers push signals here, NDJSON or a JSON array,
 * at most 10,000 a request, with `Authorization: Bearer $INGEST_TOKEN`. Not part of the public API (no API key,
 * not in the OpenAPI document). The answer is the CLI's: `{accepted, duplicates, rejected, agentsUpdated,
 * errors}`; a bad line is listed with its line number and the rest are still taken.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { constantTimeEqual } from "../../../../convex/lib/constantTime";
import { getBackend } from "../../backend";
import { type ParsedBody, parseJsonArray, parseNdjson } from "../../signals/body";
import { sendInChunks } from "../../signals/chunks";
import { IngestTally } from "../../signals/tally";
import { ApiError, MALFORMED_JSON } from "../errors";
import type { RestEnv } from "../env";
import { logOf } from "../middleware/requestLog";

export const INGEST_PATH = "/api/internal/v1/signals";
export const MAX_SIGNALS_PER_REQUEST = 10_000;
/** 10,000 signals of a few hundred bytes each fit with room to spare; anything bigger is not a valid request. */
export const MAX_INGEST_BODY_BYTES = 16 * 1024 * 1024;

const NDJSON_TYPES = new Set(["application/x-ndjson", "application/ndjson", "application/jsonl"]);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

let warnedUnset = false;

/** The caller must present INGEST_TOKEN; with none configured, ingestion over HTTP is off and says so once in the log. */
const requireIngestToken: MiddlewareHandler<RestEnv> = async (c, next) => {
  const expected = process.env.INGEST_TOKEN;
  if (!expected && !warnedUnset) {
    warnedUnset = true;
    logOf(c).warn(`INGEST_TOKEN is not set: ${INGEST_PATH} refuses every request until it is`);
  }
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (!expected || presented === undefined || !constantTimeEqual(presented, expected)) {
    throw new ApiError("UNAUTHORIZED", "Send the ingestion token as Authorization: Bearer <INGEST_TOKEN>.");
  }
  await next();
};

const limitBody = bodyLimit({
  maxSize: MAX_INGEST_BODY_BYTES,
  onError: () => {
    throw new ApiError("PAYLOAD_TOO_LARGE", `The request body exceeds ${MAX_INGEST_BODY_BYTES} bytes; send at most ${MAX_SIGNALS_PER_REQUEST} signals a request.`);
  },
});

function tooMany(count: number): ApiError {
  return new ApiError(
    "PAYLOAD_TOO_LARGE",
    `A request carries at most ${MAX_SIGNALS_PER_REQUEST} signals; this one has ${count}. Split it, or use \`npm run admin -- signals ingest FILE\` for files.`,
  );
}

function countNdjsonLines(text: string): number {
  let count = 0;
  for (const line of text.split("\n")) if (line.trim() !== "") count++;
  return count;
}

function parseBody(mediaType: string, text: string): ParsedBody {
  if (NDJSON_TYPES.has(mediaType)) {
    const count = countNdjsonLines(text);
    if (count > MAX_SIGNALS_PER_REQUEST) throw tooMany(count);
    return parseNdjson(text);
  }
  if (JSON_TYPE.test(mediaType)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError("VALIDATION_ERROR", MALFORMED_JSON);
    }
    if (Array.isArray(value) && value.length > MAX_SIGNALS_PER_REQUEST) throw tooMany(value.length);
    const parsed = parseJsonArray(value);
    if (!parsed) throw new ApiError("VALIDATION_ERROR", "A JSON body must be an array of signals.");
    return parsed;
  }
  throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send signals as application/x-ndjson (one per line) or application/json (an array).");
}

export function registerSignalRoutes(app: OpenAPIHono<RestEnv>): void {
  app.post(INGEST_PATH, requireIngestToken, limitBody, async (c) => {
    const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    const body = parseBody(mediaType, await c.req.text());
    const tally = new IngestTally();
    for (const error of body.errors) tally.reject(error);
    await sendInChunks(await getBackend(), tally, body.signals);
    return c.json(tally.summary(), 200);
  });
}
