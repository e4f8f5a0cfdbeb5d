import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_WEBHOOK_URL_LENGTH } from "../../../convex/lib/webhookUrl";
import { MAX_AGENT_FILTER, MAX_DESCRIPTION_LENGTH } from "../../../convex/model/webhookEndpoints";
import { sendLargeBody as send } from "@/testing/sendLargeBody";
import { BODY_LIMITS, bodyLimitFor, limitRequestBody } from "./bodyLimit";

const LIMIT = 64 * 1024;

describe("limitRequestBody over real HTTP", () => {
  let server: Server;
  let url: string;
  /** What the handler read of each request body, as a web Request (how Next's route handlers and tRPC read). */
  const handled: number[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!limitRequestBody(req, res, LIMIT)) return;
      void readAsWebRequest(req).then(
        (bytes) => {
          handled.push(bytes.length);
          res.end(`${bytes.length} ${createHash("sha256").update(bytes).digest("hex")}`);
        },
        () => handled.push(-1),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sha = (length: number) => createHash("sha256").update(Buffer.alloc(length, 0x61)).digest("hex");

  it("passes a body up to the limit through intact, declared or chunked", async () => {
    for (const chunked of [false, true]) {
      for (const length of [0, 1, LIMIT - 1, LIMIT]) {
        const answer = await send(url, length, { chunked });
        expect([chunked, length, answer.status, answer.body]).toEqual([chunked, length, 200, `${length} ${sha(length)}`]);
      }
    }
  });

  it("refuses a declared length over the limit at once, before the handler and without reading the body", async () => {
    const before = handled.length;
    const started = Date.now();
    const answer = await send(url, 200 * 1024 * 1024, { chunked: false });
    expect(answer.status).toBe(413);
    expect(answer.body).toBe("Request body too large.\n");
    expect(handled.length).toBe(before);
    // Refused without waiting for the body: most of the 200 MB were never sent.
    expect(answer.sent).toBeLessThan(32 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(5_000);
    // One byte over is over.
    expect((await send(url, LIMIT + 1, { chunked: false })).status).toBe(413);
  });

  it("cuts a chunked body off as soon as it passes the limit; the handler never sees a truncated body", async () => {
    const before = handled.length;
    const answer = await send(url, 200 * 1024 * 1024, { chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBeLessThan(32 * 1024 * 1024);
    expect((await send(url, LIMIT + 1, { chunked: true })).status).toBe(413);
    // The handlers that were reading were released with an error (-1) when the connection closed, never given
    // the bytes before the limit as if they were the body.
    await expect.poll(() => handled.slice(before), { timeout: 5_000 }).toEqual([-1, -1]);
  });
});

describe("bodyLimitFor", () => {
  it("gives each route Next serves its own limit", () => {
    expect(bodyLimitFor("/api/stripe/webhook")).toBe(BODY_LIMITS.stripeWebhook);
    expect(bodyLimitFor("/api/auth/signin/email")).toBe(BODY_LIMITS.auth);
    expect(bodyLimitFor("/api/auth/callback/email?token=x")).toBe(BODY_LIMITS.auth);
    expect(bodyLimitFor("/api/trpc/webhooks.create?batch=1")).toBe(BODY_LIMITS.trpc);
    for (const other of ["/", "/t/acme/webhooks", "/api/trpcx", "/api/stripe/webhook/x"]) expect(bodyLimitFor(other), other).toBe(BODY_LIMITS.other);
  });

  it("fits the largest legitimate tRPC body: a batch of two webhook settings with 1,000 agents each", () => {
    // The longest Solana address (44 characters), the longest URL and a description of characters JSON escapes.
    const settings = {
      url: `https://example.com/${"a".repeat(MAX_WEBHOOK_URL_LENGTH - 20)}`,
      events: ["score.updated", "tier.changed", "usage.threshold", "webhook.test"],
      agentAddresses: Array.from({ length: MAX_AGENT_FILTER }, (_, i) => `${String(i).padStart(4, "1")}${"z".repeat(40)}`),
      description: "\u0001".repeat(MAX_DESCRIPTION_LENGTH),
    };
    // httpBatchLink's body: {"0": superjson(input), "1": …} for calls made in the same tick.
    const batch = JSON.stringify({ 0: superjson.serialize(settings), 1: superjson.serialize({ endpointId: "x".repeat(64), ...settings }) });
    const bytes = Buffer.byteLength(batch);
    expect(bytes).toBeGreaterThan(100 * 1024);
    expect(bytes * 2).toBeLessThan(BODY_LIMITS.trpc);
  });

  it("fits next-auth's sign-in form with a callback URL as long as a request line can carry", () => {
    const form = new URLSearchParams({
      email: `${"a".repeat(64)}@${"b".repeat(189)}.com`,
      csrfToken: "f".repeat(64),
      callbackUrl: `https://portal.example/t/acme?next=${"%".repeat(16 * 1024)}`,
      json: "true",
    }).toString();
    expect(Buffer.byteLength(form)).toBeLessThan(BODY_LIMITS.auth);
  });
});

async function readAsWebRequest(req: IncomingMessage): Promise<Buffer> {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const chunk of req) controller.enqueue(chunk as Buffer);
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  const web = new Request("http://local/", { method: "POST", body, duplex: "half" } as RequestInit);
  return Buffer.from(await web.arrayBuffer());
}
