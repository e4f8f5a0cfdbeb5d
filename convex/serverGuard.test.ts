/**
 * The network boundary (ARCHITECTURE.md, "Functions reachable from the network"): every public function of
 * every convex/ module must be built with the server-secret wrappers, and each one must refuse a call without
 * the secret, with a wrong one, and with none configured, before its handler runs.
 */
import { makeFunctionReference } from "convex/server";
import type { GenericMutationCtx } from "convex/server";
import { describe, expect, it } from "vitest";
import { assertServerSecret, SERVER_GUARDED } from "./lib/serverFunctions";
import schema from "./schema";
import { describeConvex, expectAppError, modules, TEST_SERVER_SECRET, withSecret } from "./test.helpers";

type Registered = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  exportArgs(): string;
  [SERVER_GUARDED]?: boolean;
};
type ValidatorJson = { type: string; value?: unknown; tableName?: string };
type FieldJson = { fieldType: ValidatorJson; optional: boolean };

function isRegistered(value: unknown): value is Registered {
  return typeof value === "function" && ("isQuery" in value || "isMutation" in value || "isAction" in value);
}

function isHttpAction(value: unknown): boolean {
  return typeof value === "function" && "isHttp" in value;
}

/** Every exported Convex function, by its `module:export` name (test files and helpers excluded). */
async function loadFunctions(): Promise<{ name: string; fn: Registered }[]> {
  const found: { name: string; fn: Registered }[] = [];
  const httpActions: string[] = [];
  for (const [path, load] of Object.entries(modules)) {
    const file = path.slice(2);
    if (file.startsWith("_generated/") || (file.match(/\./g) ?? []).length > 1) continue;
    const exports = (await load()) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(exports)) {
      const name = `${file.replace(/\.[^.]+$/, "")}:${exportName}`;
      if (isRegistered(value)) found.push({ name, fn: value });
      if (isHttpAction(value)) httpActions.push(name);
    }
  }
  // HTTP actions take no server secret and answer anyone; the app serves every HTTP route itself.
  if (httpActions.length > 0) throw new Error(`convex/ must not export HTTP actions: ${httpActions.join(", ")}`);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

const functions = await loadFunctions();
const publicFunctions = functions.filter(({ fn }) => fn.isPublic);

/**
 * A value that satisfies `validator`: the smallest one of each type, and for ids a real document inserted
 * (itself built from the schema the same way), so a call gets past argument validation to the guard.
 */
async function sampleValue(validator: ValidatorJson, insert: (table: string) => Promise<string>): Promise<unknown> {
  switch (validator.type) {
    case "string":
      return "sample";
    case "number":
      return 1;
    case "bigint":
    case "int64":
      return 1n;
    case "boolean":
      return false;
    case "null":
    case "any":
      return null;
    case "literal":
      return validator.value;
    case "bytes":
      return new ArrayBuffer(0);
    case "array":
      return [];
    case "record":
      return {};
    case "id":
      return insert(validator.tableName!);
    case "union":
      return sampleValue((validator.value as ValidatorJson[])[0], insert);
    case "object": {
      const result: Record<string, unknown> = {};
      for (const [field, { fieldType, optional }] of Object.entries(validator.value as Record<string, FieldJson>)) {
        if (!optional) result[field] = await sampleValue(fieldType, insert);
      }
      return result;
    }
    default:
      throw new Error(`no sample for validator type ${validator.type}`);
  }
}

describe("assertServerSecret", () => {
  it("accepts only the configured secret, and nothing when none is configured", () => {
    const previous = process.env.GHOSTSPEAK_SERVER_SECRET;
    try {
      process.env.GHOSTSPEAK_SERVER_SECRET = "right";
      expect(() => assertServerSecret("right")).not.toThrow();
      for (const wrong of ["wrong", "righ", "right ", ""]) expect(() => assertServerSecret(wrong)).toThrow();
      process.env.GHOSTSPEAK_SERVER_SECRET = "";
      expect(() => assertServerSecret("")).toThrow();
      delete process.env.GHOSTSPEAK_SERVER_SECRET;
      expect(() => assertServerSecret("right")).toThrow();
      expect(() => assertServerSecret("undefined")).toThrow();
    } finally {
      if (previous === undefined) delete process.env.GHOSTSPEAK_SERVER_SECRET;
      else process.env.GHOSTSPEAK_SERVER_SECRET = previous;
    }
  });
});

describe("the set of public functions", () => {
  it("is found (the enumeration sees the modules)", () => {
    expect(publicFunctions.map(({ name }) => name)).toEqual(
      expect.arrayContaining(["system:health", "teams:create", "apiKeys:create", "demo:seed", "auth:createSession", "devOutbox:list"]),
    );
  });

  it.each(publicFunctions.map(({ name, fn }) => [name, fn] as const))("%s is built with the server-secret guard", (_, fn) => {
    expect(fn[SERVER_GUARDED]).toBe(true);
    const args = JSON.parse(fn.exportArgs()) as { type: string; value: Record<string, FieldJson> };
    expect(args.type).toBe("object");
    expect(args.value.serverSecret).toEqual({ fieldType: { type: "string" }, optional: false });
  });
});

describeConvex("public functions refuse callers without the server secret", (t) => {
  const insert = async (table: string): Promise<string> => {
    const fields = (schema.tables as unknown as Record<string, { validator: { json: ValidatorJson } }>)[table].validator.json;
    const doc = (await sampleValue(fields, insert)) as Record<string, unknown>;
    return t.run((ctx: GenericMutationCtx<any>) => ctx.db.insert(table, doc));
  };

  const call = (name: string, fn: Registered, args: Record<string, unknown>) => {
    if (fn.isQuery) return t.client.query(makeFunctionReference<"query">(name), args);
    if (fn.isMutation) return t.client.mutation(makeFunctionReference<"mutation">(name), args);
    return t.client.action(makeFunctionReference<"action">(name), args);
  };

  const sampleArgs = async (fn: Registered) => {
    const { serverSecret: _, ...rest } = JSON.parse(fn.exportArgs()).value as Record<string, FieldJson>;
    return (await sampleValue({ type: "object", value: rest }, insert)) as Record<string, unknown>;
  };

  it.each(publicFunctions.map(({ name, fn }) => [name, fn] as const))("%s", async (name, fn) => {
    const args = await sampleArgs(fn);
    // Missing secret: refused by argument validation.
    await expect(call(name, fn, args)).rejects.toThrow(/serverSecret/);
    // Wrong secret: refused by the guard.
    await expectAppError(call(name, fn, { ...args, serverSecret: `${TEST_SERVER_SECRET}x` }), "UNAUTHORIZED");
    await expectAppError(call(name, fn, { ...args, serverSecret: "" }), "UNAUTHORIZED");
    // No secret configured on the deployment: everything is refused, even a caller guessing "undefined".
    delete process.env.GHOSTSPEAK_SERVER_SECRET;
    await expectAppError(call(name, fn, withSecret(args)), "UNAUTHORIZED");
    await expectAppError(call(name, fn, { ...args, serverSecret: "undefined" }), "UNAUTHORIZED");
  });
});
