/**
 * Per-function transaction figures for benches: fed by the engine's `onTransaction` (src/engine/meter.ts,
 * TransactionStats), it keeps, for each function (udfPath), the largest figure of each of Convex's
 * per-transaction limits that any of its transactions needed, and every transaction that failed.
 */
import { DEFAULT_LIMITS, type TransactionStats } from "@/engine";

export const FIGURES = ["documentsRead", "bytesRead", "indexRanges", "documentsWritten", "bytesWritten", "scheduledFunctions", "executionMs"] as const;
export type Figure = (typeof FIGURES)[number];

export type FunctionFigures = {
  udfPath: string;
  kind: "query" | "mutation";
  transactions: number;
  max: Record<Figure, number>;
  /** The share of its limit of the function's largest figure, and which figure that is. */
  worst: { figure: Figure; share: number };
  failures: number;
};

export type Failure = { udfPath: string; error: string; limit: boolean };

/** The texts of TransactionLimitError (src/engine/limits.ts): "… (limit: N) in …" or "(maximum duration: 1s)". */
export const isLimitError = (message: string): boolean => /\((limit|maximum duration): [^)]*\) in "/.test(message);

export class TxnRecorder {
  private readonly byFunction = new Map<string, FunctionFigures>();
  readonly failures: Failure[] = [];
  /** Functions that passed 80 % of a limit (the engine's warning), once per function and limit. */
  readonly warnings = new Map<string, { udfPath: string; limit: string; value: number; max: number }>();

  add = (s: TransactionStats): void => {
    let f = this.byFunction.get(s.udfPath);
    if (!f) {
      f = { udfPath: s.udfPath, kind: s.kind, transactions: 0, max: Object.fromEntries(FIGURES.map((k) => [k, 0])) as Record<Figure, number>, worst: { figure: "documentsRead", share: 0 }, failures: 0 };
      this.byFunction.set(s.udfPath, f);
    }
    f.transactions++;
    for (const k of FIGURES) {
      if (s[k] > f.max[k]) f.max[k] = s[k];
      const share = s[k] / DEFAULT_LIMITS[k];
      if (share > f.worst.share) f.worst = { figure: k, share };
    }
    if (s.error !== undefined || s.outcome === "rolledBack") {
      f.failures++;
      this.failures.push({ udfPath: s.udfPath, error: s.error ?? "rolled back", limit: isLimitError(s.error ?? "") });
    }
  };

  warn = (w: { udfPath: string; limit: string; value: number; max: number }): void => {
    const key = `${w.udfPath}|${w.limit}`;
    const seen = this.warnings.get(key);
    if (!seen || w.value > seen.value) this.warnings.set(key, w);
  };

  /** A call that failed without a transaction reporting it (an action, or an error before the transaction). */
  callFailed(udfPath: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.failures.some((f) => f.udfPath === udfPath && f.error === message)) return;
    this.failures.push({ udfPath, error: message, limit: isLimitError(message) });
  }

  functions(): FunctionFigures[] {
    return [...this.byFunction.values()].sort((a, b) => a.udfPath.localeCompare(b.udfPath));
  }
}

const compact = (n: number, figure: Figure): string => {
  if (figure === "bytesRead" || figure === "bytesWritten") return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} B`;
  if (figure === "executionMs") return `${n.toFixed(0)} ms`;
  return n.toLocaleString("en-US");
};

const HEADERS: Record<Figure, string> = {
  documentsRead: "docs read",
  bytesRead: "bytes read",
  indexRanges: "index ranges",
  documentsWritten: "docs written",
  bytesWritten: "bytes written",
  scheduledFunctions: "scheduled",
  executionMs: "time",
};

/** A markdown table: one row per function, its largest figures, the share of the limit of its worst, and the limits. */
export function figuresTable(functions: FunctionFigures[]): string {
  const lines = [
    `| function | txns | ${FIGURES.map((k) => HEADERS[k]).join(" | ")} | worst |`,
    `|---|---:|${FIGURES.map(() => "---:").join("|")}|---|`,
  ];
  for (const f of functions) {
    const cells = FIGURES.map((k) => {
      const text = compact(f.max[k], k);
      return f.max[k] / DEFAULT_LIMITS[k] > 0.8 ? `**${text}**` : text;
    });
    lines.push(`| ${f.udfPath} | ${f.transactions.toLocaleString("en-US")} | ${cells.join(" | ")} | ${Math.round(f.worst.share * 100)} % ${HEADERS[f.worst.figure]} |`);
  }
  lines.push(`| **limit** | | ${FIGURES.map((k) => compact(DEFAULT_LIMITS[k], k)).join(" | ")} | |`);
  return lines.join("\n");
}
