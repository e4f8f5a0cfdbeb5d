import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { api } from "../../../../convex/_generated/api";
import { sha256Hex } from "../../../../convex/lib/hashing";
import { INVITABLE_ROLES } from "../../../../convex/lib/permissions";
import type { Mail } from "../../auth/mailer";
import { inviteAcceptedMail, inviteMail } from "../../invites/mail";
import { isInviteToken, newInviteToken } from "../../invites/token";
import { authedProcedure, createTRPCRouter, publicProcedure, teamProcedure, type TRPCContext } from "../init";
import { watch } from "../live";

/**
 * Sends an invite's mail. The invite is already stored, so when mail fails the admin is told to resend (which
 * issues a new token) rather than given a bare server error.
 */
async function mailInvite(ctx: Pick<TRPCContext, "sendMail" | "log">, mail: Mail): Promise<void> {
  try {
    await ctx.sendMail(mail);
  } catch (error) {
    ctx.log.error({ err: error }, "invite mail could not be sent");
    throw new TRPCError({
      code: "BAD_GATEWAY",
      message: "The invite is saved but its mail could not be sent: resend it from the pending invites.",
    });
  }
}

const token = z.string().refine(isInviteToken, "This is not an invite link.");
const inviteId = z.object({ inviteId: z.string().min(1) });

export const invitesRouter = createTRPCRouter({
  list: teamProcedure("members.manage").query(({ ctx }) =>
    ctx.backend.query(api.invites.list, { teamId: ctx.team._id, actingUserId: ctx.userId }),
  ),

  /** `list` (the pending invites), kept current: live.ts. */
  live: teamProcedure("members.manage").subscription(({ ctx, signal }) =>
    watch({ ...ctx, permission: "members.manage" }, api.invites.list, { teamId: ctx.team._id, actingUserId: ctx.userId }, signal),
  ),

  /** Stores the token's hash, then mails the token: the only copy of it. */
  create: teamProcedure("members.manage")
    .input(
      z.object({ email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")), role: z.enum(INVITABLE_ROLES) }),
    )
    .mutation(async ({ ctx, input }) => {
      const { token: secret, tokenHash } = await newInviteToken();
      const invite = await ctx.backend.mutation(api.invites.create, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        email: input.email,
        role: input.role,
        tokenHash,
      });
      await mailInvite(
        ctx,
        inviteMail({
          to: input.email,
          teamName: invite.teamName,
          role: input.role,
          inviterEmail: ctx.session?.user.email ?? "A team admin",
          token: secret,
        }),
      );
      return { inviteId: invite.inviteId, expiresAt: invite.expiresAt };
    }),

  /** A new token replaces the old one, whose link stops working. */
  resend: teamProcedure("members.manage")
    .input(inviteId)
    .mutation(async ({ ctx, input }) => {
      const { token: secret, tokenHash } = await newInviteToken();
      const invite = await ctx.backend.mutation(api.invites.resend, {
        teamId: ctx.team._id,
        actingUserId: ctx.userId,
        inviteId: input.inviteId,
        tokenHash,
      });
      await mailInvite(
        ctx,
        inviteMail({
          to: invite.email,
          teamName: invite.teamName,
          role: invite.role,
          inviterEmail: ctx.session?.user.email ?? "A team admin",
          token: secret,
        }),
      );
      return { expiresAt: invite.expiresAt };
    }),

  revoke: teamProcedure("members.manage")
    .input(inviteId)
    .mutation(({ ctx, input }) =>
      ctx.backend.mutation(api.invites.revoke, { teamId: ctx.team._id, actingUserId: ctx.userId, inviteId: input.inviteId }),
    ),

  /** For the accept page: anyone holding the link may see which team and address it is for. */
  preview: publicProcedure.input(z.object({ token })).query(async ({ ctx, input }) => {
    const invite = await ctx.backend.query(api.invites.preview, { tokenHash: await sha256Hex(input.token) });
    if (!invite) throw new TRPCError({ code: "NOT_FOUND", message: "This invite does not exist." });
    return invite;
  }),

  /** Joins the team as the invited address, then tells the inviter (the audit log has the entry already). */
  accept: authedProcedure.input(z.object({ token })).mutation(async ({ ctx, input }) => {
    const joined = await ctx.backend.mutation(api.invites.accept, { tokenHash: await sha256Hex(input.token), userId: ctx.userId });
    if (joined.inviterEmail) {
      // The member has joined whatever happens to this mail; a failure is logged, not shown to them as an error.
      await ctx
        .sendMail(
          inviteAcceptedMail({
            to: joined.inviterEmail,
            teamName: joined.teamName,
            memberEmail: joined.memberEmail,
            role: joined.role,
            teamId: joined.teamId,
          }),
        )
        .catch((error: unknown) => ctx.log.warn({ err: error, teamId: joined.teamId }, "invite accepted; notifying the inviter failed"));
    }
    return { teamId: joined.teamId, teamName: joined.teamName, role: joined.role };
  }),
});
