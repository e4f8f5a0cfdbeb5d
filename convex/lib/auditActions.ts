/**
 * Every action the audit log records (SPEC §5). The writer (model/audit.ts) takes only these, so the portal's
 * filter and its sentences, both built from this list, cannot miss a new action.
 */
export const AUDIT_ACTIONS = [
  "team.create",
  "team.rename",
  "team.transfer_ownership",
  "team.delete",
  "team.limits",
  "team.disable",
  "team.enable",
  "member.role_change",
  "member.remove",
  "invite.create",
  "invite.resend",
  "invite.revoke",
  "invite.accept",
  "key.create",
  "key.rotate",
  "key.revoke",
  "key.update",
  "webhook.create",
  "webhook.update",
  "webhook.enable",
  "webhook.disable",
  "webhook.delete",
  "webhook.secret.reveal",
  "webhook.secret.rotate",
  "webhook.test",
  "webhook.redeliver",
  "webhook.replay",
  "plan.change",
  "plan.change_requested",
  "billing.spend_cap",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
