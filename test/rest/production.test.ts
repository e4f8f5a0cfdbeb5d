import { describe, expect, it } from "vitest";
import { startChildServer } from "./server";

describe("in production (NODE_ENV=production)", () => {
  it("adds HSTS to every answer", async () => {
    const server = await startChildServer({ NODE_ENV: "production", NEXTAUTH_SECRET: "rest-suite-production-secret" });
    try {
      for (const path of ["/api/health", "/api/v1/no-such-thing"]) {
        const response = await fetch(`${server.url}${path}`);
        expect(response.headers.get("strict-transport-security"), path).toBe("max-age=63072000; includeSubDomains");
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("refuses to start without NEXTAUTH_SECRET instead of inventing one", async () => {
    const started = startChildServer({ NODE_ENV: "production", NEXTAUTH_SECRET: "" });
    // Should it start after all, stop it so the suite can end.
    started.then((server) => server.stop(), () => undefined);
    await expect(started).rejects.toThrow(/exited with code 1/);
  });
});
