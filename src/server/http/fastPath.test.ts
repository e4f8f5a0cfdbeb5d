import { describe, expect, it } from "vitest";
import { isRestPath } from "./fastPath";

describe("isRestPath", () => {
  it("takes the REST prefixes, with or without a query", () => {
    for (const url of ["/api/health", "/api/health?probe=1", "/api/metrics", "/api/v1", "/api/v1/verify", "/api/v1/agents/x/score?a=b", "/api/internal/v1/signals"]) {
      expect(isRestPath(url), url).toBe(true);
    }
  });

  it("leaves everything else to Next, including look-alike prefixes", () => {
    for (const url of ["/", "/dashboard", "/api/trpc/teams.list", "/api/auth/session", "/api/healthz", "/api/metricsz", "/api/v10/x", "/api/internals", "/docs?x=/api/v1/"]) {
      expect(isRestPath(url), url).toBe(false);
    }
  });
});
