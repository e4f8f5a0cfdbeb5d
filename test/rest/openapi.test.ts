/** The OpenAPI document: every public route documented with its key, its answers and its problems; lint-clean. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { baseUrl } from "./fixtures";

const run = promisify(execFile);
type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };

describe("GET /api/v1/openapi.json", () => {
  it("documents the public API: security, success answers and problem+json errors", async () => {
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const routes = {
      "/api/v1/verify": "post",
      "/api/v1/verify/batch": "post",
      "/api/v1/agents/{address}/score": "get",
      "/api/v1/usage": "get",
    };
    for (const [route, method] of Object.entries(routes)) {
      const operation = doc.paths[route]?.[method];
      expect(operation, route).toBeDefined();
      expect(operation.security, route).toEqual([{ ApiKey: [] }, { Bearer: [] }]);
      expect(Object.keys(operation.responses["200"].content!), route).toEqual(["application/json"]);
      for (const status of ["400", "401", "402", "403", "429", "500"]) {
        expect(Object.keys(operation.responses[status]?.content ?? {}), `${route} ${status}`).toEqual(["application/problem+json"]);
      }
    }
    expect(doc.paths["/api/v1/agents/{address}/score"].get.responses).toHaveProperty("304");
    expect(doc.paths["/api/v1/verify"].post.responses).toHaveProperty("409");
  });

  it("passes `redocly lint` with its recommended rules", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "openapi-lint-"));
    try {
      const file = path.join(dir, "openapi.json");
      writeFileSync(file, await (await fetch(`${baseUrl}/api/v1/openapi.json`)).text());
      const bin = path.resolve("node_modules/.bin/redocly");
      // Exits non-zero on any error; warnings are allowed.
      const { stdout, stderr } = await run(bin, ["lint", file, "--format=stylish"], { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
      expect(`${stdout}${stderr}`).toMatch(/valid/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
