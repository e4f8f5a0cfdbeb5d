import type { OpenAPIHono } from "@hono/zod-openapi";
import { version } from "../../http/version";
import type { RestEnv } from "../env";

/** `GET /api/v1/openapi.json`: generated from the very schemas that validate requests (SPEC §2). */
export function registerOpenApiDocument(app: OpenAPIHono<RestEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "ApiKey", { type: "apiKey", in: "header", name: "X-API-Key" });
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", { type: "http", scheme: "bearer" });
  app.doc31("/api/v1/openapi.json", {
    openapi: "3.1.0",
    // Relative: the document describes whichever host serves it.
    servers: [{ url: "/", description: "This server" }],
    info: {
      title: "GhostSpeak API",
      version,
      // The licence of this document, not of the service: MIT, as GitHub publishes its REST API description, so a
      // customer may generate clients from it and copy its schemas into their own code. Calling the API is what an
      // account's key and plan govern. (Spread: the generator's types predate 3.1's SPDX `identifier`.)
      license: { name: "MIT", ...{ identifier: "MIT" } },
      description:
        "Verify an AI agent's reputation (Ghost Score) before hiring it. Authenticate with `X-API-Key: gs_live_…` " +
        "or `Authorization: Bearer gs_live_…`. Every error is RFC 9457 `application/problem+json`.",
    },
  });
}
