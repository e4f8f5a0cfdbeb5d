// Conversions between the Convex JSON wire format used by syscalls and values.
import { jsonToConvex } from "convex/values";
import type { JSONValue, Value } from "convex/values";

/**
 * Parses convexToJson text produced by convex/server or stored by the engine
 * (field names already validated). Text without any `"$` holds no $integer /
 * $float / $bytes wrappers, so the plain JSON value already is the Convex
 * value and the jsonToConvex walk is skipped.
 */
export function parseConvexJson(text: string): Value {
  const json = JSON.parse(text) as JSONValue;
  return text.includes('"$') ? jsonToConvex(json) : (json as Value);
}

/** Query bounds and patches carry `undefined` as {"$undefined": null}. */
export function jsonToValueOrUndefined(json: JSONValue): Value | undefined {
  if (json !== null && typeof json === "object" && !Array.isArray(json) && "$undefined" in json) return undefined;
  return jsonToConvex(json);
}

/** Reads a dotted field path ("a.b") the way Convex indexes and filters do. */
export function fieldPathValue(doc: Value | undefined, path: string): Value | undefined {
  let cur: Value | undefined = doc;
  let start = 0;
  for (;;) {
    const dot = path.indexOf(".", start);
    const part = dot === -1 ? path.slice(start) : path.slice(start, dot);
    if (cur === null || typeof cur !== "object" || Array.isArray(cur) || cur instanceof ArrayBuffer) return undefined;
    cur = (cur as Record<string, Value>)[part];
    if (dot === -1) return cur;
    start = dot + 1;
  }
}
