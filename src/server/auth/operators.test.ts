import { afterEach, describe, expect, it } from "vitest";
import { isOperator, operatorEmails } from "./operators";

describe("operators", () => {
  const saved = process.env.PLATFORM_ADMIN_EMAILS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PLATFORM_ADMIN_EMAILS;
    else process.env.PLATFORM_ADMIN_EMAILS = saved;
  });

  it("parses a comma-separated list, trimmed and lowercased, ignoring empty entries", () => {
    expect([...operatorEmails(" Ops@GhostSpeak.test, ,second@x.test,")]).toEqual(["ops@ghostspeak.test", "second@x.test"]);
  });

  it("matches case-insensitively, and nobody when the variable is unset or empty", () => {
    process.env.PLATFORM_ADMIN_EMAILS = "ops@ghostspeak.test";
    expect(isOperator("OPS@ghostspeak.test")).toBe(true);
    expect(isOperator("ops@ghostspeak.test.evil")).toBe(false);
    expect(isOperator(undefined)).toBe(false);
    delete process.env.PLATFORM_ADMIN_EMAILS;
    expect(isOperator("ops@ghostspeak.test")).toBe(false);
    process.env.PLATFORM_ADMIN_EMAILS = "";
    expect(isOperator("")).toBe(false);
  });
});
