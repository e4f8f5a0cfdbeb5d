"use client";

import { type FormEvent, useState } from "react";
import { z } from "zod";
import { formatUsd } from "../../../convex/lib/money";
import type { inferRouterOutputs } from "@trpc/server";
import { PaymentMethods, PlanChange } from "@/components/billing/PlanChange";
import { Statements } from "@/components/billing/Statements";
import { formatDateTime, formatDay } from "@/lib/formatDate";
import { api } from "@/lib/trpc/react";
import type { AppRouter } from "@/server/trpc/root";
import { ErrorAlert } from "./ErrorAlert";
import { Field, invalidProps } from "./Field";

type Overview = inferRouterOutputs<AppRouter>["billing"]["overview"];

const capSchema = z
  .string()
  .trim()
  .regex(/^\d+(\.\d{1,2})?$/, "Enter an amount in dollars, e.g. 250 or 250.50.")
  .transform(Number)
  .refine((usd) => usd > 0, "Enter an amount above $0.");

/** The billing page: plan, current period, spend cap and statements; the owner also changes the cap and the plan. */
export function BillingPanel({ teamId, canManage }: { teamId: string; canManage: boolean }) {
  const overview = api.billing.overview.useQuery({ teamId });
  if (overview.isPending) return <p aria-busy="true">Loading billing…</p>;
  if (overview.error) return <ErrorAlert error={overview.error} retry={() => void overview.refetch()} />;
  const data = overview.data;
  return (
    <>
      {data.source === "local" && (
        <p className="alert" role="note">
          Billing is local: statements are computed from recorded usage and no card is charged (no Stripe key is configured).
        </p>
      )}
      {data.pastDueSince !== null && (
        <p className="alert alert-error" role="alert">
          Payment is past due since {formatDateTime(data.pastDueSince)}. Billable API calls are refused after the grace period.
        </p>
      )}
      <CurrentPeriod data={data} />
      <SpendCap teamId={teamId} data={data} canManage={canManage} />
      {canManage && <PlanChange teamId={teamId} plan={data.plan} source={data.source} />}
      {canManage && data.source === "stripe" && <PaymentMethods teamId={teamId} />}
      <Statements statements={data.statements} currentStart={data.current.periodStart} />
    </>
  );
}

function CurrentPeriod({ data }: { data: Overview }) {
  const { current } = data;
  const usedPercent = current.included === null || current.included === 0 ? null : Math.round((current.usage / current.included) * 100);
  return (
    <section aria-labelledby="period-heading">
      <h2 id="period-heading">Current period</h2>
      <p>
        <span className="badge">{data.plan}</span> plan · {formatDay(current.periodStart)} – {formatDay(current.periodEnd - 1)} (UTC)
      </p>
      <div className="field">
        <span id="included-label">
          Included usage:{" "}
          {current.included === null
            ? `${formatUsd(current.usage)} used (unlimited)`
            : `${formatUsd(Math.min(current.usage, current.included))} of ${formatUsd(current.included)} used (${usedPercent}%)`}
        </span>
        {current.included !== null && (
          <progress aria-labelledby="included-label" className="usage-bar" max={current.included} value={Math.min(current.usage, current.included)} />
        )}
      </div>
      <dl className="figures">
        <div>
          <dt>Base fee</dt>
          <dd>{formatUsd(current.baseFee)}</dd>
        </div>
        <div>
          <dt>Overage so far</dt>
          <dd>{formatUsd(current.overage)}</dd>
        </div>
        <div>
          <dt>Total so far</dt>
          <dd>{formatUsd(current.total)}</dd>
        </div>
        <div>
          <dt>Projected at month end</dt>
          <dd>{formatUsd(data.projectedTotal)}</dd>
        </div>
      </dl>
    </section>
  );
}

function SpendCap({ teamId, data, canManage }: { teamId: string; data: Overview; canManage: boolean }) {
  const utils = api.useUtils();
  const [fieldError, setFieldError] = useState<string>();
  const setCap = api.billing.setSpendCap.useMutation({ onSuccess: () => utils.billing.overview.invalidate({ teamId }) });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = capSchema.safeParse(new FormData(event.currentTarget).get("spendCap"));
    setFieldError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) setCap.mutate({ teamId, spendCapUsd: parsed.data });
  }
  return (
    <section aria-labelledby="cap-heading">
      <h2 id="cap-heading">Spend cap</h2>
      <p>
        {data.spendCap === null
          ? "No spend cap: billable calls are never refused for cost."
          : `Capped at ${formatUsd(data.spendCap)} a month (base fee included); past it, billable calls answer 429 until next month.`}
      </p>
      {canManage && (
        <form className="form" onSubmit={submit} noValidate>
          <Field id="spend-cap" label="Monthly cap (USD)" error={fieldError}>
            <input id="spend-cap" name="spendCap" inputMode="decimal" placeholder="e.g. 250" {...invalidProps("spend-cap", fieldError)} />
          </Field>
          <ErrorAlert error={setCap.error} />
          <div className="row-actions">
            <button type="submit" className="button" disabled={setCap.isPending}>
              Set cap
            </button>
            {data.spendCap !== null && (
              <button type="button" className="button secondary" disabled={setCap.isPending} onClick={() => setCap.mutate({ teamId, spendCapUsd: null })}>
                Remove cap
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
