// Evaluates the serialized `.filter(q => …)` expressions from
// convex/server's filter_builder_impl against a document. Comparisons use
// compareValues' total order across types, as a Convex deployment does.
import { compareValues } from "convex/values";
import type { JSONValue, Value } from "convex/values";
import { fieldPathValue, jsonToValueOrUndefined } from "./jsonValue";

export type FilterExpression = { [op: string]: JSONValue };
type V = Value | undefined;

function binary(op: string, args: JSONValue): [JSONValue, JSONValue] {
  if (!Array.isArray(args) || args.length !== 2) throw new Error(`Malformed filter expression ${op}`);
  return [args[0], args[1]];
}

function arith(op: string, a: V, b: V): Value {
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "$add": return a + b;
      case "$sub": return a - b;
      case "$mul": return a * b;
      case "$div": return a / b;
      default: return a % b;
    }
  }
  if (typeof a === "bigint" && typeof b === "bigint") {
    switch (op) {
      case "$add": return BigInt.asIntN(64, a + b);
      case "$sub": return BigInt.asIntN(64, a - b);
      case "$mul": return BigInt.asIntN(64, a * b);
      case "$div": return a / b;
      default: return a % b;
    }
  }
  throw new Error(`Filter ${op} needs two numbers or two bigints, got ${typeof a} and ${typeof b}`);
}

export function evaluateFilter(expr: JSONValue, doc: Value): V {
  if (expr === null || typeof expr !== "object" || Array.isArray(expr)) throw new Error(`Malformed filter expression ${JSON.stringify(expr)}`);
  const keys = Object.keys(expr);
  if (keys.length !== 1) throw new Error(`Malformed filter expression ${JSON.stringify(expr)}`);
  const op = keys[0];
  const arg = (expr as FilterExpression)[op];
  switch (op) {
    case "$field":
      return fieldPathValue(doc, arg as string);
    case "$literal":
      return jsonToValueOrUndefined(arg);
    case "$eq":
    case "$neq":
    case "$lt":
    case "$lte":
    case "$gt":
    case "$gte": {
      const [l, r] = binary(op, arg);
      const c = compareValues(evaluateFilter(l, doc), evaluateFilter(r, doc));
      return op === "$eq" ? c === 0 : op === "$neq" ? c !== 0 : op === "$lt" ? c < 0 : op === "$lte" ? c <= 0 : op === "$gt" ? c > 0 : c >= 0;
    }
    case "$add":
    case "$sub":
    case "$mul":
    case "$div":
    case "$mod": {
      const [l, r] = binary(op, arg);
      return arith(op, evaluateFilter(l, doc), evaluateFilter(r, doc));
    }
    case "$neg": {
      const x = evaluateFilter(arg, doc);
      if (typeof x === "number") return -x;
      if (typeof x === "bigint") return BigInt.asIntN(64, -x);
      throw new Error(`Filter $neg needs a number or bigint, got ${typeof x}`);
    }
    case "$and":
      return (arg as JSONValue[]).every((e) => evaluateFilter(e, doc) === true);
    case "$or":
      return (arg as JSONValue[]).some((e) => evaluateFilter(e, doc) === true);
    case "$not":
      return evaluateFilter(arg, doc) !== true;
    default:
      throw new Error(`Filter operator ${op} is not supported by the embedded engine`);
  }
}

/** A document passes when every filter evaluates to exactly `true`. */
export function passesFilters(filters: JSONValue[], doc: Value): boolean {
  for (const f of filters) if (evaluateFilter(f, doc) !== true) return false;
  return true;
}
