import fc from "fast-check";
import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import { applySignal, emptyAggregates, scoreFromAggregates } from "./lib/score";
import { type SignalInput, toScoreSignal } from "./lib/signalInput";
import { encodeBase58 } from "./lib/solanaAddress";
import { MAX_SIGNALS_PER_CHUNK } from "./signals";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";
import { START_TIME } from "@/testing/backends";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A distinct valid address per n: n in the first four bytes, a fixed pattern after. */
const address = (n: number) => encodeBase58(Uint8Array.from({ length: 32 }, (_, i) => (i < 4 ? (n >>> (8 * i)) & 0xff : i * 7 + 1)));
const A = address(1);
const B = address(2);

let seq = 0;
function job(agentAddress: string, daysAgo: number, extra: Partial<{ success: boolean; responseTimeMs: number; id: string }> = {}): SignalInput {
  seq++;
  return { line: seq, id: extra.id ?? `job-${seq}`, type: "job", agentAddress, at: START_TIME - daysAgo * DAY, success: extra.success ?? true, responseTimeMs: extra.responseTimeMs ?? 500 };
}
function review(agentAddress: string, rating: number, id = `review-${++seq}`): SignalInput {
  return { line: ++seq, id, type: "review", agentAddress, at: START_TIME - DAY, rating };
}

describeConvex("signals.ingest", (t) => {
  const ingest = (signals: SignalInput[]) => t.mutation(api.signals.ingest, withSecret({ signals }));
  const agent = (addr: string) =>
    t.run(async (ctx) => ctx.db.query("agents").withIndex("by_address", (q) => q.eq("address", addr)).unique());
  const events = () => t.run(async (ctx) => ctx.db.query("webhookEvents").collect());
  const signalRows = () => t.run(async (ctx) => ctx.db.query("signals").collect());

  it("takes good signals, rejects bad ones with their line, creates unknown agents and scores them", async () => {
    const signals: SignalInput[] = [
      job(A, 3),
      job(A, 10, { success: false, responseTimeMs: 20_000 }),
      review(A, 4),
      { line: 40, id: "bad-rating", type: "review", agentAddress: A, at: START_TIME - DAY, rating: 6 },
      { line: 41, id: "bad-address", type: "review", agentAddress: "0xnot-solana", at: START_TIME - DAY, rating: 3 },
      { line: 42, id: "future", type: "job", agentAddress: A, at: START_TIME + DAY, success: true },
      { line: 43, id: "", type: "job", agentAddress: A, at: START_TIME - DAY, success: true },
      job(B, 1),
    ];
    const result = await ingest(signals);
    expect(result).toMatchObject({ accepted: 4, duplicates: 0, rejected: 4 });
    expect(result.agentAddresses.sort()).toEqual([A, B].sort());
    expect(result.errors).toEqual([
      { line: 40, message: "rating must be an integer from 1 to 5" },
      { line: 41, message: expect.stringMatching(/Solana address/) },
      { line: 42, message: "at is in the future" },
      { line: 43, message: expect.stringMatching(/^id must be/) },
    ]);

    const expected = [signals[0], signals[1], signals[2]].reduce((agg, s) => applySignal(agg, toScoreSignal(s)), emptyAggregates());
    const stored = await agent(A);
    const score = scoreFromAggregates(expected, START_TIME);
    expect(stored).toMatchObject({
      aggregates: expected,
      score: score.score,
      tier: "NEWCOMER",
      confidence: score.confidence,
      components: score.components,
      status: "active",
      scoreVersion: 1,
      scoreUpdatedAt: START_TIME,
      lastSignalAt: START_TIME - 1 * DAY,
    });
    const rows = await signalRows();
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.agentId === stored!._id).map((r) => r.type).sort()).toEqual(["job", "job", "review"]);
  });

  it("counts a seen id as a duplicate, within a chunk and across chunks, and changes nothing", async () => {
    const first = job(A, 2, { id: "same" });
    const again = { ...job(A, 1, { id: "same", success: false }) };
    expect(await ingest([first, again])).toMatchObject({ accepted: 1, duplicates: 1, rejected: 0 });
    const before = await agent(A);
    const eventsBefore = (await events()).length;
    expect(await ingest([again, { ...first }])).toEqual({ accepted: 0, duplicates: 2, rejected: 0, agentAddresses: [], errors: [] });
    expect(await agent(A)).toEqual(before);
    expect(await events()).toHaveLength(eventsBefore);
    expect(await signalRows()).toHaveLength(1);
  });

  it("writes score.updated for a new agent and on every score change, tier.changed when the tier moves", async () => {
    await ingest([job(A, 20), job(A, 19)]);
    let all = await events();
    expect(all.map((e) => e.type)).toEqual(["score.updated", "tier.changed"]);
    const created = await agent(A);
    expect(all[0]).toMatchObject({
      agentAddress: A,
      status: "pending",
      data: {
        agentAddress: A,
        previousScore: null,
        score: created!.score,
        previousTier: null,
        tier: "NEWCOMER",
        confidence: created!.confidence,
        components: created!.components,
        scoreVersion: 1,
        scoreUpdatedAt: new Date(START_TIME).toISOString(),
        cause: "signals",
      },
    });
    expect(all[0].teamId).toBeUndefined();

    // The fifth job ends NEWCOMER: the tier moves.
    await ingest([job(A, 18), job(A, 17), job(A, 16)]);
    all = await events();
    const promoted = await agent(A);
    expect(promoted!.tier).not.toBe("NEWCOMER");
    expect(all.slice(2).map((e) => e.type)).toEqual(["score.updated", "tier.changed"]);
    expect(all[3].data).toMatchObject({ previousTier: "NEWCOMER", tier: promoted!.tier, score: promoted!.score, cause: "signals" });

    // A signal that moves the score but not the tier: score.updated only.
    await ingest([review(A, 2)]);
    all = await events();
    const reviewed = await agent(A);
    expect(reviewed!.score).toBeLessThan(promoted!.score);
    expect(reviewed!.tier).toBe(promoted!.tier);
    expect(all.slice(4).map((e) => e.type)).toEqual(["score.updated"]);
    expect(all[4].data).toMatchObject({ previousScore: promoted!.score, score: reviewed!.score });

    // An opened dispute never changes the score: the row is updated (aggregates, confidence), no event.
    await ingest([{ line: 1, id: "d1", type: "dispute", agentAddress: A, at: START_TIME - HOUR, outcome: "opened" }]);
    expect(await events()).toHaveLength(5);
    expect((await agent(A))!.aggregates.disputesOpened).toBe(1);
  });

  it("writes one score per agent per chunk, whatever the number of its signals", async () => {
    const signals = Array.from({ length: 50 }, (_, i) => job(A, 1 + (i % 30)));
    const result = await ingest(signals);
    expect(result).toMatchObject({ accepted: 50, agentAddresses: [A] });
    expect((await events()).map((e) => e.type)).toEqual(["score.updated", "tier.changed"]);
  });

  it("ends with the same agent whatever the order and chunking of the signals", async () => {
    const signals = [
      ...Array.from({ length: 12 }, (_, i) => job(A, 1 + i * 5, { success: i % 3 !== 0, responseTimeMs: 300 * i })),
      review(A, 5),
      review(A, 2),
      { line: 99, id: "won", type: "dispute", agentAddress: A, at: START_TIME - 3 * DAY, outcome: "resolved_for_agent" } as SignalInput,
    ];
    await ingest(signals);
    const inOrder = await agent(A);
    const reversed = signals.map((s) => ({ ...s, id: `r-${s.id}`, agentAddress: B })).reverse();
    for (let i = 0; i < reversed.length; i += 4) await ingest(reversed.slice(i, i + 4));
    const shuffled = await agent(B);
    expect(shuffled!.aggregates).toEqual(inOrder!.aggregates);
    expect({ score: shuffled!.score, tier: shuffled!.tier, components: shuffled!.components }).toEqual({
      score: inOrder!.score,
      tier: inOrder!.tier,
      components: inOrder!.components,
    });
  });

  it("property: resending signals in any order and chunking counts them as duplicates and changes nothing", async () => {
    const draft = fc.oneof(
      fc.record({ type: fc.constant("job" as const), success: fc.boolean(), responseTimeMs: fc.integer({ min: 0, max: 15_000 }) }),
      fc.record({ type: fc.constant("review" as const), rating: fc.integer({ min: 1, max: 5 }) }),
      fc.record({
        type: fc.constant("dispute" as const),
        outcome: fc.constantFrom("opened" as const, "resolved_for_agent" as const, "resolved_against_agent" as const),
      }),
    );
    const entry = fc.tuple(draft, fc.integer({ min: 1, max: 90 * 24 }));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 7 }), fc.integer(), async (entries, chunk, seed) => {
        run++;
        const [x, y] = [address(1000 + 2 * run), address(1001 + 2 * run)];
        const make = (agentAddress: string) =>
          entries.map(([d, hoursAgo], i) => ({ ...d, line: i + 1, id: `p${run}-${agentAddress}-${i}`, agentAddress, at: START_TIME - hoursAgo * HOUR }) as SignalInput);
        await ingest(make(x));

        // The same signals for y, shuffled, chunked, then everything sent again with a resent subset.
        const mine = make(y);
        const shuffled = [...mine].sort((a, b) => ((a.line * 7919 + seed) % 101) - ((b.line * 7919 + seed) % 101));
        let duplicates = 0;
        for (let i = 0; i < shuffled.length; i += chunk) duplicates += (await ingest(shuffled.slice(i, i + chunk))).duplicates;
        duplicates += (await ingest(mine.filter((_, i) => i % 2 === 0))).duplicates;
        expect(duplicates).toBe(Math.ceil(mine.length / 2));

        const [a, b] = [await agent(x), await agent(y)];
        expect(b!.aggregates).toEqual(a!.aggregates);
        expect([b!.score, b!.tier, b!.confidence, b!.components]).toEqual([a!.score, a!.tier, a!.confidence, a!.components]);
      }),
      { numRuns: 12 },
    );
  });

  it("refuses a chunk above the per-transaction limit, and callers without the server secret", async () => {
    await expectAppError(ingest(Array.from({ length: MAX_SIGNALS_PER_CHUNK + 1 }, () => job(A, 1))), "VALIDATION_ERROR");
    await expectAppError(t.client.mutation(api.signals.ingest, { signals: [job(A, 1)], serverSecret: "wrong" }), "UNAUTHORIZED");
    await expect(t.client.mutation(internal.signals.ingestChunk as never, { signals: [] } as never)).rejects.toThrow(/Could not find public function/);
  });
});
