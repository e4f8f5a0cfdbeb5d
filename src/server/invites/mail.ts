import type { Mail } from "../auth/mailer";

/** Links in mails point at the portal's public address, which next-auth is configured with too. */
function portalUrl(path: string): string {
  return new URL(path, process.env.NEXTAUTH_URL ?? "http://localhost:3000").toString();
}

export function inviteMail(input: { to: string; teamName: string; role: string; inviterEmail: string; token: string }): Mail {
  const url = portalUrl(`/invites/${input.token}`);
  return {
    to: input.to,
    subject: `You are invited to ${input.teamName} on GhostSpeak`,
    text:
      `${input.inviterEmail} invited you to join ${input.teamName} on GhostSpeak as ${input.role}.\n` +
      `Accept the invite (sign in as ${input.to}):\n${url}\n\nThe link works once and expires in 7 days.\n`,
  };
}

export function inviteAcceptedMail(input: { to: string; teamName: string; memberEmail: string; role: string; teamId: string }): Mail {
  return {
    to: input.to,
    subject: `${input.memberEmail} joined ${input.teamName}`,
    text:
      `${input.memberEmail} accepted your invite and joined ${input.teamName} as ${input.role}.\n` +
      `Members: ${portalUrl(`/t/${input.teamId}/members`)}\n`,
  };
}
