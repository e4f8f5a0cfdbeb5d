/**
 * The statements table as the billing page renders it: Stripe rows carry their status and a link to Stripe's
 * hosted invoice that opens without handing this page to it; local statements stay as they were.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Id } from "../../../convex/_generated/dataModel";
import { Statements } from "./Statements";

const JAN = Date.UTC(2026, 0, 1);
const FEB = Date.UTC(2026, 1, 1);
const open = { periodStart: FEB, periodEnd: Date.UTC(2026, 2, 1), baseFee: 49_000_000, included: 10_000_000, usage: 0, overage: 0, total: 49_000_000, invoice: null };
const render = (statements: Parameters<typeof Statements>[0]["statements"]) => renderToStaticMarkup(createElement(Statements, { statements, currentStart: FEB }));

describe("Statements", () => {
  it("shows a Stripe invoice's status and a 'View invoice' link that opens Stripe's page with noopener noreferrer", () => {
    const html = render([
      open,
      {
        ...open,
        periodStart: JAN,
        periodEnd: FEB,
        total: 53_900_000,
        invoice: { statementId: "st_1" as Id<"billingStatements">, status: "paid", plan: "startup", hostedInvoiceUrl: "https://invoice.stripe.com/i/acct_1/in_1" },
      },
      { ...open, periodStart: JAN, periodEnd: FEB, invoice: { statementId: "st_2" as Id<"billingStatements">, status: "void", plan: "startup", hostedInvoiceUrl: null } },
    ]);
    expect(html).toContain("Invoices from Stripe");
    expect(html).toContain("February 2026 (open)");
    expect(html).toContain("Jan 1, 2026 – Jan 31, 2026");
    expect(html).toContain("$53.90");
    expect(html).toContain('<span class="badge">Paid</span>');
    expect(html).toContain('<span class="badge">Void</span>');
    expect(html).toContain('<a href="https://invoice.stripe.com/i/acct_1/in_1" target="_blank" rel="noopener noreferrer">View invoice');
    expect(html.match(/View invoice/g)).toHaveLength(1);
  });

  it("keeps the local table (month, amounts, no status or invoice column) without Stripe statements", () => {
    const html = render([open, { ...open, periodStart: JAN, periodEnd: FEB }]);
    expect(html).toContain("At the team&#x27;s current plan and list prices");
    expect(html).toContain("January 2026");
    expect(html).not.toContain("Status");
    expect(html).not.toContain("View invoice");
  });
});
