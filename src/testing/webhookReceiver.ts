/** For the webhook tests (REST and e2e): a local receiver on 127.0.0.1 that records each request, and a wait for a delivery. */
import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request; `answeredAt` is when its answer was sent (unset while held). */
export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; answeredAt?: number };

/** Records each request; while `hold` is set, requests stay unanswered (a receiver that hangs). */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  url: string;
  received: Received[];
  hold: boolean;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received: Received = { path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      receiver.received.push(received);
      if (!receiver.hold) response.end("thanks", () => (received.answeredAt = Date.now()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: [],
    hold: false,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return receiver;
}

/** Polls until `what` gives a value. */
export async function waitFor<T>(what: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
