/**
 * One read budget shared by every source of a query (Convex counts documents read per transaction, not per
 * source): each `take` draws from what is left, and says when its source had more rows than it got.
 */
export const DEFAULT_READ_BUDGET = 12_000;

type Takeable<T> = { take(n: number): Promise<T[]> };

export class ReadBudget {
  constructor(private left: number = DEFAULT_READ_BUDGET) {}

  /**
   * Up to `want` rows (default: as many as the budget allows); `truncated` when the source had more, whether the
   * budget or `want` cut it (a figure counted from the rows is then a lower bound).
   */
  async take<T>(query: Takeable<T>, want = Infinity): Promise<{ rows: T[]; truncated: boolean }> {
    const n = Math.floor(Math.max(0, Math.min(want, this.left - 1)));
    // One row beyond tells a full source from a cut one; it is paid for.
    const rows = await query.take(n + 1);
    this.left -= rows.length;
    return { rows: rows.slice(0, n), truncated: rows.length > n };
  }

  get remaining(): number {
    return this.left;
  }
}
