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
      // OpenAPI 3.1 wants an SPDX identifier or a URL; LicenseRef- is SPDX's form for a licence of one's own. (Spread:
      // the generator's types predate 3.1's `identifier`.)
      license: { name: "Proprietary", ...{ identifier: "LicenseRef-GhostSpeak-Proprietary" } },
      description:
        "Verify an AI agent's reputation (Ghost Score) before hiring it. Authenticate with `X-API-Key: gs_live_…` " +
        "or `Authorization: Bearer gs_live_…`. Every error is RFC 9457 `application/problem+json`.",
    },
  });
}
