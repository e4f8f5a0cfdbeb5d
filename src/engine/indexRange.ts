// Compiles a `withIndex` range (eq… then optional gt/gte and lt/lte on the next
// field) into one [lower, upper) byte interval over the index keys, so each
// range is a single B-tree scan.
import type { JSONValue, Value } from "convex/values";
import { jsonToValueOrUndefined } from "./jsonValue";
import { AFTER_ANY_VALUE, encodeTuple, encodeValue } from "./valueKey";

export interface RangeExpression {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  value: JSONValue;
}

export interface KeyInterval {
  /** Inclusive. */
  lower: Buffer;
  /** Exclusive. */
  upper: Buffer;
}

const FF = Buffer.from([AFTER_ANY_VALUE]);

/** fields: the index's fields including the trailing _creationTime and _id. */
export function compileRange(range: RangeExpression[], fields: string[], indexLabel: string): KeyInterval {
  const eqs: Array<Value | undefined> = [];
  let lower: RangeExpression | null = null;
  let upper: RangeExpression | null = null;
  for (const expr of range) {
    const isLower = expr.type === "Gt" || expr.type === "Gte";
    const isUpper = expr.type === "Lt" || expr.type === "Lte";
    if (expr.type === "Eq") {
      if (lower || upper) throw new Error(`Incorrect operator used in \`withIndex\` on ${indexLabel}: \`.eq\` cannot follow a range operator.`);
      if (expr.fieldPath !== fields[eqs.length]) {
        throw new Error(`Incorrect field used in \`withIndex\` on ${indexLabel}: expected "${fields[eqs.length]}", got "${expr.fieldPath}".`);
      }
      eqs.push(jsonToValueOrUndefined(expr.value));
      continue;
    }
    if ((isLower && lower) || (isUpper && upper)) {
      throw new Error(`Incorrect operator used in \`withIndex\` on ${indexLabel}: only one lower and one upper bound are allowed.`);
    }
    if (expr.fieldPath !== fields[eqs.length]) {
      throw new Error(`Incorrect field used in \`withIndex\` on ${indexLabel}: expected "${fields[eqs.length]}", got "${expr.fieldPath}".`);
    }
    if (isLower) lower = expr;
    else upper = expr;
  }
  const prefix = encodeTuple(eqs);
  let lo = prefix;
  if (lower) {
    const v = encodeValue(jsonToValueOrUndefined(lower.value));
    lo = lower.type === "Gte" ? Buffer.concat([prefix, v]) : Buffer.concat([prefix, v, FF]);
  }
  let hi = Buffer.concat([prefix, FF]);
  if (upper) {
    const v = encodeValue(jsonToValueOrUndefined(upper.value));
    hi = upper.type === "Lt" ? Buffer.concat([prefix, v]) : Buffer.concat([prefix, v, FF]);
  }
  return { lower: lo, upper: hi };
}
