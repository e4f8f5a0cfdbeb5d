import { WEBHOOK_EVENT_TYPES } from "../../../../convex/lib/validators";

export type EventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The agent filter as typed in a textarea: addresses separated by spaces, commas or new lines, duplicates dropped. */
export function parseAgentList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Event types with what each one means, for the form's checkboxes. */
export const EVENT_CHOICES = [
  { type: "score.updated", label: "score.updated — an agent's Ghost Score changed" },
  { type: "tier.changed", label: "tier.changed — an agent moved to another tier" },
  { type: "usage.threshold", label: "usage.threshold — the team reached 80 % or 100 % of its included usage" },
  { type: "webhook.test", label: "webhook.test — test sends" },
] as const;
