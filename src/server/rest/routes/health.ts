import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { api } from "../../../../convex/_generated/api";
import { getBackend } from "../../backend";
import { version } from "../../http/version";
import { problemResponse } from "../errors";
import type { RestEnv } from "../env";

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    backend: z.enum(["embedded", "convex"]),
    version: z.string().openapi({ example: version }),
  })
  .openapi("Health");

const health = createRoute({
  method: "get",
  path: "/api/health",
  operationId: "getHealth",
  security: [],
  tags: ["system"],
  summary: "Liveness and backend reachability",
  description: "Answers once a round trip to the backend has succeeded. No API key needed.",
  responses: {
    200: { description: "The server and its backend answer.", content: { "application/json": { schema: HealthSchema } } },
    500: problemResponse("The backend did not answer."),
  },
});

export function registerHealthRoutes(app: OpenAPIHono<RestEnv>): void {
  app.openapi(health, async (c) => {
    const backend = await getBackend();
    // A real query, so a health check fails when the database or deployment does, not only when Node is down.
    await backend.query(api.system.health, {});
    return c.json({ status: "ok" as const, backend: backend.kind, version }, 200);
  });
}
