// Timing for the engine bench. The engine and its raw twin are measured in
// alternating short rounds, so load from other processes on a shared machine
// falls on both sides alike and the ratio stays meaningful.
import { performance } from "node:perf_hooks";

export type Timing = { ops: number; meanUs: number; p50Us: number; p99Us: number };
type Op = (i: number) => unknown;

const ROUND_OPS = 50;

/** The value at fraction `p` (0.5 = the median) of ascending `sorted`; 0 when it is empty. Every bench's percentiles. */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** `percentile` of values in any order. */
export const percentileOf = (values: readonly number[], p: number): number => percentile([...values].sort((a, b) => a - b), p);

function summarize(samplesMs: number[]): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const pct = (p: number) => percentile(sorted, p) * 1000;
  const totalMs = samplesMs.reduce((a, b) => a + b, 0);
  return { ops: sorted.length, meanUs: (totalMs * 1000) / sorted.length, p50Us: pct(0.5), p99Us: pct(0.99) };
}

/** Runs `a` and `b` in alternating rounds for `budgetMs` in total; returns each side's timing. */
export async function measurePair(budgetMs: number, a: Op, b: Op): Promise<[Timing, Timing]> {
  // Warm-up: JIT, statement caches and SQLite's page cache, outside the timed window.
  for (let i = 0; i < 200; i++) {
    await a(-1 - i);
    await b(-1 - i);
  }
  const samples: [number[], number[]] = [[], []];
  const start = performance.now();
  for (let i = 0; performance.now() - start < budgetMs; ) {
    for (const [side, op] of [a, b].entries()) {
      for (let k = 0; k < ROUND_OPS; k++) {
        const t0 = performance.now();
        await op(i + k);
        samples[side].push(performance.now() - t0);
      }
    }
    i += ROUND_OPS;
  }
  return [summarize(samples[0]), summarize(samples[1])];
}
