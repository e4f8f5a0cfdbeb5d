import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { startChildServer } from "./server";

describe("graceful shutdown", () => {
  it("exits 0 on SIGTERM after finishing a request that was in flight", async () => {
    const server = await startChildServer();
    // A request whose body is still arriving when SIGTERM lands: it must be answered, not cut. The body guard
    // reads the whole body before routing, so the answer (a 404: no route has this path) waits for it.
    const answer = new Promise<number>((resolve, reject) => {
      const headers = { "Content-Length": "2", "Content-Type": "application/json" };
      const req = request(`${server.url}/api/v1/no-such-thing`, { method: "POST", headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.write("{");
      setTimeout(() => req.end("}"), 500);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exitCode = server.stop();
    expect(await answer).toBe(404);
    expect(await exitCode).toBe(0);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });
});
