import { describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import { requestSource } from "./requestOrigin";
import { createCaller } from "./root";
import { codeOf, sessionFor, TRPC_TEST_SECRET, useTrpcHarness } from "./test.helpers";

const APP = "https://portal.ghostspeak.test";
const source = (headers: Record<string, string>) => requestSource(new Headers({ host: "127.0.0.1:3000", ...headers }), APP);

describe("requestSource", () => {
  it("is same-origin for the app's public origin or the request's own host", () => {
    expect(source({ origin: APP })).toBe("same-origin");
    expect(source({ origin: "http://127.0.0.1:3000" })).toBe("same-origin");
    expect(source({ "sec-fetch-site": "same-origin" })).toBe("same-origin");
    expect(source({ referer: `${APP}/t/abc/keys` })).toBe("same-origin");
  });

  it("is cross-origin for another site, a sibling port or subdomain, and an opaque origin", () => {
    for (const origin of ["https://evil.example", "http://127.0.0.1:3001", "https://other.ghostspeak.test", "http://portal.ghostspeak.test", "null"]) {
      expect(source({ origin }), origin).toBe("cross-origin");
    }
    expect(source({ "sec-fetch-site": "same-site" })).toBe("cross-origin");
    expect(source({ "sec-fetch-site": "cross-site" })).toBe("cross-origin");
    expect(source({ referer: "https://evil.example/" })).toBe("cross-origin");
    // Origin decides when present, whatever the other headers claim.
    expect(source({ origin: "https://evil.example", "sec-fetch-site": "same-origin", referer: `${APP}/` })).toBe("cross-origin");
  });

  it("is unknown for a caller that is no browser", () => {
    expect(source({})).toBe("unknown");
  });
});

const harness = useTrpcHarness();

describe("tRPC mutations by request source", () => {
  it("refuse a cross-origin mutation before it runs, and allow queries, same-origin and unknown callers", async () => {
    const t = harness.t();
    await t.mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
    const ownerId = await t.run(async (ctx) => (await ctx.db.query("users").first())!._id);
    const caller = (requestSource?: "same-origin" | "cross-origin" | "unknown") =>
      createCaller({ ...harness.context(sessionFor(ownerId, "owner@acme.test")), requestSource });

    expect(await codeOf(caller("cross-origin").teams.create({ name: "Forged" }))).toBe("FORBIDDEN");
    expect((await caller("cross-origin").teams.list()).map((team) => team.name)).toEqual(["Acme"]);
    await caller("same-origin").teams.create({ name: "Own" });
    await caller("unknown").teams.create({ name: "Script" });
    await caller(undefined).teams.create({ name: "Server render" });
    expect((await caller().teams.list()).map((team) => team.name).sort()).toEqual(["Acme", "Own", "Script", "Server render"]);
  });
});
