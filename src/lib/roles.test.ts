import { describe, expect, it } from "vitest";
import { roleName, roleWithArticle } from "./roles";

describe("role labels", () => {
  it("names the billing role as a viewer", () => {
    expect(roleName("billing")).toBe("billing viewer");
    expect(roleName("admin")).toBe("admin");
  });

  it("puts the right article before each role", () => {
    expect(["owner", "admin", "member", "billing"].map((role) => `You are ${roleWithArticle(role as never)}`)).toEqual([
      "You are the owner",
      "You are an admin",
      "You are a member",
      "You are a billing viewer",
    ]);
  });
});
