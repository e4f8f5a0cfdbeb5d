/**
 * Loads the modules of a Convex bundle written by `convex deploy --debug-bundle-path <dir>` the way a
 * deployment loads them when it analyzes a push, and reports what each exports. Plain Node, no loader hooks:
 * run as `node probeConvexBundle.mjs <dir> <isolate|node> <report.json>` in a child process of its own, since
 * it changes globals (convex/deployability.test.ts runs it once per environment).
 *
 * - Every module is imported with a `Convex` global whose syscalls throw and are recorded: a module that
 *   touches the database, the scheduler or auth while loading fails here as it would fail on a deployment.
 * - `isolate`: Convex's V8 runtime has web APIs but not Node's, so the Node-only globals (`Buffer`,
 *   `setImmediate`, `process` apart from `process.env`, …) are removed before anything is imported.
 * - `node`: Convex's Node runtime (the node-executor of get-convex/convex-backend, `setupGlobals`) sets
 *   `globalThis.require` to `createRequire(<module path>)` before importing a module, because esbuild's ESM
 *   output of CommonJS packages (nodemailer) still calls `require` for Node built-ins. The same is done here,
 *   through a wrapper that records every specifier asked for, so the check can tell built-ins from packages
 *   the bundle would need installed beside it.
 *
 * The report lists, per module, its registered functions (kind, visibility, `exportArgs()` and
 * `exportReturns()` parsed), HTTP actions, cron jobs (from a default export made by `cronJobs()`), load
 * errors, syscalls attempted and specifiers required.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, environment, reportPath] = process.argv.slice(2);
if (!dir || (environment !== "isolate" && environment !== "node") || !reportPath) {
  console.error("usage: node probeConvexBundle.mjs <bundle dir> <isolate|node> <report.json>");
  process.exit(2);
}

/** @type {{ modules: { path: string; environment: string }[] }} */
const config = JSON.parse(readFileSync(path.join(dir, "fullConfig.json"), "utf8"));
const entryModules = config.modules
  .filter((module) => module.environment === environment && !module.path.startsWith("_deps/"))
  .map((module) => module.path)
  .sort();

const report = { environment, modules: [], syscalls: [], requires: [] };

const trap = (kind) => (op) => {
  report.syscalls.push(`${kind} ${op}`);
  throw new Error(`${kind}(${op}) called while loading modules: a deployment has no transaction here`);
};
globalThis.Convex = { syscall: trap("syscall"), asyncSyscall: trap("asyncSyscall"), jsSyscall: trap("jsSyscall") };

if (environment === "isolate") {
  const env = { ...process.env };
  for (const name of ["Buffer", "setImmediate", "clearImmediate", "require", "module", "exports", "__dirname", "__filename"]) {
    delete globalThis[name];
  }
  Object.defineProperty(globalThis, "process", { value: { env }, configurable: true, writable: true });
}

function requireFor(modulePath) {
  const real = createRequire(modulePath);
  const recording = function require(specifier) {
    report.requires.push(specifier);
    return real(specifier);
  };
  return Object.assign(recording, { resolve: real.resolve, cache: real.cache });
}

for (const modulePath of entryModules) {
  const file = path.join(dir, environment, modulePath);
  const entry = { path: modulePath, error: null, functions: [], httpActions: [], crons: [] };
  report.modules.push(entry);
  try {
    if (environment === "node") globalThis.require = requireFor(file);
    const exports = await import(pathToFileURL(file).href);
    for (const [name, value] of Object.entries(exports)) {
      if (value === null || value === undefined) continue;
      const has = (property) => Object.prototype.hasOwnProperty.call(value, property);
      const kind = has("isQuery") ? "query" : has("isMutation") ? "mutation" : has("isAction") ? "action" : null;
      if (kind) {
        entry.functions.push({
          name,
          kind,
          isPublic: has("isPublic"),
          isInternal: has("isInternal"),
          args: has("exportArgs") ? JSON.parse(value.exportArgs()) : null,
          returns: has("exportReturns") ? JSON.parse(value.exportReturns()) : null,
        });
      } else if (has("isHttp")) {
        entry.httpActions.push(name);
      } else if (name === "default" && typeof value === "object" && value.crons && typeof value.crons === "object") {
        for (const [cronName, cron] of Object.entries(value.crons)) entry.crons.push({ name: cronName, function: cron.name });
      }
    }
  } catch (error) {
    entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
}

report.requires = [...new Set(report.requires)].sort().map((specifier) => ({ specifier, builtin: isBuiltin(specifier) }));
writeFileSync(reportPath, JSON.stringify(report, null, 2));
