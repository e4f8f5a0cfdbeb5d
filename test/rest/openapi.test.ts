/**
 * The OpenAPI document: every public route documented with its key, its answers and its problems; valid for two
 * validators nobody here wrote and lint-clean; and the response contract every REST test's answers are held to
 * (responseContract.ts) does catch drift.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { errorCodes } from "@/server/rest/errors";
import { baseUrl } from "./fixtures";
import { ResponseContract, type OpenApiDocument } from "./responseContract";

const run = promisify(execFile);
type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };

describe("GET /api/v1/openapi.json", () => {
  it("documents the public API: security, success answers and problem+json errors", async () => {
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as {
      info: { license?: unknown };
      paths: Record<string, Record<string, Operation>>;
    };
    // A licence a customer's legal team can look up (SPDX), for the document they generate clients from.
    expect(doc.info.license).toEqual({ name: "MIT", identifier: "MIT" });
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

  it("passes @apidevtools/swagger-parser and @seriousme/openapi-schema-validator", async () => {
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as object;
    // swagger-parser mutates what it is given (it dereferences): each validator gets its own copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists exactly the problem codes the REST layer emits (errors.test.ts holds them to SPEC §2's list)", async () => {
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as OpenApiDocument;
    const problem = doc.components.schemas.Problem as { properties: { code: { enum: string[] } } };
    expect([...problem.properties.code.enum].sort()).toEqual(Object.keys(errorCodes).sort());
  });

  it("says what a replay carries: the stored body byte for byte (the original requestId), a new X-Request-Id", async () => {
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as OpenApiDocument & {
      paths: Record<string, Record<string, { parameters?: { name: string; description?: string }[] }>>;
    };
    const idempotency = doc.paths["/api/v1/verify"].post.parameters!.find((p) => p.name === "idempotency-key")!;
    expect(idempotency.description).toMatch(/byte for byte/);
    expect(idempotency.description).toMatch(/requestId is the original request's/);
    expect(idempotency.description).toMatch(/X-Request-Id header is new/);
    const verification = doc.components.schemas.Verification as { properties: { requestId: { description: string } } };
    expect(verification.properties.requestId.description).toMatch(/replay/);
  });

  it("the response contract refuses an answer that drifts from the document", async () => {
    const contract = new ResponseContract((await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as OpenApiDocument);
    const headers = (entries: Record<string, string>) => new Headers(entries);
    const json = headers({ "content-type": "application/json" });
    const health = JSON.stringify({ status: "ok", backend: "embedded", version: "1" });
    expect(contract.check("GET", "/api/health", { status: 200, headers: json }, health)).toEqual([]);
    expect(contract.check("GET", "/api/health", { status: 200, headers: json }, JSON.stringify({ status: "ok" }))).not.toEqual([]);
    expect(contract.check("GET", "/api/health", { status: 418, headers: json }, health)).not.toEqual([]);
    expect(contract.check("GET", "/api/health", { status: 200, headers: headers({ "content-type": "text/html" }) }, health)).not.toEqual([]);
    // The score's 200 declares its rate-limit and cache headers.
    const score = { agentAddress: "a", ghostScore: 1, tier: "GOLD", confidence: 1, scoreUpdatedAt: "2026-01-01T00:00:00.000Z", requestId: "r" };
    expect(contract.check("GET", "/api/v1/agents/x/score", { status: 200, headers: json }, JSON.stringify(score))).toEqual(
      expect.arrayContaining([expect.stringMatching(/ETag is missing/)]),
    );
    const problem = { type: "t", title: "t", status: 404, detail: "d", code: "NO_SUCH_CODE", requestId: "r" };
    expect(contract.check("GET", "/api/v1/nowhere", { status: 404, headers: headers({ "content-type": "application/problem+json" }) }, JSON.stringify(problem))).not.toEqual([]);
  });
});

