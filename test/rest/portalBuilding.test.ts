/**
 * `npm start` on a fresh clone: the API answers while the portal builds in the background, the portal's paths
 * answer the building page, and the real portal takes over in the same process once the build is done (or the
 * page says it failed, and the API carries on). Needs a `.next` build for the real portal (`npm test` makes it
 * before this suite); the build itself is a stand-in the test finishes (backgroundBuildServer.ts).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILD_OUTCOME_FILE, FAKE_BUILD_EXPECTED_MS } from "./backgroundBuildServer";
import { startChildServer } from "./server";

const entry = "test/rest/backgroundBuildServer.ts";

async function page(url: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("the portal building in the background", () => {
  it("leaves the API answering, shows the building page, then serves the real portal without a restart", async () => {
    let log = "";
    const server = await startChildServer({ PORTAL: "" }, { entry, onLog: (chunk) => (log += chunk) });
    try {
      // startChildServer waited for /api/health: the API answers while the portal builds.
      const unauthorized = await fetch(`${server.url}/api/v1/verify`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
      expect(unauthorized.status).toBe(401);

      for (const path of ["/", "/dashboard", "/favicon.ico"]) {
        const building = await page(`${server.url}${path}`);
        expect(building.status, path).toBe(503);
        expect(building.headers.get("retry-after"), path).toBe("5");
        expect(building.headers.get("content-type"), path).toMatch(/^text\/html/);
        expect(building.headers.get("content-security-policy"), path).toMatch(/default-src 'self'; script-src 'self' 'nonce-/);
        expect(building.text, path).toContain("The portal is building");
        const left = Number(/about (\d+) s left/.exec(building.text)?.[1]);
        expect(left, path).toBeGreaterThan(0);
        expect(left, path).toBeLessThanOrEqual(FAKE_BUILD_EXPECTED_MS / 1000);
      }
      const trpc = await fetch(`${server.url}/api/trpc/teams.list`);
      expect(trpc.status).toBe(503);
      expect(await trpc.json()).toMatchObject({ error: expect.stringContaining("still building") });

      writeFileSync(path.join(server.dataDir, BUILD_OUTCOME_FILE), "ok");
      await expect.poll(async () => (await fetch(`${server.url}/`)).status, { timeout: 60_000, interval: 250 }).toBe(200);
      const home = await page(`${server.url}/`);
      expect(home.text).toContain("<title>GhostSpeak</title>");
      expect(home.text).not.toContain("The portal is building");
      const favicon = await fetch(`${server.url}/favicon.ico`);
      expect(favicon.status).toBe(200);
      expect(favicon.headers.get("content-type")).toBe("image/x-icon");
      expect(log).toContain("portal built: serving portal and API");
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("says so on the portal's pages when the build fails, and keeps the API running", async () => {
    let log = "";
    const server = await startChildServer({ PORTAL: "" }, { entry, onLog: (chunk) => (log += chunk) });
    try {
      writeFileSync(path.join(server.dataDir, BUILD_OUTCOME_FILE), "fail");
      await expect.poll(() => log, { timeout: 30_000 }).toContain("the portal's build failed");
      const failed = await page(`${server.url}/`);
      expect(failed.status).toBe(503);
      expect(failed.headers.get("retry-after")).toBeNull();
      expect(failed.text).toContain("The portal could not be built");
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
