import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { AUDIT_ACTIONS } from "../../../../convex/lib/auditActions";
import { describeAuditEvent } from "@/lib/audit/describeAuditEvent";
import { createTRPCRouter, teamProcedure } from "../init";
import { watch } from "../live";

const listInput = z.object({
  action: z.enum(AUDIT_ACTIONS, "Choose an action from the list.").optional(),
  actorUserId: z.string().min(1).optional(),
  cursor: z.string().nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

/** The log function's arguments for a caller, shared by the page query and its live stream. */
const listArgs = (ctx: { team: { _id: Id<"teams"> }; userId: Id<"users"> }, input: Omit<z.infer<typeof listInput>, "cursor"> & { cursor?: string | null }) => ({
  teamId: ctx.team._id,
  actingUserId: ctx.userId,
  ...(input.action ? { action: input.action } : {}),
  ...(input.actorUserId ? { actorUserId: input.actorUserId as Id<"users"> } : {}),
  paginationOpts: { numItems: input.limit, cursor: input.cursor ?? null },
});

export const auditRouter = createTRPCRouter({
  /**
   * One page of the log, newest first, each entry with its readable `sentence` (ids named, never shown raw);
   * `cursor` is what the previous page returned (useInfiniteQuery's shape).
   */
  list: teamProcedure("audit.view")
    .input(listInput)
    .query(async ({ ctx, input }) => {
      const result = await ctx.backend.query(api.auditLog.list, listArgs(ctx, input));
      return {
        entries: result.page.map((entry) => ({ ...entry, sentence: describeAuditEvent(entry, result.names) })),
        nextCursor: result.isDone ? null : result.continueCursor,
      };
    }),

  /**
   * Says when the newest page (with these filters) changed: live.ts. The log pages by cursor, so the browser
   * refetches the pages it shows rather than splicing one in, and the stream carries no data.
   */
  live: teamProcedure("audit.view")
    .input(listInput.omit({ cursor: true }))
    .subscription(({ ctx, input, signal }) => watch({ ...ctx, permission: "audit.view" }, api.auditLog.list, listArgs(ctx, input), signal, () => null)),
});
