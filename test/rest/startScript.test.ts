import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { outboxAccessSecret } from "@/server/auth/outboxAccess";
import { OUTBOX_KEY_FILE } from "@/server/auth/outboxSeal";
import { startChildServer } from "./server";

/** `npm start` (scripts/start.ts) must start the server README's configuration table describes. */
describe("npm start", () => {
  // One start for both (each seeds the demo agents): the banner comes after the seed, which is slow on a busy machine.
  it("honours PORTAL=false and HOST, and prints the dev outbox's open link (the outbox is on by default outside production)", async () => {
    let log = "";
    let banner = "";
    const server = await startChildServer(
      // DEV_OUTBOX unset and NODE_ENV as vitest sets it (test): a developer's machine.
      { PORTAL: "false", HOST: "127.0.0.1", LOG_LEVEL: "info", DEV_OUTBOX: "" },
      { entry: "scripts/start.ts", onLog: (chunk) => (log += chunk), onStdout: (chunk) => (banner += chunk) },
    );
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
      expect(log).not.toContain("Building the portal");

      await expect.poll(() => banner, { timeout: 60_000 }).toContain("GhostSpeak is running at");
      await expect.poll(() => banner).toContain("How the Ghost Score is computed");
      const secret = outboxAccessSecret(readFileSync(path.join(server.dataDir, OUTBOX_KEY_FILE), "utf8").trim());
      expect(banner).toContain(`${server.url}/dev/outbox/open?key=${secret}`);
      // On the console only: the logger never carries the outbox's secret.
      expect(log).not.toContain(secret);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
