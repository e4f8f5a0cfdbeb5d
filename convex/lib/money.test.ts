import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertMicroUsd, centsToMicroUsd, formatUsd, MICRO_USD_PER_CENT, microUsdToUsd, usdToMicroUsd } from "./money";

describe("money", () => {
  it("1¢ is 10,000 micro-USD", () => {
    expect(MICRO_USD_PER_CENT).toBe(10_000);
    expect(usdToMicroUsd(0.01)).toBe(10_000);
  });

  it("converts Stripe's whole cents to micro-USD exactly, and refuses fractions or amounts past a safe integer", () => {
    expect(centsToMicroUsd(4_900)).toBe(49_000_000);
    expect(centsToMicroUsd(0)).toBe(0);
    expect(centsToMicroUsd(-150)).toBe(-1_500_000);
    expect(() => centsToMicroUsd(0.5)).toThrow(RangeError);
    expect(() => centsToMicroUsd(Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
  });

  it("formats dollars with two decimals, more only for fractions of a cent", () => {
    expect(formatUsd(12_340_000)).toBe("$12.34");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(10_000)).toBe("$0.01");
    expect(formatUsd(5_000)).toBe("$0.005");
    expect(formatUsd(1)).toBe("$0.000001");
    expect(formatUsd(49_000_000)).toBe("$49.00");
    expect(formatUsd(1_234_567_890_000)).toBe("$1,234,567.89");
    expect(formatUsd(-10_000)).toBe("-$0.01");
  });

  it("converts to dollar numbers for JSON exactly as written", () => {
    expect(microUsdToUsd(5_000)).toBe(0.005);
    expect(microUsdToUsd(12_340_000)).toBe(12.34);
    expect(JSON.stringify({ costUsd: microUsdToUsd(1_230_000) })).toBe('{"costUsd":1.23}');
  });

  it("rounds dollar inputs to the micro-dollar", () => {
    expect(usdToMicroUsd(1.5)).toBe(1_500_000);
    expect(usdToMicroUsd(0.1 + 0.2)).toBe(300_000);
    expect(usdToMicroUsd(0.0000004)).toBe(0);
    expect(() => usdToMicroUsd(Number.NaN)).toThrow(RangeError);
    expect(() => usdToMicroUsd(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("refuses amounts that are not safe integers", () => {
    expect(() => assertMicroUsd(0.5)).toThrow(RangeError);
    expect(() => formatUsd(2 ** 53)).toThrow(RangeError);
    expect(() => microUsdToUsd(1.5)).toThrow(RangeError);
  });

  it("formatting round-trips through dollars for any amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (micro) => {
        const text = formatUsd(micro);
        expect(text).toMatch(/^-?\$\d{1,3}(,\d{3})*\.\d{2,6}$/);
        expect(usdToMicroUsd(Number(text.replace(/[$,]/g, "")))).toBe(micro);
        expect(usdToMicroUsd(microUsdToUsd(micro))).toBe(micro);
      }),
    );
  });
});
