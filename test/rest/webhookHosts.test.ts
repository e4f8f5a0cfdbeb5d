import { describe, expect, it } from "vitest";
import { HOST_REFUSED } from "../../convex/lib/webhookHost";
import { call, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

/** Issue 14 item 5: `POST /api/v1/webhooks` resolves the host (the suite's server does not allow private URLs). */
describe("webhook hosts over REST", () => {
  it("refuses names that resolve to loopback, with the one refusal message", async () => {
    const { key } = await fx.teamWithKey("enterprise");
    for (const url of ["https://localhost/", "https://localhost./", "https://LocalHost:8443/in"]) {
      const problem = await expectProblem(await call("/api/v1/webhooks", { key, body: { url, events: ["score.updated"] } }), 400, "VALIDATION_ERROR");
      expect([url, problem.detail]).toEqual([url, HOST_REFUSED]);
    }
    // Without a good key the same body is the 401 every unauthenticated request gets (SPEC §2).
    await expectProblem(await call("/api/v1/webhooks", { key: "gs_live_unknown", body: { url: "https://localhost/", events: ["score.updated"] } }), 401, "UNAUTHORIZED");
    const list = (await (await call("/api/v1/webhooks", { key, method: "GET" })).json()) as { webhooks: unknown[] };
    expect(list.webhooks).toEqual([]);
  });
});
