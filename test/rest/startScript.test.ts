import { describe, expect, it } from "vitest";
import { startChildServer } from "./server";

/** `npm start` (scripts/start.ts) must start the server README's configuration table describes. */
describe("npm start", () => {
  it("honours PORTAL=false and HOST: the API alone, on the address asked for", async () => {
    let log = "";
    const server = await startChildServer(
      { PORTAL: "false", HOST: "127.0.0.1", LOG_LEVEL: "info" },
      { entry: "scripts/start.ts", onLog: (chunk) => (log += chunk) },
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
    } finally {
      await server.stop();
    }
  });
});
