/**
 * tRPC for the portal, read top to bottom (as in create-t3-app):
 * 1. the context every procedure receives;
 * 2. the tRPC instance (superjson, zod errors flattened for forms);
 * 3. the procedures: public, authed, and team-scoped by permission.
 */
import { randomUUID } from "node:crypto";
import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { Session } from "next-auth";
import type { Logger } from "pino";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import type { AppErrorCode } from "../../../convex/lib/errors";
import { can, type Permission } from "../../../convex/lib/permissions";
import { type Resolve, systemResolve } from "../../../convex/lib/webhookHost";
import { sendMail, type Mail } from "../auth/mailer";
import { isOperator } from "../auth/operators";
import { getBackend } from "../backend";
import type { Backend } from "../backend/types";
import { appErrorData } from "../http/appError";
import { requestLogger } from "../http/logger";
import type { RequestSource } from "./requestOrigin";

// 1. Context ---------------------------------------------------------------------------------------------------

export interface TRPCContext {
  /** The next-auth session, or null for a signed-out visitor. */
  session: Session | null;
  backend: Backend;
  /** Sends a mail (SMTP or the dev outbox); in the context so tests can read what a procedure sent. */
  sendMail: (mail: Mail) => Promise<void>;
  /** The request's logger: every line a procedure writes carries the request id. */
  log: Logger;
  /** How webhook hosts are resolved (the system's DNS; tests give names of their own). */
  resolveHost: Resolve;
  /** Where an HTTP request came from (requestOrigin.ts); absent for in-process callers, which no browser can reach. */
  requestSource?: RequestSource;
}

/**
 * Built per request by the route handler and the server-side caller, from the session they resolved. The
 * request id is the route handler's (echoed in `X-Request-Id`); a server render gets a fresh one.
 */
export async function createTRPCContext(opts: { session: Session | null; requestId?: string; requestSource?: RequestSource }): Promise<TRPCContext> {
  return {
    session: opts.session,
    backend: await getBackend(),
    sendMail,
    log: requestLogger(opts.requestId ?? randomUUID()),
    resolveHost: systemResolve,
    requestSource: opts.requestSource,
  };
}

// 2. Initialisation ------------------------------------------------------------------------------------------

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      // An unexpected error's message may carry internals; the route handler logs it, the browser gets none.
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side." : shape.message,
      data: {
        ...shape.data,
        // Per-field messages a form can show next to its inputs.
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

// 3. Procedures ----------------------------------------------------------------------------------------------

/** What a convex/ function's error code means to the portal. A plan limit is a refusal, hence FORBIDDEN. */
export const trpcCodeFor: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  VALIDATION_ERROR: "BAD_REQUEST",
  LIMIT_EXCEEDED: "FORBIDDEN",
  CONFLICT: "CONFLICT",
};

/** Errors thrown by convex/ functions reach the browser with their code and message instead of a bare 500. */
const convexErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const app = result.ok ? undefined : appErrorData(result.error.cause);
  if (app) throw new TRPCError({ code: trpcCodeFor[app.code], message: app.message });
  return result;
});

/**
 * A mutation whose request a browser says came from another origin is refused before anything runs (issue 14,
 * defence in depth): queries change nothing and stay open, as do callers that are no browser.
 */
const ownOriginMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.requestSource === "cross-origin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "This change must be made from the GhostSpeak portal itself." });
  }
  return next();
});

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(ownOriginMutations).use(convexErrors);

/** A signed-in user; `ctx.userId` is theirs, taken from the session and never from the input. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  const userId = ctx.session?.user?.id;
  if (!userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, userId: userId as Id<"users"> } });
});

/**
 * A platform operator (PLATFORM_ADMIN_EMAILS). Everyone else gets NOT_FOUND, signed in or not, so the operator
 * area does not admit it exists.
 */
export const operatorProcedure = publicProcedure.use(({ ctx, next }) => {
  const userId = ctx.session?.user?.id;
  if (!userId || !isOperator(ctx.session?.user?.email)) throw new TRPCError({ code: "NOT_FOUND", message: "Not found." });
  return next({ ctx: { ...ctx, userId: userId as Id<"users"> } });
});

/**
 * A member of the team named by `input.teamId` whose role grants `permission` (SPEC §5's matrix, defined once
 * in convex/lib/permissions.ts). Puts `{ team, role }` in the context. Non-members and members without the
 * permission get the same FORBIDDEN, so nothing tells an outsider whether a team exists.
 */
export function teamProcedure(permission: Permission) {
  return authedProcedure.input(z.object({ teamId: z.string().min(1) })).use(async ({ ctx, input, next }) => {
    const membership = await ctx.backend.query(api.teams.getMembership, {
      userId: ctx.userId,
      teamId: input.teamId,
    });
    if (!membership || !can(membership.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You do not have access to this in this team." });
    }
    return next({ ctx: { ...ctx, team: membership.team, role: membership.role } });
  });
}
