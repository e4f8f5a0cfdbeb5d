/**
 * The role/permission matrix of SPEC §5, defined once. tRPC's `teamProcedure(permission)` and the Convex
 * functions both check it through `can`, so the two layers cannot disagree.
 */
export const ROLES = ["owner", "admin", "member", "billing"] as const;
export type Role = (typeof ROLES)[number];

/** Roles an invite may carry: ownership only ever moves by transfer. */
export const INVITABLE_ROLES = ["admin", "member", "billing"] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const PERMISSIONS = [
  /** View team, members and usage charts. */
  "team.view",
  /** Rename the team (SPEC §5 is silent; the roles that run the team's membership run its name too). */
  "team.rename",
  /** Invite members, change roles, remove members (see `canManageMember` for the owner rule). */
  "members.manage",
  /** Create, rotate and revoke API keys. */
  "keys.manage",
  /** Create, change and delete webhook endpoints, send tests, redeliver. */
  "webhooks.manage",
  /** Reveal a webhook endpoint's signing secret (SPEC §4: owner/admin). */
  "webhooks.revealSecret",
  /** Read the audit log (SPEC §5: owners and admins). */
  "audit.view",
  /** View plan, costs and invoices. */
  "billing.view",
  /** Change plan, spend cap and payment method. */
  "billing.manage",
  /** Transfer ownership, delete the team. */
  "team.owner",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Record<Permission, readonly Role[]> = {
  "team.view": ["owner", "admin", "member", "billing"],
  "team.rename": ["owner", "admin"],
  "members.manage": ["owner", "admin"],
  "keys.manage": ["owner", "admin", "member"],
  "webhooks.manage": ["owner", "admin", "member"],
  "webhooks.revealSecret": ["owner", "admin"],
  "audit.view": ["owner", "admin"],
  "billing.view": ["owner", "admin", "billing"],
  "billing.manage": ["owner"],
  "team.owner": ["owner"],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[permission].includes(role);
}

/**
 * May `actor` change the role of, or remove, a member whose role is `target`? Nobody acts on the owner this
 * way (an admin never does; the owner leaves only by transferring ownership).
 */
export function canManageMember(actor: Role, target: Role): boolean {
  return can(actor, "members.manage") && target !== "owner";
}

/** May `actor` give someone `role` (by invite or role change)? "owner" is given only by transfer. */
export function canAssignRole(actor: Role, role: Role): boolean {
  return can(actor, "members.manage") && role !== "owner";
}
