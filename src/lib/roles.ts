import type { Role } from "../../convex/lib/permissions";

/** What the portal calls each role (SPEC §5's "billing" is a viewer of billing). */
const ROLE_NAMES: Record<Role, string> = { owner: "owner", admin: "admin", member: "member", billing: "billing viewer" };

export function roleName(role: Role): string {
  return ROLE_NAMES[role];
}

/** "the owner" (a team has one), "an admin", "a member", "a billing viewer". */
export function roleWithArticle(role: Role): string {
  if (role === "owner") return "the owner";
  const name = roleName(role);
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}
