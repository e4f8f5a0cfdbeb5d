import { AUDIT_ACTIONS, isAuditAction, type AuditAction } from "../../../convex/lib/auditActions";

/** The audit log filter's words for each action (the filter offers every one of AUDIT_ACTIONS). */
const LABELS: Record<AuditAction, string> = {
  "team.create": "Team created",
  "team.rename": "Team renamed",
  "team.transfer_ownership": "Ownership transferred",
  "team.delete": "Team deleted",
  "team.limits": "Contract limits set",
  "team.disable": "Team disabled",
  "team.enable": "Team enabled",
  "member.role_change": "Member role changed",
  "member.remove": "Member removed",
  "invite.create": "Invite sent",
  "invite.resend": "Invite resent",
  "invite.revoke": "Invite revoked",
  "invite.accept": "Invite accepted",
  "key.create": "API key created",
  "key.rotate": "API key rotated",
  "key.revoke": "API key revoked",
  "key.update": "API key changed",
  "webhook.create": "Webhook endpoint added",
  "webhook.update": "Webhook endpoint changed",
  "webhook.enable": "Webhook endpoint enabled",
  "webhook.disable": "Webhook endpoint disabled",
  "webhook.delete": "Webhook endpoint deleted",
  "webhook.secret.reveal": "Webhook secret revealed",
  "webhook.secret.rotate": "Webhook secret rotated",
  "webhook.test": "Webhook test sent",
  "webhook.redeliver": "Webhook delivery resent",
  "webhook.replay": "Failed webhook deliveries replayed",
  "plan.change": "Plan changed",
  "plan.change_requested": "Plan change started",
  "billing.spend_cap": "Spend cap changed",
};

/** Every action with its label, in AUDIT_ACTIONS' order (grouped by what it acts on). */
export const AUDIT_ACTION_CHOICES = AUDIT_ACTIONS.map((action) => ({ action, label: LABELS[action] }));

/** An action's label; a name no longer written (an old row) as it was stored. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? LABELS[action] : action;
}
