/**
 * The body of `POST /api/internal/v1/signals`: NDJSON (one signal per line, line numbers from 1) or a JSON
 * array (the "line" of an element is its position, from 1). Each entry is validated on its own, so one bad
 * line never refuses the others.
 */
import type { SignalInput } from "../../../convex/lib/signalInput";
import { type LineError, parseNdjsonLine, toSignalInput } from "./lineSchema";

export type ParsedBody = { signals: SignalInput[]; errors: LineError[]; count: number };

export function parseNdjson(text: string): ParsedBody {
  const body: ParsedBody = { signals: [], errors: [], count: 0 };
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const parsed = parseNdjsonLine(lines[i]!, i + 1);
    if (parsed === null) continue;
    body.count++;
    if ("signal" in parsed) body.signals.push(parsed.signal);
    else body.errors.push(parsed.error);
  }
  return body;
}

/** Null when `value` is not an array (the whole body is then refused). */
export function parseJsonArray(value: unknown): ParsedBody | null {
  if (!Array.isArray(value)) return null;
  const body: ParsedBody = { signals: [], errors: [], count: value.length };
  value.forEach((entry, i) => {
    const parsed = toSignalInput(entry, i + 1);
    if ("signal" in parsed) body.signals.push(parsed.signal);
    else body.errors.push(parsed.error);
  });
  return body;
}
