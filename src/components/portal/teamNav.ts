import type { Permission, Role } from "../../../convex/lib/permissions";
import { can } from "../../../convex/lib/permissions";

/**
 * The team's pages, one line each, with the permission a role needs to see the link. The pages check the same
 * permission on the server; hiding a link is only courtesy.
 */
export const TEAM_PAGES: readonly { path: string; label: string; permission: Permission }[] = [
  { path: "", label: "Overview", permission: "team.view" },
  { path: "/members", label: "Members", permission: "team.view" },
  { path: "/usage", label: "Usage", permission: "team.view" },
  { path: "/keys", label: "API keys", permission: "keys.manage" },
  { path: "/webhooks", label: "Webhooks", permission: "webhooks.manage" },
  { path: "/audit", label: "Audit log", permission: "audit.view" },
  { path: "/billing", label: "Billing", permission: "billing.view" },
];

export function teamPagesFor(role: Role) {
  return TEAM_PAGES.filter((page) => can(role, page.permission));
}
