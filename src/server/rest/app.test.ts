/**
 * The REST app's error rendering for what the public routes cannot yet provoke over HTTP: a schema failure, a
 * convex/ error and an unexpected crash. Routes are added to a fresh app for the test only; the REST suite
 * (test/rest) covers the rest over real HTTP.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { createRestApp } from "./app";
import { MALFORMED_JSON, problemResponse } from "./errors";

function appWithTestRoutes() {
  const app = createRestApp();
  const echo = createRoute({
    method: "post",
    path: "/api/v1/test-echo",
    request: {
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ agents: z.array(z.string()).min(1), requiredScore: z.number().int().max(1000).optional() }) } },
      },
    },
    responses: { 200: { description: "echo", content: { "application/json": { schema: z.object({ count: z.number() }) } } }, 400: problemResponse("invalid") },
  });
  app.openapi(echo, (c) => c.json({ count: c.req.valid("json").agents.length }, 200));
  app.get("/api/v1/test-crash", () => {
    throw new Error("database password is hunter2");
  });
  app.get("/api/v1/test-convex-error", () => {
    throw new ConvexError({ code: "LIMIT_EXCEEDED", message: "Your plan allows 3 webhook endpoints." });
  });
  app.get("/api/v1/test-convex-conflict", () => {
    throw new ConvexError({ code: "CONFLICT", message: "The endpoint is disabled; enable it first." });
  });
  return app;
}

const json = (body: unknown) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

describe("REST error rendering", () => {
  it("answers a schema failure with 400 VALIDATION_ERROR and one entry per field", async () => {
    const response = await appWithTestRoutes().request("/api/v1/test-echo", json({ agents: [], requiredScore: 5000 }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = (await response.json()) as { code: string; errors: { field: string; message: string }[] };
    expect(body.code).toBe("VALIDATION_ERROR");
    expect(body.errors.map((e) => e.field).sort()).toEqual(["agents", "requiredScore"]);
  });

  it("answers a body that does not parse with the one malformed-JSON text, whichever check finds it", async () => {
    const app = appWithTestRoutes();
    // Hono's validator parses these (the JSON middleware runs on authenticated routes only, and skips empty bodies).
    for (const body of ['{"agents": ', ""]) {
      const response = await app.request("/api/v1/test-echo", { method: "POST", headers: { "Content-Type": "application/json" }, body });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "VALIDATION_ERROR", detail: MALFORMED_JSON });
    }
  });

  it("passes a valid body through to the handler", async () => {
    const response = await appWithTestRoutes().request("/api/v1/test-echo", json({ agents: ["a", "b"] }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ count: 2 });
  });

  it("answers an unexpected error with 500 INTERNAL_ERROR and nothing of the error itself", async () => {
    const response = await appWithTestRoutes().request("/api/v1/test-crash");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ code: "INTERNAL_ERROR", status: 500, requestId: response.headers.get("x-request-id") });
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("app.test.ts");
  });

  it("maps a convex/ function's error code to its REST status and keeps its message", async () => {
    const response = await appWithTestRoutes().request("/api/v1/test-convex-error");
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "FORBIDDEN", detail: "Your plan allows 3 webhook endpoints." });
  });

  it("answers a convex/ CONFLICT (the resource's state refuses the request) with SPEC's 403 FORBIDDEN", async () => {
    const response = await appWithTestRoutes().request("/api/v1/test-convex-conflict");
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "FORBIDDEN", detail: "The endpoint is disabled; enable it first." });
  });
});
