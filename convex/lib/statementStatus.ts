/**
 * How far a statement has come. Stripe sends an invoice's events in no guaranteed order, so a statement's status
 * only moves forward: a late `invoice.finalized` after `invoice.paid` leaves it paid. A failed payment may still be
 * paid or voided afterwards; paid and void are final (an invoice is never both).
 */
export type StatementStatus = "open" | "finalized" | "failed" | "paid" | "void";

const PROGRESS: Record<StatementStatus, number> = { open: 0, finalized: 1, failed: 2, paid: 3, void: 3 };

/** The further of the stored status and the one an event reports; on a tie (two final ones) the stored one stays. */
export function furthestStatus(stored: StatementStatus, reported: StatementStatus): StatementStatus {
  return PROGRESS[reported] > PROGRESS[stored] ? reported : stored;
}
