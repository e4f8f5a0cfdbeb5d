import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { encodeBase58 } from "../../convex/lib/solanaAddress";
import { startChildServer } from "./server";

const baseUrl = inject("baseUrl");
const token = inject("ingestToken");
const url = () => `${baseUrl}/api/internal/v1/signals`;

type Summary = { accepted: number; duplicates: number; rejected: number; agentsUpdated: number; errors: { line: number; message: string }[] };

const newAddress = () => encodeBase58(randomBytes(32));
/** Ids unique to this run: the suite shares one server (and database) across files. */
const run = randomUUID().slice(0, 8);
let n = 0;
const job = (agentAddress: string, extra: Record<string, unknown> = {}) => ({
  id: `${run}-${++n}`,
  type: "job",
  agentAddress,
  at: "2026-01-05T12:00:00Z",
  success: true,
  responseTimeMs: 800,
  amountUsd: 1.5,
  ...extra,
});

function post(body: string, contentType: string, auth: string | null = `Bearer ${token}`): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": contentType };
  if (auth !== null) headers.Authorization = auth;
  return fetch(url(), { method: "POST", headers, body });
}
const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");

async function expectProblem(response: Response, status: number, code: string): Promise<{ detail: string }> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as { code: string; detail: string; requestId: string };
  expect(body.code).toBe(code);
  expect(body.requestId).toBe(response.headers.get("x-request-id"));
  return body;
}

describe("POST /api/internal/v1/signals", () => {
  it("takes NDJSON: counts accepted, duplicates and rejected lines with their numbers, creates agents", async () => {
    const [a, b] = [newAddress(), newAddress()];
    const first = job(a);
    const body = ndjson([
      first,
      { id: `${run}-review`, type: "review", agentAddress: a, at: "2026-01-05T13:00:00+01:00", rating: 4 },
      "",
      { id: `${run}-dispute`, type: "dispute", agentAddress: b, at: "2026-01-06T10:00:00Z", outcome: "resolved_for_agent" },
      first,
      "{not json",
      { ...job(a), rating: 9, type: "review" },
      job("not-an-address"),
      { ...job(b), at: "yesterday" },
      { ...job(b), success: "yes" },
      "   ",
      job(b, { responseTimeMs: undefined, amountUsd: undefined }),
    ]);
    const response = await post(body, "application/x-ndjson");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const summary = (await response.json()) as Summary;
    expect(summary).toMatchObject({ accepted: 4, duplicates: 1, rejected: 5, agentsUpdated: 2 });
    expect(summary.errors.map((e) => e.line)).toEqual([6, 7, 8, 9, 10]);
    expect(summary.errors[0]!.message).toBe("not valid JSON");
    expect(summary.errors[1]!.message).toMatch(/^rating/);
    expect(summary.errors[2]!.message).toMatch(/^agentAddress: not a Solana address/);
    expect(summary.errors[3]!.message).toMatch(/^at/);
    expect(summary.errors[4]!.message).toMatch(/^success/);

    const again = (await (await post(body, "application/x-ndjson; charset=utf-8")).json()) as Summary;
    expect(again).toMatchObject({ accepted: 0, duplicates: 5, rejected: 5, agentsUpdated: 0 });
  });

  it("takes a JSON array, numbering entries from 1", async () => {
    const a = newAddress();
    const response = await post(JSON.stringify([job(a), { type: "job" }, job(a, { success: false })]), "application/json");
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Summary;
    expect(summary).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1, agentsUpdated: 1 });
    expect(summary.errors).toMatchObject([{ line: 2 }]);
  });

  it("accepts 10,000 signals in one request, in full", async () => {
    const agents = Array.from({ length: 100 }, newAddress);
    const lines = Array.from({ length: 10_000 }, (_, i) => job(agents[i % agents.length]!));
    const response = await post(ndjson(lines), "application/x-ndjson");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 10_000, duplicates: 0, rejected: 0, agentsUpdated: 100, errors: [] });
  });

  it("refuses 10,001 signals with 413, as NDJSON or as an array, taking none of them", async () => {
    const a = newAddress();
    const lines = Array.from({ length: 10_001 }, () => job(a));
    const problem = await expectProblem(await post(ndjson(lines), "application/x-ndjson"), 413, "PAYLOAD_TOO_LARGE");
    expect(problem.detail).toMatch(/at most 10000 signals; this one has 10001/);
    await expectProblem(await post(JSON.stringify(lines), "application/json"), 413, "PAYLOAD_TOO_LARGE");
    const retry = (await (await post(ndjson(lines.slice(0, 1)), "application/x-ndjson")).json()) as Summary;
    expect(retry).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it("refuses a missing, wrong or malformed token with 401", async () => {
    const body = ndjson([job(newAddress())]);
    await expectProblem(await post(body, "application/x-ndjson", null), 401, "UNAUTHORIZED");
    await expectProblem(await post(body, "application/x-ndjson", `Bearer ${token}x`), 401, "UNAUTHORIZED");
    await expectProblem(await post(body, "application/x-ndjson", `Basic ${token}`), 401, "UNAUTHORIZED");
    await expectProblem(await post(body, "application/x-ndjson", "Bearer "), 401, "UNAUTHORIZED");
  });

  it("refuses other media types (415), and JSON that is not an array or not JSON (400)", async () => {
    await expectProblem(await post("id=1", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
    await expectProblem(await post(JSON.stringify(job(newAddress())), "application/json"), 400, "VALIDATION_ERROR");
    await expectProblem(await post("[{", "application/json"), 400, "VALIDATION_ERROR");
  });

  it("refuses everything when the server has no INGEST_TOKEN", async () => {
    const server = await startChildServer({ INGEST_TOKEN: "" });
    try {
      const response = await fetch(`${server.url}/api/internal/v1/signals`, {
        method: "POST",
        headers: { "Content-Type": "application/x-ndjson", Authorization: "Bearer " },
        body: ndjson([job(newAddress())]),
      });
      await expectProblem(response, 401, "UNAUTHORIZED");
    } finally {
      await server.stop();
    }
  });
});
