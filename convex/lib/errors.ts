import { ConvexError } from "convex/values";

/**
 * The error codes convex/ functions throw. Callers (REST, tRPC, CLI) map `code` to their own status codes, so
 * a code means the same thing everywhere and never carries internals.
 */
export type AppErrorCode =
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "VALIDATION_ERROR"
  | "LIMIT_EXCEEDED"
  | "CONFLICT";

export type AppErrorData = { code: AppErrorCode; message: string };

export function appError(code: AppErrorCode, message: string): ConvexError<AppErrorData> {
  return new ConvexError({ code, message });
}
