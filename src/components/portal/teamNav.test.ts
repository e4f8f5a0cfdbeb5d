import { describe, expect, it } from "vitest";
import { ROLES } from "../../../convex/lib/permissions";
import { teamPagesFor } from "./teamNav";

describe("team navigation", () => {
  it("shows each role exactly the pages its permissions allow", () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, teamPagesFor(role).map((page) => page.label)]))).toEqual({
      owner: ["Overview", "Members", "Usage", "API keys", "Webhooks", "Audit log", "Billing"],
      admin: ["Overview", "Members", "Usage", "API keys", "Webhooks", "Audit log", "Billing"],
      member: ["Overview", "Members", "Usage", "API keys", "Webhooks"],
      billing: ["Overview", "Members", "Usage", "Billing"],
    });
  });
});
