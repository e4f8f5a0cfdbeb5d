import { describe, expect, it } from "vitest";
import { can, canAssignRole, canManageMember, INVITABLE_ROLES, PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";

// SPEC §5 written out cell by cell, independently of the module's own table.
const EXPECTED: Record<Role, Permission[]> = {
  owner: ["team.view", "team.rename", "members.manage", "keys.manage", "webhooks.manage", "webhooks.revealSecret", "audit.view", "billing.view", "billing.manage", "team.owner"],
  admin: ["team.view", "team.rename", "members.manage", "keys.manage", "webhooks.manage", "webhooks.revealSecret", "audit.view", "billing.view"],
  member: ["team.view", "keys.manage", "webhooks.manage"],
  billing: ["team.view", "billing.view"],
};

describe("can", () => {
  for (const role of ROLES) {
    for (const permission of PERMISSIONS) {
      const allowed = EXPECTED[role].includes(permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("covers 4 roles x 10 permissions", () => {
    expect(ROLES.length * PERMISSIONS.length).toBe(40);
  });
});

describe("canManageMember", () => {
  for (const actor of ROLES) {
    for (const target of ROLES) {
      const allowed = (actor === "owner" || actor === "admin") && target !== "owner";
      it(`${actor} ${allowed ? "may" : "may not"} manage a ${target}`, () => {
        expect(canManageMember(actor, target)).toBe(allowed);
      });
    }
  }
});

describe("canAssignRole", () => {
  for (const actor of ROLES) {
    for (const role of ROLES) {
      const allowed = (actor === "owner" || actor === "admin") && role !== "owner";
      it(`${actor} ${allowed ? "may" : "may not"} assign ${role}`, () => {
        expect(canAssignRole(actor, role)).toBe(allowed);
      });
    }
  }

  it("invitable roles are exactly the assignable ones", () => {
    expect(ROLES.filter((role) => canAssignRole("owner", role))).toEqual([...INVITABLE_ROLES]);
  });
});
