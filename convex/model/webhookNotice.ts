/**
 * Disabling an endpoint (SPEC §4): on 410 Gone at once; after 24 h of failed deliveries with a mail to the
 * team's owners and admins. The mail is part of the disabling transaction: captured in the development outbox
 * when SMTP is not configured, or handed to a scheduled Node action (committed with the change, so it is not
 * lost if this process dies) when it is.
 */
import { internal } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { writeAudit } from "./audit";

export type DisableReason = "gone" | "failing" | "manual";

export function smtpConfigured(): boolean {
  return Boolean(process.env.SMTP_URL && process.env.EMAIL_FROM);
}

/** Disables an active endpoint by the system; a failing one's owners and admins are told. */
export async function disableEndpoint(ctx: MutationCtx, endpoint: Doc<"webhookEndpoints">, reason: "gone" | "failing"): Promise<void> {
  if (endpoint.status !== "active") return;
  const now = Date.now();
  await ctx.db.patch(endpoint._id, { status: "disabled", disabledReason: reason, disabledAt: now });
  await writeAudit(ctx, {
    teamId: endpoint.teamId,
    actor: { kind: "system" },
    action: "webhook.disable",
    targetType: "webhookEndpoint",
    targetId: endpoint._id,
    details: { reason, url: endpoint.url },
  });
  if (reason === "failing") await mailOwnersAndAdmins(ctx, endpoint);
}

async function mailOwnersAndAdmins(ctx: MutationCtx, endpoint: Doc<"webhookEndpoints">): Promise<void> {
  const team = await ctx.db.get(endpoint.teamId);
  if (!team) return;
  const members = (
    await Promise.all(
      (["owner", "admin"] as const).map((role) =>
        ctx.db
          .query("members")
          .withIndex("by_team_role", (q) => q.eq("teamId", endpoint.teamId).eq("role", role))
          .collect(),
      ),
    )
  ).flat();
  const users = await Promise.all(members.map((member) => ctx.db.get(member.userId)));
  const subject = `GhostSpeak: webhook endpoint disabled after 24 hours of failures`;
  const text =
    `Deliveries to the webhook endpoint ${endpoint.url} of team "${team.name}" have failed for 24 hours, ` +
    `so GhostSpeak has disabled it.\n\nFix the receiver, then enable the endpoint again in the portal ` +
    `(Webhooks) and replay the failed deliveries.\n`;
  for (const user of users) {
    if (!user) continue;
    const mail = { to: user.email, subject, text };
    if (smtpConfigured()) await ctx.scheduler.runAfter(0, internal.webhookMail.send, mail);
    else await ctx.db.insert("devOutbox", mail);
  }
}
