// Loads the convex/ modules and resolves "module:export" names to registered
// functions, caching their argument and return validators.
import type { ValidatorJson } from "./validate";

export type ModuleMap = Record<string, unknown>;

export interface RegisteredFunction {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  invokeQuery?: (argsStr: string) => Promise<string>;
  invokeMutation?: (argsStr: string) => Promise<string>;
  invokeAction?: (requestId: string, argsStr: string) => Promise<string>;
  exportArgs: () => string;
  exportReturns: () => string;
}

export interface ResolvedFunction {
  udfPath: string;
  kind: "query" | "mutation" | "action";
  func: RegisteredFunction;
  isPublic: boolean;
  args: ValidatorJson;
  returns: ValidatorJson | null;
}

/** Normalizes "dir/mod.js:fn", "dir/mod:fn" and "dir/mod" to "dir/mod:fn" / "dir/mod:default". */
export function canonicalUdfPath(name: string): string {
  const colon = name.lastIndexOf(":");
  let mod = colon < 0 ? name : name.slice(0, colon);
  const exp = colon < 0 ? "default" : name.slice(colon + 1);
  mod = mod.replace(/\.(js|ts|mjs|cjs|jsx|tsx)$/, "");
  return `${mod}:${exp}`;
}

export class Modules {
  private readonly loaded = new Map<string, Record<string, unknown>>();
  private readonly resolved = new Map<string, ResolvedFunction>();

  constructor(private readonly modules: ModuleMap) {}

  has(path: string): boolean {
    return path in this.modules;
  }

  async load(path: string): Promise<Record<string, unknown> | null> {
    const hit = this.loaded.get(path);
    if (hit) return hit;
    if (!(path in this.modules)) return null;
    const entry = this.modules[path];
    const mod = (typeof entry === "function" ? await (entry as () => Promise<unknown>)() : entry) as Record<string, unknown>;
    this.loaded.set(path, mod);
    return mod;
  }

  async resolve(name: string): Promise<ResolvedFunction> {
    const byName = this.resolved.get(name);
    if (byName) return byName;
    const udfPath = canonicalUdfPath(name);
    const hit = this.resolved.get(udfPath);
    if (hit) {
      this.resolved.set(name, hit);
      return hit;
    }
    const colon = udfPath.lastIndexOf(":");
    const modPath = udfPath.slice(0, colon);
    const exportName = udfPath.slice(colon + 1);
    const mod = await this.load(modPath);
    if (mod === null) throw new Error(`Could not find function for "${udfPath}": there is no module "${modPath}".`);
    const func = mod[exportName] as RegisteredFunction | undefined;
    if (func === undefined || (typeof func !== "function" && typeof func !== "object") || typeof func.exportArgs !== "function") {
      throw new Error(`Could not find function for "${udfPath}": module "${modPath}" has no registered Convex function export "${exportName}".`);
    }
    const kind = func.isQuery ? "query" : func.isMutation ? "mutation" : func.isAction ? "action" : null;
    if (kind === null) throw new Error(`"${udfPath}" is not a query, mutation or action (HTTP actions are not supported by the embedded engine).`);
    const args = JSON.parse(func.exportArgs()) as ValidatorJson;
    if (args.type !== "object" && args.type !== "any") throw new Error(`Args validator of "${udfPath}" must be an object or any.`);
    const returns = JSON.parse(func.exportReturns()) as ValidatorJson | null;
    const r: ResolvedFunction = { udfPath, kind, func, isPublic: func.isPublic === true, args, returns };
    this.resolved.set(udfPath, r);
    this.resolved.set(name, r);
    return r;
  }
}

/**
 * Turns an import.meta.glob map ("../../convex/teams.ts" → importer) into the
 * engine's module keys ("teams"), skipping _generated and test files.
 */
export function modulesFromGlob(glob: Record<string, unknown>, convexDirPrefix: string): ModuleMap {
  const prefix = convexDirPrefix.endsWith("/") ? convexDirPrefix : convexDirPrefix + "/";
  const out: ModuleMap = {};
  for (const [file, importer] of Object.entries(glob)) {
    if (!file.startsWith(prefix)) continue;
    const rel = file.slice(prefix.length);
    if (rel.startsWith("_generated/") || /\.test\.[cm]?[jt]sx?$/.test(rel) || rel.endsWith(".d.ts")) continue;
    const key = rel.replace(/\.[cm]?[jt]sx?$/, "");
    if (key === rel) continue;
    out[key] = importer;
  }
  return out;
}
