import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("GET /api/health", () => {
  it("answers 200 with the status, the backend kind and the version", async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: "ok", backend: "embedded", version });
  });

  it("generates an X-Request-Id, keeps a sane incoming one and replaces an unsafe one", async () => {
    const generated = (await fetch(`${baseUrl}/api/health`)).headers.get("x-request-id");
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    const kept = await fetch(`${baseUrl}/api/health`, { headers: { "X-Request-Id": "trace-42_abc" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-42_abc");

    const unsafe = await fetch(`${baseUrl}/api/health`, { headers: { "X-Request-Id": "<script>alert(1)</script>" } });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const tooLong = await fetch(`${baseUrl}/api/health`, { headers: { "X-Request-Id": "a".repeat(200) } });
    expect(tooLong.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("carries the security headers of SPEC §9 (no HSTS outside production)", async () => {
    const { headers } = await fetch(`${baseUrl}/api/health`);
    expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("strict-transport-security")).toBeNull();
    expect(headers.get("x-powered-by")).toBeNull();
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves an OpenAPI 3.1 document generated from the routes, without a key", async () => {
    const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; info: { version: string }; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe(version);
    expect(doc.paths["/api/health"]).toHaveProperty("get");
    expect(doc.components.schemas).toHaveProperty("Problem");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });
});
