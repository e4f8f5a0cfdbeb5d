/**
 * Platform-wide usage figures from usage buckets (SPEC §8): calls and revenue by endpoint and by plan, and the
 * customers that spend most. Pure, so the Prometheus snapshot and the operator dashboard add up the same way.
 */
import type { Id } from "../_generated/dataModel";
import type { Plan } from "./plans";
import type { Bucket } from "./usageBuckets";

export interface EndpointFigures {
  endpoint: string;
  calls: number;
  billableCalls: number;
  clientErrors: number;
  serverErrors: number;
  revenueMicroUsd: number;
}

export interface PlanFigures {
  plan: Plan;
  calls: number;
  revenueMicroUsd: number;
}

export interface CustomerFigures {
  teamId: Id<"teams">;
  calls: number;
  revenueMicroUsd: number;
}

export interface UsageFigures {
  byEndpoint: EndpointFigures[];
  byPlan: PlanFigures[];
  topCustomers: CustomerFigures[];
  /** Teams with at least one call in the buckets read. */
  activeTeams: number;
}

/** Counts of a usage bucket (lib/usageBuckets.ts). */
type Counted = Pick<Bucket, "endpoint" | "subject" | "calls" | "billableCalls" | "clientErrors" | "serverErrors" | "costMicroUsd">;

/**
 * Sums the platform's buckets (subject: the plan) by endpoint and plan, and the teams' buckets (subject: the team)
 * into the customers that spend most.
 */
export function usageFigures(platform: readonly Counted[], teams: readonly Counted[], topCount: number): UsageFigures {
  const endpoints = new Map<string, EndpointFigures>();
  const plans = new Map<Plan, PlanFigures>();
  const customers = new Map<string, CustomerFigures>();
  for (const bucket of platform) {
    const endpoint = endpoints.get(bucket.endpoint) ?? { endpoint: bucket.endpoint, calls: 0, billableCalls: 0, clientErrors: 0, serverErrors: 0, revenueMicroUsd: 0 };
    endpoint.calls += bucket.calls;
    endpoint.billableCalls += bucket.billableCalls;
    endpoint.clientErrors += bucket.clientErrors;
    endpoint.serverErrors += bucket.serverErrors;
    endpoint.revenueMicroUsd += bucket.costMicroUsd;
    endpoints.set(bucket.endpoint, endpoint);

    const plan = bucket.subject as Plan;
    const byPlan = plans.get(plan) ?? { plan, calls: 0, revenueMicroUsd: 0 };
    byPlan.calls += bucket.calls;
    byPlan.revenueMicroUsd += bucket.costMicroUsd;
    plans.set(plan, byPlan);
  }
  for (const bucket of teams) {
    const customer = customers.get(bucket.subject) ?? { teamId: bucket.subject as Id<"teams">, calls: 0, revenueMicroUsd: 0 };
    customer.calls += bucket.calls;
    customer.revenueMicroUsd += bucket.costMicroUsd;
    customers.set(bucket.subject, customer);
  }
  const topCustomers = [...customers.values()]
    .sort((a, b) => b.revenueMicroUsd - a.revenueMicroUsd || b.calls - a.calls)
    .slice(0, topCount);
  return {
    byEndpoint: [...endpoints.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
    byPlan: [...plans.values()].sort((a, b) => a.plan.localeCompare(b.plan)),
    topCustomers,
    activeTeams: customers.size,
  };
}
