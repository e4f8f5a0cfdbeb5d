/**
 * The Ghost Score end to end over HTTP: signals pushed to the ingestion API are what verify answers with (score,
 * tier, confidence, metrics from the real aggregates), and a flagged agent is never verified.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { api } from "../../convex/_generated/api";
import { metricsFromAggregates } from "../../convex/lib/score";
import { encodeBase58 } from "../../convex/lib/solanaAddress";
import { REST_SUITE_SERVER_SECRET } from "./server";
import { baseUrl, useDatabase, verifyCall } from "./fixtures";

const token = inject("ingestToken");
const database = useDatabase();

async function ingest(lines: object[]): Promise<void> {
  const response = await fetch(`${baseUrl}/api/internal/v1/signals`, {
    method: "POST",
    headers: { "Content-Type": "application/x-ndjson", Authorization: `Bearer ${token}` },
    body: lines.map((l) => JSON.stringify(l)).join("\n"),
  });
  expect(response.status).toBe(200);
}

describe("ingested signals are what verify answers", () => {
  it("scores, tiers and metrics from the ledger; flagged agents are never verified", async () => {
    const { key } = await database.teamWithKey();
    const agentAddress = encodeBase58(randomBytes(32));
    const day = 86_400_000;
    const jobs = Array.from({ length: 12 }, (_, i) => ({
      id: `${agentAddress}-job-${i}`,
      type: "job",
      agentAddress,
      at: new Date(Date.now() - (i * 5 + 1) * day).toISOString(),
      success: i !== 3,
      responseTimeMs: 300 + i * 400,
      amountUsd: 2.5,
    }));
    await ingest([
      ...jobs,
      { id: `${agentAddress}-review`, type: "review", agentAddress, at: new Date(Date.now() - day).toISOString(), rating: 4 },
      { id: `${agentAddress}-dispute`, type: "dispute", agentAddress, at: new Date(Date.now() - day).toISOString(), outcome: "opened" },
    ]);

    const row = (await database
      .db()
      .run((ctx) => ctx.db.query("agents").withIndex("by_address", (q) => q.eq("address", agentAddress)).unique()))!;
    expect(row.aggregates.signals).toBe(14);

    const answer = await verifyCall(key, agentAddress, { returnMetrics: true, requiredScore: 0 });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      agentAddress,
      verified: true,
      ghostScore: row.score,
      tier: row.tier,
      confidence: row.confidence,
      metrics: { ...metricsFromAggregates(row.aggregates), components: row.components },
    });
    expect(row.tier).not.toBe("NEWCOMER");

    await database.db().runMutation(api.agentFlags.flag, { address: agentAddress, reason: "under review", serverSecret: REST_SUITE_SERVER_SECRET });
    const flagged = (await (await verifyCall(key, agentAddress, { requiredScore: 0 })).json()) as Record<string, unknown>;
    expect(flagged).toMatchObject({ verified: false, meetsRequirement: true, ghostScore: row.score });
  });
});
