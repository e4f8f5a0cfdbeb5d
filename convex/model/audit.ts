/**
 * Audit rows are written by the same mutation that makes the change, so a change and its record commit or
 * roll back together.
 */
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { AuditAction } from "../lib/auditActions";

export type Actor = { kind: "user"; userId: Id<"users"> } | { kind: "operator" } | { kind: "system" };

export type AuditEntry = {
  teamId: Id<"teams">;
  actor: Actor;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, string | number | boolean | null>;
};

export async function writeAudit(ctx: MutationCtx, entry: AuditEntry): Promise<void> {
  await ctx.db.insert("auditLog", {
    teamId: entry.teamId,
    actorKind: entry.actor.kind,
    ...(entry.actor.kind === "user" ? { actorUserId: entry.actor.userId } : {}),
    action: entry.action,
    ...(entry.targetType !== undefined ? { targetType: entry.targetType } : {}),
    ...(entry.targetId !== undefined ? { targetId: entry.targetId } : {}),
    ...(entry.details !== undefined ? { details: entry.details } : {}),
    at: Date.now(),
  });
}
