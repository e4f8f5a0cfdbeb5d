/**
 * The SDK as shipped (`dist/sdk`): a package of its own with ESM and types, one bundle that imports nothing and
 * names no Node global, within its size budget (minified + gzip under 10 KB), working in the Edge Runtime
 * (`@edge-runtime/vm`: web APIs only, no `process`, no `require`) against the suite's server, Web Crypto included,
 * and installed in a project of its own, where the portal's first-call snippet runs as shown.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { EdgeVM } from "@edge-runtime/vm";
import { build, transform } from "esbuild";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { firstCallSdk, KEY_PLACEHOLDER } from "@/lib/overview/firstCall";
import { minifiedGzipBytes, SDK_BUNDLE, SDK_DIST } from "../../scripts/build-sdk";
import { baseUrl, testAddress, useDatabase } from "./fixtures";

const fx = useDatabase();
const SIZE_BUDGET = 10 * 1024;

describe("the built SDK package", () => {
  it("is @ghostspeak/sdk, ESM with its types", () => {
    const pkg = JSON.parse(readFileSync(path.join(SDK_DIST, "package.json"), "utf8")) as { name: string; type: string; exports: { ".": { types: string; import: string } } };
    expect(pkg).toMatchObject({ name: "@ghostspeak/sdk", type: "module", exports: { ".": { types: "./index.d.ts", import: "./index.js" } } });
    for (const file of ["index.js", "index.d.ts", "openapi.generated.d.ts", "README.md"]) expect(existsSync(path.join(SDK_DIST, file)), file).toBe(true);
    expect(readFileSync(path.join(SDK_DIST, "index.d.ts"), "utf8")).toContain("GhostSpeak");
  });

  it("is one bundle that imports no module and uses no Node global", async () => {
    const { metafile } = await build({ entryPoints: [SDK_BUNDLE], bundle: true, write: false, metafile: true, platform: "neutral", format: "esm", logLevel: "silent" });
    expect(Object.values(metafile.inputs).flatMap((input) => input.imports)).toEqual([]);
    const { code } = await transform(readFileSync(SDK_BUNDLE, "utf8"), { minify: true, format: "esm" });
    expect(code).not.toMatch(/\bnode:|\b(process|Buffer|require|__dirname|setImmediate)\b/);
  });

  it(`is under ${SIZE_BUDGET} bytes minified and gzipped`, async () => {
    const bytes = await minifiedGzipBytes();
    console.log(`@ghostspeak/sdk: ${bytes} bytes minified + gzip`);
    expect(bytes).toBeGreaterThan(1_000);
    expect(bytes).toBeLessThan(SIZE_BUDGET);
  });

  it("runs in the Edge Runtime: calls the API, maps a problem to its class and verifies a webhook with Web Crypto", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const secret = "whsec_" + btoa("a 32-byte secret for the edge VM");
    const payload = JSON.stringify({ id: "evt_edge", type: "webhook.test", createdAt: new Date().toISOString(), data: {} });
    const now = new Date();
    const headers = { "webhook-id": "evt_edge", "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(secret).sign("evt_edge", now, payload) };
    const { code: script } = await transform(readFileSync(SDK_BUNDLE, "utf8"), { format: "iife", globalName: "sdk" });

    const vm = new EdgeVM();
    vm.evaluate(script);
    const input = JSON.stringify({ key, baseUrl, address: agent.address, unknown: testAddress(900_000_301), secret, payload, headers });
    const outcome = JSON.parse(
      await vm.evaluate<Promise<string>>(`(async ({ key, baseUrl, address, unknown, secret, payload, headers }) => {
        const gs = new sdk.GhostSpeak({ apiKey: key, baseUrl, maxRetries: 0 });
        const verified = await gs.verify({ agentAddress: address });
        const missing = await gs.score(unknown).catch((error) => [error instanceof sdk.NotFoundError, error.code]);
        const event = await gs.webhooks.verify(payload, new Headers(headers), secret);
        const forged = await sdk.verifyWebhook(payload + " ", headers, secret).catch((error) => error.name);
        return JSON.stringify({ node: typeof process + typeof require, verified: verified.data.verified, remaining: verified.rateLimit.remaining, missing, event: event.id, forged });
      })(${input})`),
    ) as Record<string, unknown>;
    expect(outcome).toEqual({ node: "undefinedundefined", verified: true, remaining: expect.any(Number), missing: [true, "AGENT_NOT_FOUND"], event: "evt_edge", forged: "WebhookVerificationError" });
  });

  it("installs into a project and runs the portal's first-call snippet in plain Node", async () => {
    const { key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const project = mkdtempSync(path.join(tmpdir(), "sdk-first-call-"));
    try {
      cpSync(SDK_DIST, path.join(project, "node_modules/@ghostspeak/sdk"), { recursive: true });
      writeFileSync(path.join(project, "first-call.mjs"), firstCallSdk(baseUrl, agent.address).replace(KEY_PLACEHOLDER, key));
      const { stdout } = await promisify(execFile)(process.execPath, ["first-call.mjs"], { cwd: project });
      expect(stdout.trim()).toBe(`true ${agent.score} ${agent.tier}`);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
