/** SPEC §6 over HTTP: revocation within 10 s (here: the next call), and rotation grace periods. */
import { describe, expect, it } from "vitest";
import { useDatabase, verifyCall } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("API key lifecycle", () => {
  it("a revoked key is refused within 10 s: keys are read in every call's transaction, never cached", async () => {
    const { keyId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    expect((await verifyCall(key, agent.address)).status).toBe(200);
    const revokedAt = Date.now();
    await fx.revoke(keyId);
    await expectProblem(await verifyCall(key, agent.address), 401, "UNAUTHORIZED");
    expect(Date.now() - revokedAt).toBeLessThan(10_000);
  });

  it("rotation with grace 0 refuses the old key at once; the new key works", async () => {
    const { keyId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const rotated = await fx.rotate(keyId, "0");
    await expectProblem(await verifyCall(key, agent.address), 401, "UNAUTHORIZED");
    expect((await verifyCall(rotated.key, agent.address)).status).toBe(200);
  });

  it("rotation with 15 minutes of grace keeps the old key working, both keys billing the same team", async () => {
    const { teamId, keyId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    const rotated = await fx.rotate(keyId, "15m");
    expect(rotated.graceUntil - Date.now()).toBeGreaterThan(14 * 60_000);
    expect((await verifyCall(key, agent.address)).status).toBe(200);
    expect((await verifyCall(rotated.key, agent.address)).status).toBe(200);
    const old = await fx.db().run((ctx) => ctx.db.get(keyId));
    expect(old).toMatchObject({ graceUntil: rotated.graceUntil, replacedByKeyId: rotated.keyId });
    expect((await fx.usage(teamId)).events.map((e) => e.apiKeyId)).toEqual([keyId, rotated.keyId]);
  });

  it("the grace period never outlives the old key's expiry", async () => {
    const teamId = await fx.team();
    const { keyId, key } = await fx.key(teamId, { expiresAt: Date.now() + 500 });
    const agent = await fx.agent();
    const rotated = await fx.rotate(keyId, "24h");
    expect(rotated.graceUntil).toBeLessThanOrEqual(Date.now() + 500);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expectProblem(await verifyCall(key, agent.address), 401, "UNAUTHORIZED");
  });
});
