/**
 * Money helpers. Inside, money is an integer number of micro-USD (1 USD = 1,000,000; 1¢ = 10,000) so sums are
 * exact; JSON answers carry `costUsd`-style numbers in dollars and the portal shows "$12.34". Prices and plan fees
 * live in plans.ts.
 */
import { MICRO_USD_PER_USD } from "./plans";

export const MICRO_USD_PER_CENT = 10_000;

export function assertMicroUsd(value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer amount of micro-USD: ${value}`);
}

/** Dollars (e.g. a signal's `amountUsd`) to micro-USD, rounded to the nearest micro-dollar. */
export function usdToMicroUsd(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError(`not a finite amount of USD: ${usd}`);
  const micro = Math.round(usd * MICRO_USD_PER_USD);
  assertMicroUsd(micro);
  return micro;
}

/** Whole cents (Stripe's integer amounts in USD) to micro-USD, exactly: 4900 → 49,000,000. */
export function centsToMicroUsd(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an integer amount of cents: ${cents}`);
  const micro = cents * MICRO_USD_PER_CENT;
  assertMicroUsd(micro);
  return micro;
}

/** Micro-USD to a dollar number for JSON (`costUsd`): 5,000 → 0.005. Exact to the digit when printed. */
export function microUsdToUsd(micro: number): number {
  assertMicroUsd(micro);
  return micro / MICRO_USD_PER_USD;
}

/**
 * "$1,234.56": at least two decimals, and more (up to six) only when the amount has fractions of a cent, so
 * a half-cent price reads "$0.005" instead of being rounded away. Negative amounts read "-$0.01".
 */
export function formatUsd(micro: number): string {
  assertMicroUsd(micro);
  const abs = Math.abs(micro);
  const dollars = Math.floor(abs / MICRO_USD_PER_USD);
  const fraction = String(abs % MICRO_USD_PER_USD)
    .padStart(6, "0")
    .replace(/0{1,4}$/, "");
  const grouped = String(dollars).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${micro < 0 ? "-" : ""}$${grouped}.${fraction.padEnd(2, "0")}`;
}
