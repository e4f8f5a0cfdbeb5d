import { describe, expect, it } from "vitest";
import { agentRow, testAddress } from "@/testing/agentRows";
import { ifNoneMatchHits, scoreAnswer, scoreEtag, verification } from "./verification";

const NOW = Date.UTC(2026, 0, 10);
const agent = agentRow(testAddress(1), { jobs: 20, successRate: 0.9, responseTimeMs: 1_500 }, NOW);

describe("verification", () => {
  it("is verified only when active and meeting the requirement; metrics only on request", () => {
    const plain = verification(agent, { now: NOW, requestId: "r1" });
    expect(plain).toMatchObject({ verified: true, meetsRequirement: true, verifiedAt: "2026-01-10T00:00:00.000Z", requestId: "r1" });
    expect(plain).not.toHaveProperty("metrics");
    expect(verification(agent, { requiredScore: agent.score + 1, now: NOW, requestId: "r" })).toMatchObject({ verified: false, meetsRequirement: false });
    expect(verification({ ...agent, status: "flagged" }, { now: NOW, requestId: "r" }).verified).toBe(false);
    const { metrics } = verification(agent, { returnMetrics: true, now: NOW, requestId: "r" });
    expect(metrics).toMatchObject({ totalJobs: 20, successRate: 0.9, avgResponseTimeMs: 1_500, reviews: 0, avgRating: null, components: agent.components });
  });
});

describe("score ETag", () => {
  it("stays while the answer stays and changes with any field of it", () => {
    const etag = scoreEtag(agent);
    expect(etag).toMatch(/^W\/"[0-9a-z-]+"$/);
    expect(scoreEtag({ ...agent })).toBe(etag);
    expect(scoreEtag({ ...agent, score: agent.score - 1 })).not.toBe(etag);
    expect(scoreEtag({ ...agent, scoreUpdatedAt: NOW + 1 })).not.toBe(etag);
    expect(scoreEtag({ ...agent, confidence: agent.confidence + 1e-6 })).not.toBe(etag);
    expect(scoreEtag({ ...agent, tier: "DIAMOND" })).not.toBe(etag);
    expect(scoreEtag({ ...agent, scoreVersion: agent.scoreVersion + 1 })).not.toBe(etag);
    expect(scoreAnswer(agent, "a").requestId).toBe("a");
  });

  it("matches If-None-Match weakly, in lists and with *", () => {
    const etag = 'W/"abc"';
    expect(ifNoneMatchHits(undefined, etag)).toBe(false);
    expect(ifNoneMatchHits('"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits('"x", W/"abc"', etag)).toBe(true);
    expect(ifNoneMatchHits("*", etag)).toBe(true);
    expect(ifNoneMatchHits('"abcd"', etag)).toBe(false);
  });
});
