// Validates values against the JSON form of convex/values validators
// (exportArgs/exportReturns and schema documentType), naming the failing path.
import { compareValues, convexToJson, jsonToConvex } from "convex/values";
import type { JSONValue, Value } from "convex/values";

export type ValidatorJson =
  | { type: "any" | "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "commitTs" }
  | { type: "id"; tableName: string }
  | { type: "literal"; value: JSONValue }
  | { type: "array"; value: ValidatorJson }
  | { type: "object"; value: Record<string, { fieldType: ValidatorJson; optional: boolean }> }
  | { type: "record"; keys: ValidatorJson; values: { fieldType: ValidatorJson; optional: boolean } }
  | { type: "union"; value: ValidatorJson[] };

/** Resolves an id string to its table name, or null if it is not an id. */
export type TableOfId = (id: string) => string | null;

export class ValidationError extends Error {}

function show(v: Value | undefined): string {
  if (v === undefined) return "undefined";
  try {
    const s = JSON.stringify(convexToJson(v));
    return s.length > 120 ? s.slice(0, 117) + "..." : s;
  } catch {
    return String(v);
  }
}

function isPlainObject(v: unknown): v is Record<string, Value> {
  if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof ArrayBuffer) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype || proto?.constructor?.name === "Object";
}

const literalCache = new WeakMap<object, Value>();
function literalValue(validator: { type: "literal"; value: JSONValue }): Value {
  let v = literalCache.get(validator);
  if (v === undefined && !literalCache.has(validator)) {
    v = jsonToConvex(validator.value);
    literalCache.set(validator, v);
  }
  return v as Value;
}

function fail(path: string, expected: string, got: Value | undefined): never {
  throw new ValidationError(`${expected} at path \`${path || "(root)"}\`, got ${show(got)}`);
}

/** Whether a scalar validator accepts the value; null for the composite ones (array, object, record, union, any). */
function scalarMatch(validator: ValidatorJson, value: Value | undefined, tableOf: TableOfId): boolean | null {
  switch (validator.type) {
    case "null":
      return value === null;
    case "number":
      return typeof value === "number";
    case "bigint":
    case "commitTs":
      return typeof value === "bigint";
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "bytes":
      return value instanceof ArrayBuffer;
    case "id":
      return typeof value === "string" && tableOf(value) === validator.tableName;
    case "literal": {
      const literal = literalValue(validator);
      return value !== undefined && typeof value === typeof literal && compareValues(value, literal) === 0;
    }
    default:
      return null;
  }
}

/** Returns normally when valid; throws ValidationError naming the path otherwise. */
export function validateValue(validator: ValidatorJson, value: Value | undefined, tableOf: TableOfId, path = ""): void {
  switch (validator.type) {
    case "any":
      if (value === undefined) fail(path, "Expected a value", value);
      return;
    case "null":
      if (value !== null) fail(path, "Expected null", value);
      return;
    case "number":
      if (typeof value !== "number") fail(path, "Expected a number (float64)", value);
      return;
    case "bigint":
    case "commitTs":
      if (typeof value !== "bigint") fail(path, "Expected a bigint (int64)", value);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail(path, "Expected a boolean", value);
      return;
    case "string":
      if (typeof value !== "string") fail(path, "Expected a string", value);
      return;
    case "bytes":
      if (!(value instanceof ArrayBuffer)) fail(path, "Expected bytes (ArrayBuffer)", value);
      return;
    case "id":
      if (typeof value !== "string") fail(path, `Expected an id of table "${validator.tableName}"`, value);
      if (tableOf(value) !== validator.tableName) fail(path, `Expected an id of table "${validator.tableName}"`, value);
      return;
    case "literal":
      if (value === undefined || compareValues(value, literalValue(validator)) !== 0 || typeof value !== typeof literalValue(validator)) {
        fail(path, `Expected the literal ${JSON.stringify(validator.value)}`, value);
      }
      return;
    case "array":
      if (!Array.isArray(value)) fail(path, "Expected an array", value);
      for (let i = 0; i < value.length; i++) validateValue(validator.value, value[i], tableOf, `${path}[${i}]`);
      return;
    case "object": {
      if (!isPlainObject(value)) fail(path, "Expected an object", value);
      for (const k in validator.value) {
        const field = validator.value[k];
        const fv = value[k];
        if (fv === undefined) {
          if (!field.optional) fail(`${path}.${k}`, `Object is missing the required field \`${k}\``, undefined);
          continue;
        }
        validateValue(field.fieldType, fv, tableOf, `${path}.${k}`);
      }
      for (const k in value) {
        if (!(k in validator.value) && value[k] !== undefined) {
          fail(`${path}.${k}`, `Object has an extra field \`${k}\` that is not in the validator`, value[k]);
        }
      }
      return;
    }
    case "record": {
      if (!isPlainObject(value)) fail(path, "Expected a record object", value);
      for (const k in value) {
        if (value[k] === undefined) continue;
        validateValue(validator.keys, k, tableOf, `${path} key "${k}"`);
        validateValue(validator.values.fieldType, value[k], tableOf, `${path}.${k}`);
      }
      return;
    }
    case "union": {
      for (const member of validator.value) {
        // Scalar members are decided without an exception (an enum of literals is the common union, and an
        // Error with its stack per non-matching member costs more than the rest of a write's validation).
        const quick = scalarMatch(member, value, tableOf);
        if (quick === true) return;
        if (quick === false) continue;
        try {
          validateValue(member, value, tableOf, path);
          return;
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
        }
      }
      fail(path, `Expected one of the union members (${validator.value.map((m) => m.type).join(", ")})`, value);
    }
  }
}
