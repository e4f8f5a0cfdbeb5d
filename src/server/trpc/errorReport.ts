import { TRPCError } from "@trpc/server";
import { requestLogger } from "../http/logger";
import { captureUnexpected } from "../observability/sentry";
import type { TRPCContext } from "./init";

/**
 * The portal API's route handler's `onError`: an unexpected failure (INTERNAL_SERVER_ERROR) is logged and reported
 * to Sentry once, under the request id the caller was answered with, the procedure's path and the team it was for.
 * Expected refusals (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST…) are the caller's business: neither logged nor reported.
 * No context means building it failed (the session lookup), which is logged under the same request id.
 */
export function reportTrpcError({ error, path, ctx, input, requestId }: { error: TRPCError; path?: string; ctx?: TRPCContext; input?: unknown; requestId: string }): void {
  if (error.code !== "INTERNAL_SERVER_ERROR") return;
  const cause = error.cause ?? error;
  (ctx?.log ?? requestLogger(requestId)).error({ err: cause, path }, "tRPC procedure failed");
  const teamId = input !== null && typeof input === "object" && typeof (input as { teamId?: unknown }).teamId === "string" ? (input as { teamId: string }).teamId : undefined;
  captureUnexpected(cause, { requestId, route: `/api/trpc/${path ?? "(unknown)"}`, teamId });
}
