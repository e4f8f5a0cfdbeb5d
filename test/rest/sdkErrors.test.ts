/**
 * Every problem code the API answers with reaches the built SDK's caller as its family's error class, carrying the
 * code, status, the answer's request id, the problem and (for a 400) each invalid field — each provoked on the real
 * server. No SDK method sends a wrong method or a body that is not JSON, so for 405 and 415 the proxy (sdkProxy.ts)
 * changes a real request on its way and the real server answers. The table must name every code of the document.
 */
import {
  AuthenticationError,
  ConnectionError,
  GhostSpeak,
  GhostSpeakError,
  IdempotencyConflictError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  type ProblemCode,
} from "@ghostspeak/sdk";
import { describe, expect, it } from "vitest";
import { PAST_DUE_GRACE_MS } from "../../convex/lib/teamStanding";
import { agentRow, testAddress } from "@/testing/agentRows";
import { freePort } from "@/testing/freePort";
import { baseUrl, useDatabase } from "./fixtures";
import { useProxy, type Step } from "./sdkProxy";

const fx = useDatabase();
const proxy = useProxy(() => baseUrl);

/** No retries: each case is one answer (sdkRetries.test.ts covers retrying). */
const client = async (plan: "startup" | "growth" = "growth", options: { rateLimit?: number } = {}) => {
  const { teamId, key } = await fx.teamWithKey(plan, options);
  return { teamId, key, gs: new GhostSpeak({ apiKey: key, baseUrl, maxRetries: 0 }) };
};

/** A verify the proxy changes on its way (`step`) before the real server answers it. */
async function alteredOnTheWay(step: Step) {
  proxy().script(() => step);
  return new GhostSpeak({ apiKey: (await client()).key, baseUrl: proxy().url, maxRetries: 0 }).verify({ agentAddress: testAddress(1) });
}

type Case = { family: typeof GhostSpeakError; status: number; provoke: () => Promise<unknown> };

const cases: Record<ProblemCode, Case> = {
  VALIDATION_ERROR: { family: InvalidRequestError, status: 400, provoke: async () => (await client()).gs.verify({ agentAddress: "0OIl", requiredScore: 5000 }) },
  UNAUTHORIZED: { family: AuthenticationError, status: 401, provoke: () => new GhostSpeak({ apiKey: "gs_live_unknown", baseUrl }).usage() },
  PAYMENT_REQUIRED: {
    family: PermissionDeniedError,
    status: 402,
    provoke: async () => {
      const { teamId, gs } = await client();
      await fx.patchTeam(teamId, { status: "past_due", pastDueSince: Date.now() - PAST_DUE_GRACE_MS });
      return gs.usage();
    },
  },
  FORBIDDEN: {
    family: PermissionDeniedError,
    status: 403,
    provoke: async () => {
      const { teamId, gs } = await client();
      await fx.patchTeam(teamId, { status: "disabled" });
      return gs.webhooks.list();
    },
  },
  AGENT_NOT_FOUND: { family: NotFoundError, status: 404, provoke: async () => (await client()).gs.score(testAddress(900_000_201)) },
  NOT_FOUND: { family: NotFoundError, status: 404, provoke: async () => (await client()).gs.webhooks.get("no-such-endpoint") },
  METHOD_NOT_ALLOWED: { family: InvalidRequestError, status: 405, provoke: () => alteredOnTheWay({ forward: true, method: "PUT" }) },
  IDEMPOTENCY_CONFLICT: {
    family: IdempotencyConflictError,
    status: 409,
    provoke: async () => {
      const { gs } = await client();
      const agent = await fx.agent();
      await gs.verify({ agentAddress: agent.address }, { idempotencyKey: "sdk-errors-409" });
      return gs.verify({ agentAddress: agent.address, requiredScore: 1 }, { idempotencyKey: "sdk-errors-409" });
    },
  },
  PAYLOAD_TOO_LARGE: { family: InvalidRequestError, status: 413, provoke: async () => (await client()).gs.verify({ agentAddress: "1".repeat(70_000) }) },
  UNSUPPORTED_MEDIA_TYPE: { family: InvalidRequestError, status: 415, provoke: () => alteredOnTheWay({ forward: true, contentType: "text/plain" }) },
  RATE_LIMITED: {
    family: RateLimitError,
    status: 429,
    provoke: async () => {
      const { gs } = await client("growth", { rateLimit: 1 });
      await gs.usage();
      return gs.usage();
    },
  },
  QUOTA_EXCEEDED: {
    family: RateLimitError,
    status: 429,
    provoke: async () => {
      const { teamId, gs } = await client("startup");
      const agent = await fx.agent();
      // The base fee and all the included usage spent, and a cap at exactly that: no room for one more cent.
      await fx.spendCap(teamId, 49_000_000, 10_000_000);
      return gs.verify({ agentAddress: agent.address });
    },
  },
  INTERNAL_ERROR: {
    family: ServerError,
    status: 500,
    provoke: async () => {
      // An agent row no ingestion writes (a score time that is not a time) makes building the answer throw (status500.test.ts).
      const broken = agentRow(testAddress(Date.now() % 1_000_000_000), { jobs: 5, successRate: 1, responseTimeMs: 100 }, Date.now());
      await fx.db().run((ctx) => ctx.db.insert("agents", { ...broken, scoreUpdatedAt: Number.NaN }));
      return (await client()).gs.verify({ agentAddress: broken.address });
    },
  },
};

async function rejection(promise: Promise<unknown>): Promise<GhostSpeakError> {
  return promise.then(
    () => expect.unreachable("it resolved"),
    (error: GhostSpeakError) => error,
  );
}

describe("SDK errors", () => {
  it("the table covers every problem code of the served document", async () => {
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as { components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } } };
    expect(Object.keys(cases).sort()).toEqual([...doc.components.schemas.Problem.properties.code.enum].sort());
  });

  it.each(Object.entries(cases))("%s is a typed error carrying the problem", async (code, { family, status, provoke }) => {
    const error = await rejection(provoke());
    expect(error).toBeInstanceOf(family);
    expect(error).toBeInstanceOf(GhostSpeakError);
    expect(error).toMatchObject({ code, status, name: family.name });
    expect(error.problem).toMatchObject({ code, status });
    expect(error.requestId).toEqual(expect.any(String));
    expect(error.message).toContain(error.problem!.detail);
    // Counted answers carry the key's figures. A 401 has no key, a 405 is routing's (before the key), and a 500's
    // count rolled back with its transaction (rest-api.md, "What is recorded and billed").
    if (["UNAUTHORIZED", "METHOD_NOT_ALLOWED", "INTERNAL_ERROR"].includes(code)) expect(error.rateLimit).toBeUndefined();
    else expect(error.rateLimit?.limit).toBeGreaterThan(0);
    if (status === 429) expect(error.retryAfterSeconds).toBeGreaterThan(0);
    if (code === "VALIDATION_ERROR") expect(error.errors.map((e) => e.field).sort()).toEqual(["agentAddress", "requiredScore"]);
    else expect(error.errors).toEqual([]);
  });

  it("no answer at all is a ConnectionError", async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const error = await rejection(new GhostSpeak({ apiKey: "gs_test_x", baseUrl: nobody, maxRetries: 0 }).usage());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: "CONNECTION_ERROR", status: undefined, requestId: undefined });
  });
});
