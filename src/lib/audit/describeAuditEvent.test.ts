import { describe, expect, it } from "vitest";
import type { AuditAction } from "../../../convex/lib/auditActions";
import { AUDIT_ACTION_CHOICES, auditActionLabel } from "./actionLabels";
import { type AuditEventInput, describeAuditEvent } from "./describeAuditEvent";

const names: Record<string, string> = {
  u_alice: "alice@x.com",
  u_bob: "bob@x.com",
  k_prod: "Production (gs_live_ab12…9f3c)",
  k_next: "Production (gs_live_cd34…77aa)",
  w_hook: "https://hooks.example.com/gs",
};
const at = Date.UTC(2026, 11, 6, 4, 14);
const byAlice = { actorKind: "user", actorUserId: "u_alice" } as const;

/** One event of each action as its writer records it, and the sentence it reads as. */
const CASES: Record<AuditAction, [Omit<AuditEventInput, "action">, string]> = {
  "team.create": [
    { actorKind: "operator", targetType: "team", targetId: "t1", details: { name: "Acme", plan: "growth", owner: "alice@x.com" } },
    "A platform operator created the team “Acme” on the growth plan, owned by alice@x.com.",
  ],
  "team.rename": [{ ...byAlice, details: { from: "Acme", to: "Acme Labs" } }, "alice@x.com renamed the team from “Acme” to “Acme Labs”."],
  "team.transfer_ownership": [
    { ...byAlice, targetType: "user", targetId: "u_bob", details: { previousRoleOfNewOwner: "admin" } },
    "alice@x.com made bob@x.com the owner (an admin until then) and stayed on as an admin.",
  ],
  "team.delete": [{ ...byAlice, details: { name: "Acme" } }, "alice@x.com deleted the team “Acme”."],
  "team.limits": [
    { actorKind: "operator", details: { rateLimitPerMinute: 5000, maxMembers: 50 } },
    "A platform operator set the team's contract limits: 5000 calls a minute, 50 members.",
  ],
  "team.disable": [{ actorKind: "operator", details: { reason: "chargeback" } }, "A platform operator disabled the team: chargeback."],
  "team.enable": [{ actorKind: "operator" }, "A platform operator enabled the team again."],
  "member.role_change": [
    { ...byAlice, targetType: "user", targetId: "u_bob", details: { from: "member", to: "billing" } },
    "alice@x.com changed bob@x.com's role from member to billing viewer.",
  ],
  "member.remove": [
    { ...byAlice, targetType: "user", targetId: "u_gone", details: { role: "admin" } },
    "alice@x.com removed a removed user (an admin) from the team.",
  ],
  "invite.create": [{ ...byAlice, targetType: "invite", targetId: "i1", details: { email: "carol@x.com", role: "billing" } }, "alice@x.com invited carol@x.com as a billing viewer."],
  "invite.resend": [{ ...byAlice, targetType: "invite", targetId: "i1", details: { email: "carol@x.com" } }, "alice@x.com sent the invite to carol@x.com again."],
  "invite.revoke": [{ ...byAlice, targetType: "invite", targetId: "i1", details: { email: "carol@x.com" } }, "alice@x.com revoked the invite to carol@x.com."],
  "invite.accept": [
    { actorKind: "user", actorUserId: "u_bob", targetType: "invite", targetId: "i1", details: { email: "bob@x.com", role: "member", invitedBy: "u_alice" } },
    "bob@x.com accepted the invite from alice@x.com and joined as a member.",
  ],
  "key.create": [
    { ...byAlice, targetType: "apiKey", targetId: "k_prod", details: { name: "Production", env: "live", prefix: "gs_live_ab12", last4: "9f3c", rateLimit: 100, expiresAt: null } },
    "alice@x.com created the live key Production (gs_live_ab12…9f3c), limited to 100 calls a minute.",
  ],
  "key.rotate": [
    { ...byAlice, targetType: "apiKey", targetId: "k_prod", details: { newKeyId: "k_next", gracePeriod: "1h", graceUntil: at + 3_600_000 } },
    "alice@x.com rotated key Production (gs_live_ab12…9f3c) with a 1-hour grace period (it works until Dec 6, 2026, 05:14 UTC); its successor is Production (gs_live_cd34…77aa).",
  ],
  "key.revoke": [
    // A key no longer found is named as the writer recorded it.
    { ...byAlice, targetType: "apiKey", targetId: "k_deleted", details: { name: "CI", display: "gs_test_zz99…0000" } },
    "alice@x.com revoked key CI (gs_test_zz99…0000).",
  ],
  "key.update": [
    { ...byAlice, targetType: "apiKey", targetId: "k_prod", details: { name: "Production", expiresAt: null, rateLimit: 10 } },
    "alice@x.com changed key Production (gs_live_ab12…9f3c): renamed it “Production”, removed its expiry, limited it to 10 calls a minute.",
  ],
  "webhook.create": [
    { ...byAlice, targetType: "webhookEndpoint", targetId: "w_hook", details: { url: "https://hooks.example.com/gs", events: "score.updated,tier.changed", agentFilter: 2 } },
    "alice@x.com added the webhook endpoint https://hooks.example.com/gs for score.updated, tier.changed (2 agents only).",
  ],
  "webhook.update": [
    { actorKind: "system", targetType: "webhookEndpoint", targetId: "w_hook", details: { viaApiKeyId: "k_prod", url: "https://hooks.example.com/gs", events: "usage.threshold", agentFilter: 0 } },
    "API key Production (gs_live_ab12…9f3c) changed the webhook endpoint https://hooks.example.com/gs: now for usage.threshold.",
  ],
  "webhook.enable": [{ ...byAlice, targetType: "webhookEndpoint", targetId: "w_hook" }, "alice@x.com enabled the webhook endpoint https://hooks.example.com/gs."],
  "webhook.disable": [
    { actorKind: "system", targetType: "webhookEndpoint", targetId: "w_deleted", details: { reason: "failing", url: "https://old.example.com/hook" } },
    "GhostSpeak disabled the webhook endpoint https://old.example.com/hook: its deliveries failed for 24 hours.",
  ],
  "webhook.delete": [
    { ...byAlice, targetType: "webhookEndpoint", targetId: "w_deleted", details: { url: "https://old.example.com/hook" } },
    "alice@x.com deleted the webhook endpoint https://old.example.com/hook.",
  ],
  "webhook.secret.reveal": [
    { ...byAlice, targetType: "webhookEndpoint", targetId: "w_hook" },
    "alice@x.com revealed the signing secret of https://hooks.example.com/gs.",
  ],
  "webhook.secret.rotate": [
    { ...byAlice, targetType: "webhookEndpoint", targetId: "w_hook", details: { previousSecretExpiresAt: at } },
    "alice@x.com rotated the signing secret of https://hooks.example.com/gs; the previous secret signs until Dec 6, 2026, 04:14 UTC.",
  ],
  "webhook.test": [
    { ...byAlice, targetType: "webhookEndpoint", targetId: "w_gone", details: { deliveryId: "d1" } },
    "alice@x.com sent a test event to a removed endpoint.",
  ],
  "webhook.redeliver": [
    // A delivery is named by its endpoint's address.
    { ...byAlice, targetType: "webhookDelivery", targetId: "d1" },
    "alice@x.com redelivered an event to a removed endpoint.",
  ],
  "webhook.replay": [
    { ...byAlice, targetType: "webhookEndpoint", targetId: "w_hook", details: { since: at, replayed: 1 } },
    "alice@x.com queued 1 failed delivery to https://hooks.example.com/gs again, failed since Dec 6, 2026, 04:14 UTC.",
  ],
  "plan.change": [
    { actorKind: "system", targetType: "team", targetId: "t1", details: { from: "startup", to: "growth", source: "stripe", eventId: "evt_1" } },
    "Stripe moved the team from the startup plan to the growth plan.",
  ],
  "plan.change_requested": [
    { ...byAlice, targetType: "team", targetId: "t1", details: { from: "startup", to: "growth", via: "checkout" } },
    "alice@x.com went to Stripe Checkout to move the team from the startup plan to the growth plan.",
  ],
  "billing.spend_cap": [
    { ...byAlice, targetType: "team", targetId: "t1", details: { from: null, to: 600_000_000 } },
    "alice@x.com capped monthly spend at $600.00.",
  ],
};

describe("describeAuditEvent", () => {
  for (const [action, [event, sentence]] of Object.entries(CASES)) {
    it(`reads ${action} as a sentence`, () => {
      expect(describeAuditEvent({ action, ...event }, names)).toBe(sentence);
    });
  }

  it("names no raw id, whatever is missing", () => {
    for (const [action, [event]] of Object.entries(CASES)) {
      const text = describeAuditEvent({ action, ...event }, {});
      expect(text, action).not.toMatch(/\b(u_|k_|w_|d1|i1|t1)/);
      expect(text, action).not.toContain("undefined");
    }
  });

  it("names a local plan change and a removed or lowered cap by who made it", () => {
    expect(describeAuditEvent({ ...byAlice, action: "plan.change", details: { from: "growth", to: "startup", source: "local" } }, names)).toBe(
      "alice@x.com moved the team from the growth plan to the startup plan.",
    );
    expect(describeAuditEvent({ ...byAlice, action: "billing.spend_cap", details: { from: 600_000_000, to: null } }, names)).toBe(
      "alice@x.com removed the monthly spend cap of $600.00.",
    );
    expect(describeAuditEvent({ ...byAlice, action: "billing.spend_cap", details: { from: 600_000_000, to: 100_000_000 } }, names)).toBe(
      "alice@x.com changed the monthly spend cap from $600.00 to $100.00.",
    );
  });

  it("says a removed actor is one, and keeps an action it does not know readable", () => {
    expect(describeAuditEvent({ actorKind: "user", actorUserId: "u_gone", action: "team.enable" }, names)).toBe("A removed user enabled the team again.");
    expect(describeAuditEvent({ ...byAlice, action: "team.archive" }, names)).toBe("alice@x.com recorded “team.archive”.");
  });
});

describe("the audit filter's labels", () => {
  it("offers every action once, each with its own label", () => {
    expect(AUDIT_ACTION_CHOICES.map((choice) => choice.action).sort()).toEqual(Object.keys(CASES).sort());
    expect(new Set(AUDIT_ACTION_CHOICES.map((choice) => choice.label)).size).toBe(AUDIT_ACTION_CHOICES.length);
    expect(auditActionLabel("key.rotate")).toBe("API key rotated");
    expect(auditActionLabel("team.archive")).toBe("team.archive");
  });
});
