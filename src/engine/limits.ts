// Convex's per-transaction limits, enforced by the engine on every query and
// mutation (prisma-free-notes/engine.md, "Limits"). Each figure is the
// stricter of Convex's published cloud limits and the open-source backend's
// defaults (crates/common/src/knobs.rs, crates/common/src/document.rs); the
// error texts are the backend's own, extended with the function and the
// figure that crossed the limit.

export interface TransactionLimits {
  /** Documents scanned (read from an index range, including those a `.filter` drops; `db.get` counts the document it returns). */
  documentsRead: number;
  /** Bytes of the documents scanned. */
  bytesRead: number;
  /** Index ranges read: every `db.get` and every query stream or `paginate` call. */
  indexRanges: number;
  /** Inserts, patches, replaces and deletes (a document written twice counts twice, as in the backend). */
  documentsWritten: number;
  /** Bytes of the new versions written (a delete writes 0). */
  bytesWritten: number;
  /** Functions scheduled by one mutation. */
  scheduledFunctions: number;
  /** Total size of the arguments of the functions one mutation schedules. */
  scheduledArgsBytes: number;
  /** Size of one written document. */
  documentBytes: number;
  /** Size of a function's arguments. */
  argumentBytes: number;
  /** Size of a function's return value. */
  returnBytes: number;
  /** Wall time of a query's or mutation's execution (not counting the wait for the write lock). */
  executionMs: number;
}

export type LimitName = keyof TransactionLimits;

const MiB = 1 << 20;

/**
 * The limits table. Sources: published = docs.convex.dev/production/state/limits (the figures it has carried:
 * 16,384 documents scanned, 8 MiB read, 8,192 documents / 8 MiB written, 4,096 index ranges, 1 s, 1,000
 * scheduled, 1 MiB per document, 16 MiB return value); backend = crates/common/src/knobs.rs defaults
 * (TRANSACTION_MAX_READ_SIZE_ROWS 32,000, _READ_SIZE_BYTES 16 MiB, _READ_SET_INTERVALS 4,096,
 * _NUM_USER_WRITES 16,000, _USER_WRITE_SIZE_BYTES 16 MiB, _NUM_SCHEDULED 1,000,
 * _SCHEDULED_TOTAL_ARGUMENT_SIZE_BYTES 16 MiB, FUNCTION_MAX_ARGS_SIZE / _RESULT_SIZE 16 MiB,
 * DATABASE_UDF_USER_TIMEOUT 1 s) and MAX_USER_SIZE 1 MiB (document.rs).
 */
export const DEFAULT_LIMITS: Readonly<TransactionLimits> = Object.freeze({
  documentsRead: 16_384,
  bytesRead: 8 * MiB,
  indexRanges: 4_096,
  documentsWritten: 8_192,
  bytesWritten: 8 * MiB,
  scheduledFunctions: 1_000,
  scheduledArgsBytes: 16 * MiB,
  documentBytes: 1 * MiB,
  argumentBytes: 16 * MiB,
  returnBytes: 16 * MiB,
  executionMs: 1_000,
});

/** Share of a limit past which a transaction is reported (the backend's FUNCTION_LIMIT_WARNING_RATIO). */
export const WARNING_RATIO = 0.8;

/** The backend's short code and message for each limit, and how the figure reads. */
const TEXTS: Record<LimitName, { code: string; message: (max: number) => string; figure: (value: number) => string }> = {
  documentsRead: {
    code: "TooManyDocumentsRead",
    message: (max) => `Too many documents read in a single function execution (limit: ${max})`,
    figure: (v) => `read ${v}`,
  },
  bytesRead: {
    code: "TooManyBytesRead",
    message: (max) => `Too many bytes read in a single function execution (limit: ${max} bytes)`,
    figure: (v) => `read ${v} bytes`,
  },
  indexRanges: {
    code: "TooManyReads",
    message: (max) => `Too many reads in a single function execution (limit: ${max})`,
    figure: (v) => `${v} index ranges read (each db.get and each query or paginate call is one)`,
  },
  documentsWritten: {
    code: "TooManyWrites",
    message: (max) => `Too many writes in a single function execution (limit: ${max})`,
    figure: (v) => `wrote ${v} documents`,
  },
  bytesWritten: {
    code: "TooManyBytesWritten",
    message: (max) => `Too many bytes written in a single function execution (limit: ${max} bytes)`,
    figure: (v) => `wrote ${v} bytes`,
  },
  scheduledFunctions: {
    code: "TooManyFunctionsScheduled",
    message: (max) => `Too many functions scheduled by this mutation (limit: ${max})`,
    figure: (v) => `scheduled ${v}`,
  },
  scheduledArgsBytes: {
    code: "ScheduledFunctionsArgumentsTooLarge",
    message: (max) => `Too large total size of the arguments of scheduled functions from this mutation (limit: ${max} bytes)`,
    figure: (v) => `${v} bytes of arguments`,
  },
  documentBytes: {
    code: "ValueTooLargeError",
    message: (max) => `Value is too large (limit: ${max} bytes per document)`,
    figure: (v) => `a document of ${v} bytes`,
  },
  argumentBytes: {
    code: "TooLargeFunctionArguments",
    message: (max) => `Arguments are too large (limit: ${max} bytes)`,
    figure: (v) => `${v} bytes`,
  },
  returnBytes: {
    code: "TooLargeFunctionResult",
    message: (max) => `Function return value is too large (limit: ${max} bytes)`,
    figure: (v) => `${v} bytes`,
  },
  executionMs: {
    code: "UserTimeout",
    message: (max) => `Function execution timed out (maximum duration: ${max / 1000}s)`,
    figure: (v) => `ran ${v} ms`,
  },
};

/** A transaction went past one of Convex's limits; it was rolled back. */
export class TransactionLimitError extends Error {
  /** The backend's short code, e.g. "TooManyDocumentsRead". */
  readonly code: string;
  constructor(
    readonly limit: LimitName,
    readonly udfPath: string,
    readonly value: number,
    readonly max: number,
    detail?: string,
  ) {
    const text = TEXTS[limit];
    super(`${text.message(max)} in "${udfPath}": ${text.figure(value)}${detail ? ` (${detail})` : ""}.`);
    this.name = "TransactionLimitError";
    this.code = text.code;
  }
}

/** A transaction passed WARNING_RATIO of a limit (and stayed within it). */
export interface LimitWarning {
  udfPath: string;
  limit: LimitName;
  value: number;
  max: number;
}

export function formatWarning(w: LimitWarning): string {
  return `[embedded engine] "${w.udfPath}" is near Convex's ${w.limit} limit (${TEXTS[w.limit].code}): ${w.value} of ${w.max} (${Math.round((w.value / w.max) * 100)} %).`;
}

export function resolveLimits(overrides: Partial<TransactionLimits> | undefined): Readonly<TransactionLimits> {
  if (!overrides) return DEFAULT_LIMITS;
  const merged = { ...DEFAULT_LIMITS };
  for (const k of Object.keys(overrides) as LimitName[]) {
    const v = overrides[k];
    if (v === undefined) continue;
    if (!(k in DEFAULT_LIMITS)) throw new Error(`Unknown engine limit "${k}"`);
    if (!(v > 0)) throw new Error(`Engine limit ${k} must be positive, got ${v}`);
    merged[k] = v;
  }
  return Object.freeze(merged);
}
