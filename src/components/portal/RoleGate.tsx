import type { ReactNode } from "react";
import { can, type Permission, type Role } from "../../../convex/lib/permissions";
import { roleName } from "@/lib/roles";

/** A page's content for roles that may use it; for other roles, a plain explanation instead of a broken page. */
export function RoleGate({ role, permission, what, children }: { role: Role; permission: Permission; what: string; children: ReactNode }) {
  if (can(role, permission)) return children;
  return (
    <div className="alert" role="status">
      <p>
        Your role ({roleName(role)}) cannot {what} in this team. Ask an owner or admin if you need it.
      </p>
    </div>
  );
}
