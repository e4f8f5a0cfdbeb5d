/**
 * Mails a team's billing viewers (every role with `billing.view`) that its usage reached a threshold (SPEC §4).
 * Scheduled by the API call whose usage crossed it, so the call only pays for writing the job: reading members
 * and composing mail happen after it committed, and a failure here never fails it. Without SMTP the mail goes to
 * the development outbox; with SMTP each mail is a scheduled Node action, like the webhook notices.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { can } from "./lib/permissions";
import { usageThresholdMail } from "./lib/usageThresholdMail";
import { vPlan } from "./lib/validators";
import { smtpConfigured } from "./model/webhookNotice";

/** Links point at the portal's public address, the one next-auth (and so every other mail) uses. */
function portalUrl(path: string): string {
  return new URL(path, process.env.NEXTAUTH_URL ?? "http://localhost:3000").toString();
}

export const notify = internalMutation({
  args: {
    teamId: v.id("teams"),
    /** The plan when the threshold was crossed, as the webhook event carries it. */
    plan: vPlan,
    threshold: v.union(v.literal(80), v.literal(100)),
    periodStart: v.number(),
    usageMicroUsd: v.number(),
    includedMicroUsd: v.number(),
  },
  returns: v.object({ mailed: v.number() }),
  handler: async (ctx, { teamId, ...crossing }) => {
    const team = await ctx.db.get(teamId);
    if (!team) return { mailed: 0 };
    const members = await ctx.db
      .query("members")
      .withIndex("by_team_role", (q) => q.eq("teamId", teamId))
      .collect();
    const viewers = members.filter((member) => can(member.role, "billing.view"));
    const users = await Promise.all(viewers.map((member) => ctx.db.get(member.userId)));
    const content = usageThresholdMail({ ...crossing, teamName: team.name, billingUrl: portalUrl(`/t/${teamId}/billing`) });
    let mailed = 0;
    for (const user of users) {
      if (!user) continue;
      const mail = { to: user.email, ...content };
      if (smtpConfigured()) await ctx.scheduler.runAfter(0, internal.webhookMail.send, mail);
      else await ctx.db.insert("devOutbox", mail);
      mailed++;
    }
    return { mailed };
  },
});
