import { describe, expect, it } from "vitest";
import { newlyReachedThresholds } from "./usageThresholds";

const INCLUDED = 10_000_000;

describe("newlyReachedThresholds", () => {
  it("reaches 80 % and 100 % exactly at their amounts", () => {
    expect(newlyReachedThresholds({ costMicroUsd: 7_999_999, includedMicroUsd: INCLUDED })).toEqual([]);
    expect(newlyReachedThresholds({ costMicroUsd: 8_000_000, includedMicroUsd: INCLUDED })).toEqual([80]);
    expect(newlyReachedThresholds({ costMicroUsd: 10_000_000, includedMicroUsd: INCLUDED })).toEqual([80, 100]);
  });

  it("announces each threshold once a period", () => {
    expect(newlyReachedThresholds({ costMicroUsd: 9_000_000, includedMicroUsd: INCLUDED, threshold80At: 1 })).toEqual([]);
    expect(newlyReachedThresholds({ costMicroUsd: 12_000_000, includedMicroUsd: INCLUDED, threshold80At: 1 })).toEqual([100]);
    expect(newlyReachedThresholds({ costMicroUsd: 12_000_000, includedMicroUsd: INCLUDED, threshold80At: 1, threshold100At: 2 })).toEqual([]);
  });

  it("has no thresholds without included usage", () => {
    expect(newlyReachedThresholds({ costMicroUsd: 1e12, includedMicroUsd: null })).toEqual([]);
    expect(newlyReachedThresholds({ costMicroUsd: 1, includedMicroUsd: 0 })).toEqual([]);
  });
});
