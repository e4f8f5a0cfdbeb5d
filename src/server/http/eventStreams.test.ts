// Shutdown with live pages open: the event streams are cut at once and the drain ends without waiting its deadline,
// while a plain request in flight is still answered.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { eventStreams } from "./eventStreams";
import { drain } from "./shutdown";

describe("event streams at shutdown", () => {
  it("are cut when shutdown begins, so the drain does not wait for them", async () => {
    const streams = eventStreams();
    const server = createServer((req, res) => {
      streams.track(req, res);
      if (req.url === "/slow") return void setTimeout(() => res.end("done"), 300);
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      res.write("data: {}\n\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const live = await fetch(`${url}/live`, { headers: { accept: "text/event-stream" } });
    const reader = live.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: {}\n\n");
    const slow = fetch(`${url}/slow`).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(streams.size).toBe(1);

    const deadlineMs = 30_000;
    const started = Date.now();
    streams.cutAll();
    await drain(server, deadlineMs);
    // Well inside the deadline: only the slow request was waited for.
    expect(Date.now() - started).toBeLessThan(deadlineMs / 2);
    expect(await slow).toBe("done");
    await expect(reader.read()).rejects.toThrow();
    expect(streams.size).toBe(0);
  });
});
