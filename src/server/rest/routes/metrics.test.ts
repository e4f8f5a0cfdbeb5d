/** With METRICS_TOKEN unset, `GET /api/metrics` refuses every request and says why in the log, once. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../../http/logger";
import { createRestApp } from "../app";

describe("GET /api/metrics without METRICS_TOKEN", () => {
  const saved = process.env.METRICS_TOKEN;
  afterEach(() => {
    if (saved === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = saved;
    vi.restoreAllMocks();
  });

  it("answers 401 to every request, whatever it sends, and warns once", async () => {
    delete process.env.METRICS_TOKEN;
    const warn = vi.spyOn(logger, "warn");
    const app = createRestApp();
    for (const authorization of [undefined, "Bearer ", "Bearer undefined", "Bearer x"]) {
      const response = await app.request("/api/metrics", { headers: authorization ? { Authorization: authorization } : {} });
      expect(response.status, authorization).toBe(401);
    }
    expect(warn.mock.calls.filter(([message]) => String(message).includes("METRICS_TOKEN is not set"))).toHaveLength(1);
  });
});
