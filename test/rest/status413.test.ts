/**
 * 413: a body over 64 KiB is refused before it is read — at once when Content-Length announces it, as it passes the
 * limit when chunked — once the key is known good; recorded (never billed) with the rate-limit headers.
 */
import http from "node:http";
import { describe, expect, it } from "vitest";
import { baseUrl, call, RATE_LIMIT_HEADERS, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

async function tooLarge(response: Response) {
  for (const header of RATE_LIMIT_HEADERS) expect(response.headers.get(header), header).not.toBeNull();
  return expectProblem(response, 413, "PAYLOAD_TOO_LARGE");
}

/** Announces `length` bytes, sends a few and waits for the answer without sending the rest. */
function announceOnly(pathname: string, key: string, length: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}${pathname}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": String(length), "X-API-Key": key },
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
        request.destroy();
      });
    });
    request.on("error", reject);
    request.write('{"agentAddress":"');
  });
}

describe("413 PAYLOAD_TOO_LARGE", () => {
  it("refuses oversized verify, batch and webhook bodies, and records them", async () => {
    const { teamId, key } = await fx.teamWithKey();
    await tooLarge(await call("/api/v1/verify", { key, body: { agentAddress: "x".repeat(65 * 1024) } }));
    const agents = new Array(100).fill("y".repeat(700));
    await tooLarge(await call("/api/v1/verify/batch", { key, body: { agents } }));
    await tooLarge(await call("/api/v1/webhooks", { key, body: { url: "https://example.com/", events: ["score.updated"], description: "z".repeat(70 * 1024) } }));
    const { events } = await fx.usage(teamId);
    expect(events.map((e) => `${e.method} ${e.endpoint} ${e.status} ${e.billable}`)).toEqual([
      "POST /api/v1/verify 413 false",
      "POST /api/v1/verify/batch 413 false",
      "POST /api/v1/webhooks 413 false",
    ]);
  });

  it("answers an announced oversize at once, before the body arrives", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const answer = await announceOnly("/api/v1/verify", key, 10 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "PAYLOAD_TOO_LARGE", requestId: answer.headers["x-request-id"] });
    expect(answer.headers["x-ratelimit-remaining"]).toBeDefined();
    expect((await fx.usage(teamId)).events.map((e) => e.status)).toEqual([413]);
  });

  it("cuts a chunked body off as it passes the limit", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${baseUrl}/api/v1/verify`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-API-Key": key },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await tooLarge(response);
    expect((await fx.usage(teamId)).events.map((e) => e.status)).toEqual([413]);
  });
});
