"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { formatUsd } from "../../../convex/lib/money";
import { formatDate, formatMonth } from "@/lib/formatDate";
import type { AppRouter } from "@/server/trpc/root";

type Statement = inferRouterOutputs<AppRouter>["billing"]["overview"]["statements"][number];
type InvoiceStatus = NonNullable<Statement["invoice"]>["status"];

/** Stripe's words for an invoice's state, as its hosted page and customer portal show them. */
const STATUS_LABEL: Record<InvoiceStatus, string> = {
  open: "Open",
  finalized: "Due",
  paid: "Paid",
  failed: "Payment failed",
  void: "Void",
};

/**
 * The statements table: locally computed months, or, once Stripe has invoiced the team, its Stripe invoices with
 * their status and a link to Stripe's hosted invoice page (the open month stays computed locally above them).
 */
export function Statements({ statements, currentStart }: { statements: Statement[]; currentStart: number }) {
  const fromStripe = statements.some((s) => s.invoice !== null);
  return (
    <section aria-labelledby="statements-heading">
      <h2 id="statements-heading">Statements</h2>
      <p className="muted">
        {fromStripe
          ? "Invoices from Stripe; the current month is still open and computed from usage at list prices."
          : "At the team's current plan and list prices; the current month is still open."}
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{fromStripe ? "Period" : "Month"}</th>
              <th scope="col">Base fee</th>
              <th scope="col">Usage</th>
              <th scope="col">Overage</th>
              <th scope="col">Total</th>
              {fromStripe && <th scope="col">Status</th>}
              {fromStripe && <th scope="col">Invoice</th>}
            </tr>
          </thead>
          <tbody>
            {statements.map((s) => (
              <tr key={s.invoice?.statementId ?? s.periodStart}>
                <td>
                  {s.invoice
                    ? // A Stripe period ends where the next begins, so its last day is the one before its end.
                      `${formatDate(s.periodStart)} – ${formatDate(Math.max(s.periodStart, s.periodEnd - 1))}`
                    : formatMonth(s.periodStart)}
                  {!s.invoice && s.periodStart === currentStart && " (open)"}
                </td>
                <td>{formatUsd(s.baseFee)}</td>
                <td>{formatUsd(s.usage)}</td>
                <td>{formatUsd(s.overage)}</td>
                <td>{formatUsd(s.total)}</td>
                {fromStripe && <td>{s.invoice ? <span className="badge">{STATUS_LABEL[s.invoice.status]}</span> : "Open"}</td>}
                {fromStripe && (
                  <td>
                    {s.invoice?.hostedInvoiceUrl ? (
                      <a href={s.invoice.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                        View invoice<span className="visually-hidden"> for {formatDate(s.periodStart)} (opens Stripe in a new tab)</span>
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
