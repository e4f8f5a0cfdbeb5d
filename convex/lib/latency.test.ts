import { describe, expect, it } from "vitest";
import { emptyLatencyBuckets, LATENCY_BUCKET_COUNT, latencyBucket } from "./latency";

describe("latencyBucket", () => {
  it("puts a latency in the first bucket whose bound it does not exceed", () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(5)).toBe(0);
    expect(latencyBucket(6)).toBe(1);
    expect(latencyBucket(100)).toBe(4);
    expect(latencyBucket(2_500)).toBe(8);
  });

  it("puts anything slower than the last bound in the overflow bucket", () => {
    expect(latencyBucket(2_501)).toBe(LATENCY_BUCKET_COUNT - 1);
    expect(latencyBucket(Number.POSITIVE_INFINITY)).toBe(LATENCY_BUCKET_COUNT - 1);
    expect(emptyLatencyBuckets()).toHaveLength(LATENCY_BUCKET_COUNT);
  });
});
