/**
 * SPEC §1 (plans) and §2 (prices) as data. Money is integer micro-USD: 1 USD = 1,000,000; 1¢ = 10,000.
 */
export const MICRO_USD_PER_USD = 1_000_000;
const CENT = 10_000;

export const PLANS = ["startup", "growth", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];

export type PlanLimits = {
  /** Requests per minute per API key, unless the key carries a lower limit. */
  rateLimitPerMinute: number;
  /** Members, counting pending invites. */
  maxMembers: number;
  /** Keys that are neither revoked nor rotated away. */
  maxApiKeys: number;
  maxWebhookEndpoints: number;
};

export type PlanDefinition = {
  /** Monthly base fee; null = set by the enterprise contract, not by the list. */
  baseFeeMicroUsd: number | null;
  /** Usage included each month before overage; null = unlimited. */
  includedUsageMicroUsd: number | null;
  limits: PlanLimits;
};

export const PLAN_DEFINITIONS: Record<Plan, PlanDefinition> = {
  startup: {
    baseFeeMicroUsd: 49 * MICRO_USD_PER_USD,
    includedUsageMicroUsd: 10 * MICRO_USD_PER_USD,
    limits: { rateLimitPerMinute: 60, maxMembers: 5, maxApiKeys: 3, maxWebhookEndpoints: 3 },
  },
  growth: {
    baseFeeMicroUsd: 499 * MICRO_USD_PER_USD,
    includedUsageMicroUsd: 200 * MICRO_USD_PER_USD,
    limits: { rateLimitPerMinute: 300, maxMembers: 20, maxApiKeys: 10, maxWebhookEndpoints: 10 },
  },
  enterprise: {
    baseFeeMicroUsd: null,
    includedUsageMicroUsd: null,
    limits: { rateLimitPerMinute: 1_000, maxMembers: 100, maxApiKeys: 50, maxWebhookEndpoints: 50 },
  },
};

/** What an enterprise contract may change (SPEC §1: per-minute limit, member, key and webhook endpoint limits). */
export type LimitOverrides = Partial<Pick<PlanLimits, "rateLimitPerMinute" | "maxMembers" | "maxApiKeys" | "maxWebhookEndpoints">>;

/** The limits a team works under: its plan's, with contract overrides applied for enterprise teams only. */
export function effectiveLimits(plan: Plan, overrides?: LimitOverrides): PlanLimits {
  const base = PLAN_DEFINITIONS[plan].limits;
  if (plan !== "enterprise" || !overrides) return base;
  return {
    rateLimitPerMinute: overrides.rateLimitPerMinute ?? base.rateLimitPerMinute,
    maxMembers: overrides.maxMembers ?? base.maxMembers,
    maxApiKeys: overrides.maxApiKeys ?? base.maxApiKeys,
    maxWebhookEndpoints: overrides.maxWebhookEndpoints ?? base.maxWebhookEndpoints,
  };
}

/** A key's own limit may only lower its team's (SPEC §1). */
export function keyRateLimit(teamLimit: number, keyLimit: number | undefined): number {
  return keyLimit === undefined ? teamLimit : Math.min(teamLimit, keyLimit);
}

/** Priced endpoints, keyed by route template (the `endpoint` recorded in usage). Anything else is free. */
export const ENDPOINT_PRICES = {
  "/api/v1/verify": { unitPriceMicroUsd: CENT, unit: "call" },
  "/api/v1/agents/{address}/score": { unitPriceMicroUsd: CENT / 2, unit: "call" },
  "/api/v1/verify/batch": { unitPriceMicroUsd: CENT / 2, unit: "found agent" },
} as const satisfies Record<string, { unitPriceMicroUsd: number; unit: "call" | "found agent" }>;
export type PricedEndpoint = keyof typeof ENDPOINT_PRICES;

/** List price of one successful call: per call, or per unique found agent for the batch endpoint. */
export function listPriceMicroUsd(endpoint: PricedEndpoint, foundAgents: number): number {
  const price = ENDPOINT_PRICES[endpoint];
  return price.unit === "call" ? price.unitPriceMicroUsd : price.unitPriceMicroUsd * foundAgents;
}
