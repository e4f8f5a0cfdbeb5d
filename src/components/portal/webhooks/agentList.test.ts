import { describe, expect, it } from "vitest";
import { WEBHOOK_EVENT_TYPES } from "../../../../convex/lib/validators";
import { EVENT_CHOICES, isEventType, parseAgentList } from "./agentList";

describe("parseAgentList", () => {
  it("splits on spaces, commas and new lines and drops blanks and duplicates", () => {
    expect(parseAgentList(" a, b\nc  a\n\n")).toEqual(["a", "b", "c"]);
    expect(parseAgentList("   ")).toEqual([]);
  });

  it("offers every event type once", () => {
    expect(EVENT_CHOICES.map((choice) => choice.type)).toEqual([...WEBHOOK_EVENT_TYPES]);
  });
});

describe("isEventType", () => {
  it("knows the event types and nothing else", () => {
    expect(isEventType("score.updated")).toBe(true);
    expect(isEventType("score.deleted")).toBe(false);
  });
});
