import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { outboxAccessSecret } from "@/server/auth/outboxAccess";
import { OUTBOX_KEY_FILE } from "@/server/auth/outboxSeal";
import { startChildServer } from "./server";

/** `npm start` (scripts/start.ts) must start the server README's configuration table describes. */
describe("npm start", () => {
  // One start for both (each seeds the demo agents): the banner comes after the seed, which is slow on a busy machine.
  it("honours PORTAL=false and HOST, prints the dev outbox's open link (on by default outside production), five agents of different tiers with a batch that works as printed, and the demo team's id on every start", async () => {
    let log = "";
    let banner = "";
    const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-start-"));
    // DEV_OUTBOX unset and NODE_ENV as vitest sets it (test): a developer's machine.
    const env = { PORTAL: "false", HOST: "127.0.0.1", LOG_LEVEL: "info", DEV_OUTBOX: "" };
    const server = await startChildServer(env, {
      entry: "scripts/start.ts",
      dataDir,
      onLog: (chunk) => (log += chunk),
      onStdout: (chunk) => (banner += chunk),
    });
    try {
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      // The portal's pages are not served: the API answers its 404 for the home page and the sign-in page.
      for (const page of ["/", "/signin"]) {
        const response = await fetch(`${server.url}${page}`);
        expect(response.status, page).toBe(404);
        expect(response.headers.get("content-type"), page).toContain("application/problem+json");
      }
      const started = log.split("\n").find((line) => line.includes("serving the API only"));
      expect(started).toBeDefined();
      expect(JSON.parse(started!)).toMatchObject({ portal: false, url: server.url });
      // PORTAL=false needs no build, so none is started.
      expect(log).not.toContain("the portal is building");

      await expect.poll(() => banner, { timeout: 60_000 }).toContain("GhostSpeak is running at");
      await expect.poll(() => banner).toContain("How the Ghost Score is computed");
      expect(banner).not.toContain("[portal build]");
      const key = /Demo key \(shown once, store it now\): (gs_live_\w+)/.exec(banner)?.[1];
      expect(key).toBeDefined();
      const teamId = /the demo team is (\w+); more keys: npm run admin -- key create --team (\w+)/.exec(banner);
      expect(teamId?.[1]).toBe(teamId?.[2]);
      // Five agents of different tiers, and a batch curl over them that works as printed.
      const tiers = [...banner.matchAll(/ (DIAMOND|PLATINUM|GOLD|SILVER|BRONZE|NEWCOMER) +([1-9A-HJ-NP-Za-km-z]{32,44})$/gm)];
      expect(new Set(tiers.map((m) => m[1])).size).toBe(5);
      const batch = JSON.parse(/verify\/batch .*\n +-d '(.*)'/.exec(banner)![1]) as { agents: string[] };
      expect(batch.agents).toEqual(tiers.map((m) => m[2]));
      const answer = await fetch(`${server.url}/api/v1/verify/batch`, {
        method: "POST",
        headers: { "X-API-Key": key!, "Content-Type": "application/json" },
        body: JSON.stringify(batch),
      });
      expect(answer.status).toBe(200);
      const found = ((await answer.json()) as { results: { agentAddress: string; tier: string }[] }).results;
      expect(found.map((r) => [r.tier, r.agentAddress])).toEqual(tiers.map((m) => [m[1], m[2]]));
      const secret = outboxAccessSecret(readFileSync(path.join(server.dataDir, OUTBOX_KEY_FILE), "utf8").trim());
      expect(banner).toContain(`${server.url}/dev/outbox/open?key=${secret}`);
      // On the console only: the logger never carries the outbox's secret.
      expect(log).not.toContain(secret);
      await server.stop();

      // On a restart: no key to show, but the same team's id and the same five agents.
      let again = "";
      const restarted = await startChildServer(env, { entry: "scripts/start.ts", dataDir, onStdout: (chunk) => (again += chunk) });
      try {
        await expect.poll(() => again, { timeout: 60_000 }).toContain("How the Ghost Score is computed");
        expect(again).toContain(`key create --team ${teamId![1]}`);
        expect(again).not.toContain("Demo key");
        expect(again).toContain('-H "X-API-Key: <your key>"');
        expect(again).toContain(JSON.stringify(batch.agents));
      } finally {
        await restarted.stop();
      }
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
