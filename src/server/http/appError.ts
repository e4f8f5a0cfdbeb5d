import type { AppErrorCode, AppErrorData } from "../../../convex/lib/errors";

const codes: ReadonlySet<string> = new Set<AppErrorCode>([
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION_ERROR",
  "LIMIT_EXCEEDED",
  "CONFLICT",
]);

/**
 * The `{code, message}` a convex/ function threw with `appError`, if this is one. Checked by shape rather than
 * `instanceof ConvexError`: Next's bundles and the engine may each load their own copy of convex/values, and
 * from a deployment the error arrives rebuilt by the HTTP client.
 */
export function appErrorData(error: unknown): AppErrorData | undefined {
  if (!(error instanceof Error) || error.name !== "ConvexError") return undefined;
  const data: unknown = (error as Error & { data?: unknown }).data;
  if (typeof data !== "object" || data === null) return undefined;
  const { code, message } = data as Record<string, unknown>;
  if (typeof code !== "string" || !codes.has(code) || typeof message !== "string") return undefined;
  return { code: code as AppErrorCode, message };
}
