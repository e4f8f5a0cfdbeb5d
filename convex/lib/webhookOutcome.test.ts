import { describe, expect, it } from "vitest";
import { attemptSucceeded } from "./webhookOutcome";

describe("attemptSucceeded", () => {
  it("is true for 2xx answers only", () => {
    expect([200, 201, 204, 299].map(attemptSucceeded)).toEqual([true, true, true, true]);
    expect([undefined, 199, 300, 302, 410, 500].map(attemptSucceeded)).toEqual([false, false, false, false, false, false]);
  });
});
