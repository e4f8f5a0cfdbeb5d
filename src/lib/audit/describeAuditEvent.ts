/**
 * One audit event as a sentence a person reads ("alice@x.com rotated key Production (gs_live_ab12…9f3c) with a
 * 1-hour grace period."): who did what to whom, with the facts the writer recorded, and never a raw id. Ids are
 * named from `names` (convex/model/auditNames.ts); one that has no name any more reads "a removed user" and the like.
 */
import { isAuditAction, type AuditAction } from "../../../convex/lib/auditActions";
import { formatUsd } from "../../../convex/lib/money";
import { ROLES, type Role } from "../../../convex/lib/permissions";
import { formatDateTime } from "../formatDate";
import { roleName, roleWithArticle } from "../roles";

type Detail = string | number | boolean | null;

export type AuditEventInput = {
  action: string;
  actorKind: "user" | "operator" | "system";
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, Detail>;
};

/** What a sentence is built from: the event, its names, and readers for its details. */
class Facts {
  constructor(
    readonly event: AuditEventInput,
    private readonly names: Record<string, string>,
  ) {}

  text(field: string): string | undefined {
    const value = this.event.details?.[field];
    return typeof value === "string" ? value : undefined;
  }

  number(field: string): number | undefined {
    const value = this.event.details?.[field];
    return typeof value === "number" ? value : undefined;
  }

  has(field: string): boolean {
    return this.event.details !== undefined && field in this.event.details;
  }

  name(id: string | undefined, fallback: string): string {
    return (id !== undefined && this.names[id]) || fallback;
  }

  /** Who acted: a member by address, an API call by its key, Stripe for its own plan changes. */
  get actor(): string {
    const { actorKind, actorUserId } = this.event;
    if (actorKind === "user") return this.name(actorUserId, "A removed user");
    if (actorKind === "operator") return "A platform operator";
    const viaKey = this.text("viaApiKeyId");
    if (viaKey !== undefined) return `API key ${this.name(viaKey, "(removed)")}`;
    if (this.text("source") === "stripe") return "Stripe";
    return "GhostSpeak";
  }

  get targetUser(): string {
    return this.name(this.event.targetId, "a removed user");
  }

  /** The key by its current name, or as the writer recorded it, or "a removed key". */
  get targetKey(): string {
    const recorded = this.text("display") ?? (this.text("prefix") !== undefined ? `${this.text("prefix")}…${this.text("last4")}` : undefined);
    const fromDetails = this.text("name") !== undefined && recorded !== undefined ? `${this.text("name")} (${recorded})` : undefined;
    return this.name(this.event.targetId, fromDetails ?? "a removed key");
  }

  get endpoint(): string {
    return this.name(this.event.targetId, this.text("url") ?? "a removed endpoint");
  }

  role(field: string): Role | undefined {
    const value = this.text(field);
    return (ROLES as readonly string[]).includes(value ?? "") ? (value as Role) : undefined;
  }
}

const GRACE: Record<string, string> = {
  "0": "no grace period",
  "15m": "a 15-minute grace period",
  "1h": "a 1-hour grace period",
  "24h": "a 24-hour grace period",
};

const DISABLE_REASONS: Record<string, string> = {
  gone: "the receiver answered 410 Gone",
  failing: "its deliveries failed for 24 hours",
};

const LIMIT_NAMES: Record<string, (n: number) => string> = {
  rateLimitPerMinute: (n) => `${n} calls a minute`,
  maxMembers: (n) => `${n} members`,
  maxApiKeys: (n) => `${n} API keys`,
  maxWebhookEndpoints: (n) => `${n} webhook endpoints`,
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const roleOr = (role: Role | undefined, raw: string | undefined) => (role ? roleWithArticle(role) : (raw ?? "a role"));
const events = (f: Facts) => (f.text("events") ?? "").split(",").filter(Boolean).join(", ") || "no events";
const agentFilter = (f: Facts) => {
  const agents = f.number("agentFilter") ?? 0;
  return agents > 0 ? ` (${plural(agents, "agent", "agents")} only)` : "";
};
const money = (micro: number | undefined) => (micro === undefined ? "none" : formatUsd(micro));

const SENTENCES: Record<AuditAction, (f: Facts) => string> = {
  "team.create": (f) => {
    const owner = f.text("owner");
    const ownedBy = owner !== undefined && owner !== f.actor ? `, owned by ${owner}` : "";
    return `${f.actor} created the team “${f.text("name")}” on the ${f.text("plan")} plan${ownedBy}`;
  },
  "team.rename": (f) => `${f.actor} renamed the team from “${f.text("from")}” to “${f.text("to")}”`,
  "team.transfer_ownership": (f) => {
    const previous = f.role("previousRoleOfNewOwner");
    return `${f.actor} made ${f.targetUser} the owner${previous ? ` (${roleWithArticle(previous)} until then)` : ""} and stayed on as an admin`;
  },
  "team.delete": (f) => `${f.actor} deleted the team “${f.text("name")}”`,
  "team.limits": (f) => {
    const limits = Object.keys(LIMIT_NAMES).flatMap((field) => {
      const n = f.number(field);
      return n === undefined ? [] : [LIMIT_NAMES[field]!(n)];
    });
    return `${f.actor} set the team's contract limits: ${limits.join(", ") || "none"}`;
  },
  "team.disable": (f) => `${f.actor} disabled the team: ${f.text("reason") ?? "no reason given"}`,
  "team.enable": (f) => `${f.actor} enabled the team again`,
  "member.role_change": (f) => {
    const from = f.role("from");
    const to = f.role("to");
    return `${f.actor} changed ${f.targetUser}'s role from ${from ? roleName(from) : f.text("from")} to ${to ? roleName(to) : f.text("to")}`;
  },
  "member.remove": (f) => `${f.actor} removed ${f.targetUser} (${roleOr(f.role("role"), f.text("role"))}) from the team`,
  "invite.create": (f) => `${f.actor} invited ${f.text("email")} as ${roleOr(f.role("role"), f.text("role"))}`,
  "invite.resend": (f) => `${f.actor} sent the invite to ${f.text("email")} again`,
  "invite.revoke": (f) => `${f.actor} revoked the invite to ${f.text("email")}`,
  "invite.accept": (f) =>
    `${f.actor} accepted the invite from ${f.name(f.text("invitedBy"), "a removed user")} and joined as ${roleOr(f.role("role"), f.text("role"))}`,
  "key.create": (f) => {
    const limit = f.number("rateLimit");
    const expiresAt = f.number("expiresAt");
    const extras = [limit !== undefined ? `limited to ${limit} calls a minute` : "", expiresAt !== undefined ? `expiring ${formatDateTime(expiresAt)}` : ""].filter(Boolean);
    return `${f.actor} created the ${f.text("env") ?? "new"} key ${f.targetKey}${extras.length > 0 ? `, ${extras.join(", ")}` : ""}`;
  },
  "key.rotate": (f) => {
    const grace = GRACE[f.text("gracePeriod") ?? ""] ?? "a grace period";
    const until = f.number("graceUntil");
    const keepsWorking = f.text("gracePeriod") !== "0" && until !== undefined ? ` (it works until ${formatDateTime(until)})` : "";
    return `${f.actor} rotated key ${f.targetKey} with ${grace}${keepsWorking}; its successor is ${f.name(f.text("newKeyId"), "a removed key")}`;
  },
  "key.revoke": (f) => `${f.actor} revoked key ${f.targetKey}`,
  "key.update": (f) => {
    const changes: string[] = [];
    if (f.text("name") !== undefined) changes.push(`renamed it “${f.text("name")}”`);
    if (f.has("expiresAt")) {
      const expiresAt = f.number("expiresAt");
      changes.push(expiresAt === undefined ? "removed its expiry" : `set it to expire ${formatDateTime(expiresAt)}`);
    }
    if (f.has("rateLimit")) {
      const limit = f.number("rateLimit");
      changes.push(limit === undefined ? "removed its own rate limit" : `limited it to ${limit} calls a minute`);
    }
    // The key by its id only: the recorded name is the new one, not what the key was called.
    const key = f.name(f.event.targetId, "a removed key");
    return `${f.actor} changed key ${key}: ${changes.join(", ") || "nothing"}`;
  },
  "webhook.create": (f) => `${f.actor} added the webhook endpoint ${f.endpoint} for ${events(f)}${agentFilter(f)}`,
  "webhook.update": (f) => `${f.actor} changed the webhook endpoint ${f.endpoint}: now for ${events(f)}${agentFilter(f)}`,
  "webhook.enable": (f) => `${f.actor} enabled the webhook endpoint ${f.endpoint}`,
  "webhook.disable": (f) => {
    const reason = DISABLE_REASONS[f.text("reason") ?? ""];
    return `${f.actor} disabled the webhook endpoint ${f.endpoint}${reason ? `: ${reason}` : ""}`;
  },
  "webhook.delete": (f) => `${f.actor} deleted the webhook endpoint ${f.endpoint}`,
  "webhook.secret.reveal": (f) => `${f.actor} revealed the signing secret of ${f.endpoint}`,
  "webhook.secret.rotate": (f) => {
    const until = f.number("previousSecretExpiresAt");
    return `${f.actor} rotated the signing secret of ${f.endpoint}${until !== undefined ? `; the previous secret signs until ${formatDateTime(until)}` : ""}`;
  },
  "webhook.test": (f) => `${f.actor} sent a test event to ${f.endpoint}`,
  "webhook.redeliver": (f) => `${f.actor} redelivered an event to ${f.name(f.event.targetId, "a removed endpoint")}`,
  "webhook.replay": (f) => {
    const since = f.number("since");
    return `${f.actor} queued ${plural(f.number("replayed") ?? 0, "failed delivery", "failed deliveries")} to ${f.endpoint} again${since !== undefined ? `, failed since ${formatDateTime(since)}` : ""}`;
  },
  "plan.change": (f) => `${f.actor} moved the team from the ${f.text("from")} plan to the ${f.text("to")} plan`,
  "plan.change_requested": (f) =>
    f.text("via") === "checkout"
      ? `${f.actor} went to Stripe Checkout to move the team from the ${f.text("from")} plan to the ${f.text("to")} plan`
      : `${f.actor} asked Stripe to move the team from the ${f.text("from")} plan to the ${f.text("to")} plan`,
  "billing.spend_cap": (f) => {
    const from = f.number("from");
    const to = f.number("to");
    if (to === undefined) return `${f.actor} removed the monthly spend cap of ${money(from)}`;
    if (from === undefined) return `${f.actor} capped monthly spend at ${money(to)}`;
    return `${f.actor} changed the monthly spend cap from ${money(from)} to ${money(to)}`;
  },
};

export function describeAuditEvent(event: AuditEventInput, names: Record<string, string>): string {
  const facts = new Facts(event, names);
  const sentence = isAuditAction(event.action) ? SENTENCES[event.action](facts) : `${facts.actor} recorded “${event.action}”`;
  return `${sentence}.`;
}
