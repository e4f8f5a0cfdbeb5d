/**
 * Deployability (issue 13, item 6; prisma-free-notes/deploying.md): what `npx convex deploy` would do with
 * convex/, as far as it can be done on a machine with no Convex deployment and no network.
 *
 * 1. The pinned Convex CLI runs `convex deploy --debug-bundle-path <dir>` on a copy of the project, exactly as a
 *    user runs it with a deployment's deploy key, except that `CONVEX_PROVISION_HOST` and
 *    `CONVEX_VERSION_API_ORIGIN` point at a stub HTTP server started here. The stub answers the three requests
 *    the CLI makes before it bundles (the deploy key's deployment URL and its team and project, and the version
 *    check); with `--debug-bundle-path` the CLI writes the bundle and stops before the push, so nothing is ever
 *    sent to the deployment URL (the stub too), and any request the stub does not know fails the check.
 * 2. The CLI's own typecheck of convex/ (`tsc --project convex`, with convex/tsconfig.json) passes:
 *    `convex codegen --system-udfs --typecheck enable`, which fails when there is no tsconfig to check with.
 * 3. Every bundled module loads in plain Node the way a deployment loads it when it analyzes a push
 *    (scripts/lib/probeConvexBundle.mjs): isolate modules without Node's globals, "use node" modules with the
 *    `require` the Node runtime provides, both with a `Convex` global whose syscalls throw.
 * 4. From the loaded modules: every function has an object argument validator and a return validator, every
 *    public one takes the server secret, and every cron names a function the bundle registers.
 *
 * Everything happens in a temp directory; the tree is never written.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFunctionModules } from "../scripts/convex-codegen";

const root = fileURLToPath(new URL("..", import.meta.url));
const convexDir = join(root, "convex");
const cli = join("node_modules", "convex", "bin", "main.js");
const probe = join(root, "scripts", "lib", "probeConvexBundle.mjs");

/** A deployment deploy key's shape (`<type>:<deployment name>|<secret>`); only the stub ever sees it. */
const DEPLOY_KEY = "prod:offline-check-123|stub-admin-key";

type Validator = { type: string; value?: unknown } | null;
type ProbedFunction = { name: string; kind: "query" | "mutation" | "action"; isPublic: boolean; isInternal: boolean; args: Validator; returns: Validator };
type ProbeReport = {
  environment: "isolate" | "node";
  modules: { path: string; error: string | null; functions: ProbedFunction[]; httpActions: string[]; crons: { name: string; function: string }[] }[];
  syscalls: string[];
  requires: { specifier: string; builtin: boolean }[];
};
type FullConfig = {
  projectConfig: { node: { externalPackages: string[] } };
  modules: { path: string; environment: "isolate" | "node" }[];
  nodeDependencies: { name: string; version: string }[];
};
type Run = { code: number | null; output: string };

/** What the stub answers, by `METHOD path`; every request it gets is recorded. */
function startStub(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const route = `${request.method} ${request.url}`;
      requests.push(route);
      const answers: Record<string, unknown> = {
        // The deployment a deploy key belongs to: this stub again, which the CLI never calls with a bundle.
        "POST /api/deployment/url_for_key": url,
        "POST /api/deployment/team_and_project_for_key": { team: "offline", project: "check", teamId: 1, projectId: 1, reference: null, isDefault: true },
        // version.convex.dev: no upgrade message.
        "GET /v1/version": { message: null },
      };
      response.setHeader("content-type", "application/json");
      if (route in answers) {
        response.end(JSON.stringify(answers[route]));
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ code: "NotFound", message: `the offline stub does not answer ${route}` }));
      }
    });
  });
  let url = "";
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ server, url, requests });
    });
  });
}

/** A copy of the project for the CLI to work in: convex/, the files beside it that the CLI reads, node_modules. */
function copyProject(dir: string): string {
  mkdirSync(dir);
  cpSync(convexDir, join(dir, "convex"), { recursive: true });
  for (const file of ["package.json", "tsconfig.json", "convex.json"]) {
    if (existsSync(join(root, file))) cpSync(join(root, file), join(dir, file));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** Runs `node <args>` in `cwd` with exactly `env` (nothing inherited), collecting its output. */
function runNode(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** The files of convex/ that start with the "use node" directive, as module paths of the bundle. */
function useNodeModules(): string[] {
  const directive = /^\s*(?:(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*)*["']use node["']/;
  return listFunctionModules(convexDir)
    .filter((module) => directive.test(readFileSync(join(convexDir, `${module}.ts`), "utf8")))
    .map((module) => `${module}.js`);
}

describe("convex/ deploys with the Convex CLI (offline, against a stub)", () => {
  let scratch: string;
  let bundleDir: string;
  let stub: Awaited<ReturnType<typeof startStub>>;
  let deploy: Run;
  let typecheck: Run;
  let config: FullConfig;
  let reports: ProbeReport[];

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "convex-deployability-"));
    bundleDir = join(scratch, "bundle");
    stub = await startStub();
    mkdirSync(join(scratch, "home"));
    // A clean environment: no developer's CONVEX_* settings, proxy, HOME config or CI-provider variables.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: join(scratch, "home"),
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      ...(process.env.SystemRoot ? { SystemRoot: process.env.SystemRoot } : {}),
      FORCE_COLOR: "0",
      CONVEX_DEPLOY_KEY: DEPLOY_KEY,
      // Big brain (api.convex.dev) and the version API, both the stub; a non-default provision host also keeps
      // the CLI's Sentry reporting off.
      CONVEX_PROVISION_HOST: stub.url,
      CONVEX_VERSION_API_ORIGIN: stub.url,
    };
    [deploy, typecheck] = await Promise.all([
      runNode([cli, "deploy", "--debug-bundle-path", bundleDir], copyProject(join(scratch, "deploy")), env),
      runNode([cli, "codegen", "--system-udfs", "--typecheck", "enable"], copyProject(join(scratch, "typecheck")), env),
    ]);
    if (deploy.code !== 0 || !existsSync(join(bundleDir, "fullConfig.json"))) return;

    config = JSON.parse(readFileSync(join(bundleDir, "fullConfig.json"), "utf8")) as FullConfig;
    // Bundles are ES modules; a deployment knows that, plain Node needs to be told.
    writeFileSync(join(bundleDir, "package.json"), JSON.stringify({ type: "module" }));
    // Packages marked external in convex.json are installed beside the bundle by a deployment.
    if (config.projectConfig.node.externalPackages.length > 0) {
      symlinkSync(join(root, "node_modules"), join(bundleDir, "node_modules"), "dir");
    }
    const probeEnv = { PATH: process.env.PATH ?? "", HOME: join(scratch, "home") };
    reports = await Promise.all(
      (["isolate", "node"] as const).map(async (environment) => {
        const reportPath = join(scratch, `probe-${environment}.json`);
        const run = await runNode([probe, bundleDir, environment, reportPath], scratch, probeEnv);
        if (run.code !== 0 || !existsSync(reportPath)) throw new Error(`the ${environment} probe failed (exit ${run.code}):\n${run.output}`);
        return JSON.parse(readFileSync(reportPath, "utf8")) as ProbeReport;
      }),
    );
  }, 110_000);

  afterAll(() => {
    stub?.server.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** The probe reports, or why there are none (a failed deploy is reported by the first test). */
  const probed = (): ProbeReport[] => {
    if (!reports) throw new Error(`no bundle to probe: convex deploy exited ${deploy?.code}`);
    return reports;
  };
  const functions = () =>
    probed().flatMap((report) =>
      report.modules.flatMap((module) => module.functions.map((fn) => ({ ...fn, id: `${module.path.replace(/\.js$/, "")}:${fn.name}` }))),
    );

  it("`convex deploy --debug-bundle-path` bundles every module, asking the stub only what it knows", () => {
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.output).toContain(`Wrote bundle and metadata for modules in the root to ${bundleDir}`);
    const known = ["POST /api/deployment/url_for_key", "POST /api/deployment/team_and_project_for_key", "GET /v1/version"];
    expect(stub.requests.filter((request) => !known.includes(request)), "requests the stub does not answer").toEqual([]);
    expect(stub.requests).toContain("POST /api/deployment/url_for_key");

    const entryPoints = config.modules.filter((module) => !module.path.startsWith("_deps/"));
    // The same modules the embedded engine loads (scripts/convex-codegen.ts applies Convex's entry-point rules),
    // so no test file or helper is deployed; chunks shared between modules live under _deps/.
    expect(entryPoints.map((module) => module.path).sort()).toEqual(listFunctionModules(convexDir).map((module) => `${module}.js`));
    expect(entryPoints.filter((module) => module.environment === "node").map((module) => module.path).sort()).toEqual(useNodeModules());
  });

  it("the CLI typechecks convex/ with convex/tsconfig.json", () => {
    expect(existsSync(join(convexDir, "tsconfig.json"))).toBe(true);
    expect(typecheck.code, typecheck.output).toBe(0);
    expect(typecheck.output).toContain("Running TypeScript typecheck");
  });

  it("every bundled module loads as a deployment loads it, touching no syscall", () => {
    for (const report of probed()) {
      const failed = report.modules.filter((module) => module.error).map((module) => `${report.environment} ${module.path}: ${module.error}`);
      expect(failed, failed.join("\n\n")).toEqual([]);
      expect(report.syscalls, `${report.environment} syscalls while loading`).toEqual([]);
    }
    expect(probed().map((report) => report.modules.length)).toEqual([
      config.modules.filter((module) => module.environment === "isolate" && !module.path.startsWith("_deps/")).length,
      config.modules.filter((module) => module.environment === "node" && !module.path.startsWith("_deps/")).length,
    ]);
    expect(probed().flatMap((report) => report.modules.flatMap((module) => module.httpActions))).toEqual([]);
  });

  it('the "use node" bundles carry nodemailer and stripe: they need only Node built-ins and convex.json\'s external packages', () => {
    const node = probed().find((report) => report.environment === "node")!;
    const external = config.projectConfig.node.externalPackages;
    const needed = node.requires.filter(({ specifier, builtin }) => !builtin && !external.some((name) => specifier === name || specifier.startsWith(`${name}/`)));
    expect(needed.map(({ specifier }) => specifier), "packages the node bundles require but neither bundle nor mark external").toEqual([]);
    expect(config.nodeDependencies.map(({ name }) => name).sort()).toEqual([...external].sort());
    const loaded = node.modules.filter((module) => !module.error).map((module) => module.path);
    expect(loaded).toEqual(expect.arrayContaining(["webhookMail.js", "webhookDelivery.js", "stripeBilling.js", "stripeMeterSync.js", "model/stripeApi.js"]));
  });

  it("every function has an object argument validator and a return validator", () => {
    const all = functions();
    expect(all.length).toBeGreaterThan(50);
    const ambiguous = all.filter((fn) => fn.isPublic === fn.isInternal).map((fn) => fn.id);
    expect(ambiguous, "neither or both public and internal").toEqual([]);
    const noArgs = all.filter((fn) => fn.args?.type !== "object").map((fn) => `${fn.id} (${fn.isPublic ? "public" : "internal"}, args ${fn.args?.type ?? "none"})`);
    expect(noArgs, "functions without an object argument validator").toEqual([]);
    const noReturns = all
      .filter((fn) => fn.returns === null || fn.returns.type === "any")
      .map((fn) => `${fn.id} (${fn.isPublic ? "public" : "internal"}, returns ${fn.returns?.type ?? "none"})`);
    expect(noReturns, "functions without a return validator").toEqual([]);
  });

  it("every public function takes the server secret", () => {
    const unguarded = functions()
      .filter((fn) => fn.isPublic)
      .filter((fn) => {
        const fields = fn.args?.value as Record<string, { fieldType: { type: string }; optional: boolean }> | undefined;
        return fields?.serverSecret?.fieldType.type !== "string" || fields.serverSecret.optional;
      })
      .map((fn) => fn.id);
    expect(unguarded).toEqual([]);
  });

  it("every cron runs a mutation or action the bundle registers", () => {
    const byId = new Map(functions().map((fn) => [fn.id, fn]));
    const crons = probed().flatMap((report) => report.modules.flatMap((module) => module.crons));
    expect(crons.length).toBeGreaterThan(0);
    const broken = crons.filter((cron) => !["mutation", "action"].includes(byId.get(cron.function)?.kind ?? "")).map((cron) => `${cron.name} → ${cron.function}`);
    expect(broken).toEqual([]);
  });
});
