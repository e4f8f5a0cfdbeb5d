/**
 * Platform-wide usage figures from hourly rollups (SPEC §8): calls and revenue by endpoint and by plan, and the
 * customers that spend most. Pure, so the Prometheus snapshot and the operator dashboard add up the same way.
 */
import type { Doc, Id } from "../_generated/dataModel";
import type { Plan } from "./plans";

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
  /** Teams with at least one call in the rollups read. */
  activeTeams: number;
}

type Rollup = Pick<Doc<"usageRollups">, "teamId" | "endpoint" | "calls" | "billableCalls" | "clientErrors" | "serverErrors" | "costMicroUsd">;

/** Sums rollups; `planOf` names each team's plan (teams deleted since are left out of the by-plan figures). */
export function usageFigures(rollups: Rollup[], planOf: (teamId: Id<"teams">) => Plan | undefined, topCount: number): UsageFigures {
  const endpoints = new Map<string, EndpointFigures>();
  const plans = new Map<Plan, PlanFigures>();
  const customers = new Map<Id<"teams">, CustomerFigures>();
  for (const rollup of rollups) {
    const endpoint = endpoints.get(rollup.endpoint) ?? { endpoint: rollup.endpoint, calls: 0, billableCalls: 0, clientErrors: 0, serverErrors: 0, revenueMicroUsd: 0 };
    endpoint.calls += rollup.calls;
    endpoint.billableCalls += rollup.billableCalls;
    endpoint.clientErrors += rollup.clientErrors;
    endpoint.serverErrors += rollup.serverErrors;
    endpoint.revenueMicroUsd += rollup.costMicroUsd;
    endpoints.set(rollup.endpoint, endpoint);

    const customer = customers.get(rollup.teamId) ?? { teamId: rollup.teamId, calls: 0, revenueMicroUsd: 0 };
    customer.calls += rollup.calls;
    customer.revenueMicroUsd += rollup.costMicroUsd;
    customers.set(rollup.teamId, customer);

    const plan = planOf(rollup.teamId);
    if (plan === undefined) continue;
    const byPlan = plans.get(plan) ?? { plan, calls: 0, revenueMicroUsd: 0 };
    byPlan.calls += rollup.calls;
    byPlan.revenueMicroUsd += rollup.costMicroUsd;
    plans.set(plan, byPlan);
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
