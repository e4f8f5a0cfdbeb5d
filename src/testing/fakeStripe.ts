/**
 * A local fake of the few Stripe API endpoints GhostSpeak calls, for tests that point the real `stripe` library at
 * it (`STRIPE_API_BASE`). It records every request, replays a repeated `Idempotency-Key` like Stripe does, counts a
 * meter event once per `identifier` like Stripe does, and can be told to fail a request (500, before any effect) or
 * to hang one (applied, never answered: Stripe did the work but the caller never hears of it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, beforeEach } from "vitest";

export type RecordedRequest = { method: string; path: string; idempotencyKey?: string; params: Record<string, unknown> };
export type FakeSubscription = { id: string; customer: string; metadata: Record<string, string>; items: Array<{ id: string; price: string }> };
export type FakeMeterEvent = { identifier: string; eventName: string; customer: string; value: number; timestamp: number };

type Answer = { status: number; body: object };
type Fault = { path: string; mode: "fail" | "hang" };

/** Stripe's form encoding (`a[b][0][c]=x`) back into objects; numeric keys make arrays. */
function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) node[part] = value;
      else node = (node[part] ??= /^\d+$/.test(parts[index + 1]) ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly customers = new Map<string, { id: string; name?: string; metadata: Record<string, string> }>();
  readonly checkoutSessions: Array<Record<string, unknown> & { id: string; url: string }> = [];
  readonly portalSessions: Array<{ id: string; customer: string; return_url: string; url: string }> = [];
  readonly subscriptions = new Map<string, FakeSubscription>();
  /** Counted meter events, one per identifier, in arrival order. */
  readonly meterEvents: FakeMeterEvent[] = [];
  private readonly idempotent = new Map<string, Answer>();
  private readonly faults: Fault[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private sequence = 0;
  private server = createServer((request, response) => void this.handle(request, response));

  private constructor() {
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeStripe> {
    const fake = new FakeStripe();
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** Where the `stripe` library should send requests (`STRIPE_API_BASE`). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next request to `path` answers 500 without doing anything (Stripe-Should-Retry: false). */
  failNext(path: string): void {
    this.faults.push({ path, mode: "fail" });
  }

  /** The next request to `path` is applied but never answered, until the caller gives up (its timeout). */
  hangNext(path: string): void {
    this.faults.push({ path, mode: "hang" });
  }

  /** Drops the stored idempotent answers, so a resend is judged by the meter event identifier alone. */
  forgetIdempotencyKeys(): void {
    this.idempotent.clear();
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  addSubscription(subscription: FakeSubscription): void {
    this.subscriptions.set(subscription.id, subscription);
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_fake${this.sequence}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://fake");
    const idempotencyKey = (request.headers["idempotency-key"] as string | undefined) ?? undefined;
    const params = parseForm(method === "GET" ? url.search.slice(1) : Buffer.concat(chunks).toString("utf8"));
    this.requests.push({ method, path: url.pathname, ...(idempotencyKey ? { idempotencyKey } : {}), params });

    const faultIndex = this.faults.findIndex((f) => f.path === url.pathname);
    const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0] : undefined;
    if (fault?.mode === "fail") {
      return this.send(response, { status: 500, body: { error: { type: "api_error", message: "Fake Stripe was told to fail." } } }, { "Stripe-Should-Retry": "false" });
    }
    const replayKey = idempotencyKey && method === "POST" ? `${url.pathname} ${idempotencyKey}` : undefined;
    const replay = replayKey ? this.idempotent.get(replayKey) : undefined;
    const answer = replay ?? this.route(method, url.pathname, params);
    if (replayKey && !replay && answer.status < 500) this.idempotent.set(replayKey, answer);
    if (fault?.mode === "hang") {
      this.hanging.add(response);
      return;
    }
    this.send(response, answer, replay ? { "Idempotent-Replayed": "true" } : {});
  }

  private send(response: ServerResponse, answer: Answer, headers: Record<string, string>): void {
    response.writeHead(answer.status, { "Content-Type": "application/json", "Request-Id": this.nextId("req"), ...headers });
    response.end(JSON.stringify(answer.body));
  }

  private route(method: string, path: string, params: Record<string, unknown>): Answer {
    const ok = (body: object): Answer => ({ status: 200, body });
    const missing = (what: string): Answer => ({ status: 404, body: { error: { type: "invalid_request_error", message: `No such ${what}` } } });
    if (method === "POST" && path === "/v1/customers") {
      const customer = { id: this.nextId("cus"), name: params.name as string | undefined, metadata: (params.metadata ?? {}) as Record<string, string> };
      this.customers.set(customer.id, customer);
      return ok({ object: "customer", ...customer });
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const id = this.nextId("cs");
      const session = { object: "checkout.session", ...params, id, url: `https://checkout.stripe.test/c/pay/${id}` };
      this.checkoutSessions.push(session);
      return ok(session);
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      if (!this.customers.has(params.customer as string)) return missing("customer");
      const id = this.nextId("bps");
      const session = { id, customer: params.customer as string, return_url: params.return_url as string, url: `https://billing.stripe.test/p/session/${id}` };
      this.portalSessions.push(session);
      return ok({ object: "billing_portal.session", ...session });
    }
    const subscriptionPath = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (subscriptionPath) {
      const subscription = this.subscriptions.get(subscriptionPath[1]);
      if (!subscription) return missing("subscription");
      if (method === "POST") {
        const items = (params.items ?? []) as Array<{ id?: string; price?: string; deleted?: string }>;
        for (const change of items) {
          const item = subscription.items.find((i) => i.id === change.id);
          if (item && change.price) item.price = change.price;
        }
        Object.assign(subscription.metadata, (params.metadata ?? {}) as Record<string, string>);
      }
      return ok({
        object: "subscription",
        id: subscription.id,
        customer: subscription.customer,
        status: "active",
        metadata: subscription.metadata,
        items: { object: "list", data: subscription.items.map((i) => ({ object: "subscription_item", id: i.id, price: { object: "price", id: i.price } })) },
      });
    }
    if (method === "POST" && path === "/v1/billing/meter_events") {
      const payload = (params.payload ?? {}) as Record<string, string>;
      const event: FakeMeterEvent = {
        identifier: (params.identifier as string | undefined) ?? this.nextId("mev"),
        eventName: params.event_name as string,
        customer: payload.stripe_customer_id,
        value: Number(payload.value),
        timestamp: Number(params.timestamp),
      };
      // Stripe accepts a repeated identifier and counts it once.
      if (!this.meterEvents.some((e) => e.identifier === event.identifier)) this.meterEvents.push(event);
      return ok({ object: "billing.meter_event", event_name: event.eventName, identifier: event.identifier, payload, timestamp: event.timestamp });
    }
    return { status: 404, body: { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path})` } } };
  }
}

/** The Stripe settings a test runs with: a test-mode key, a short timeout, and the plans' price ids. */
export const FAKE_STRIPE_ENV = {
  STRIPE_SECRET_KEY: "sk_test_fake",
  STRIPE_TIMEOUT_MS: "1000",
  STRIPE_PRICE_STARTUP_BASE: "price_startup_base",
  STRIPE_PRICE_STARTUP_USAGE: "price_startup_usage",
  STRIPE_PRICE_GROWTH_BASE: "price_growth_base",
  STRIPE_PRICE_GROWTH_USAGE: "price_growth_usage",
};

/**
 * A fresh fake Stripe for every test of the calling suite, with `FAKE_STRIPE_ENV` (plus `extraEnv`) and
 * `STRIPE_API_BASE` set while it runs and the previous environment restored after. Returns the current test's fake.
 */
export function useFakeStripe(extraEnv: Record<string, string> = {}): () => FakeStripe {
  let stripe: FakeStripe | undefined;
  const saved: Record<string, string | undefined> = {};
  beforeEach(async () => {
    stripe = await FakeStripe.start();
    for (const [name, value] of Object.entries({ ...FAKE_STRIPE_ENV, ...extraEnv, STRIPE_API_BASE: stripe.url })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await stripe?.close();
  });
  return () => {
    if (!stripe) throw new Error("useFakeStripe: the fake starts in beforeEach; read it inside a test");
    return stripe;
  };
}
