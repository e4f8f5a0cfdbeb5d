/**
 * `POST /api/stripe/webhook` (SPEC §7): verified with the Stripe library against `STRIPE_WEBHOOK_SECRET` on the raw
 * body; a missing or bad signature (or a stale timestamp: Stripe's 300 s tolerance, against replays) answers 400.
 * A verified event is applied once by id and answered 200, a redelivery too, so Stripe stops retrying it.
 */
import Stripe from "stripe";
import { api } from "../../../convex/_generated/api";
import type { Backend } from "../backend/types";
import { changeOf } from "./events";

const json = (status: number, body: object) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export async function handleStripeWebhook(request: Request, backend: Backend, secret = process.env.STRIPE_WEBHOOK_SECRET): Promise<Response> {
  // Without a secret nothing can be verified, so nothing is accepted; 503 tells Stripe to retry once configured.
  if (!secret) return json(503, { error: "Stripe webhooks are not configured (STRIPE_WEBHOOK_SECRET is unset)." });
  const signature = request.headers.get("stripe-signature");
  if (!signature) return json(400, { error: "Missing Stripe-Signature header." });
  const payload = await request.text();
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(payload, signature, secret);
  } catch {
    return json(400, { error: "The Stripe signature does not verify." });
  }
  const { duplicate } = await backend.mutation(api.stripeWebhook.apply, { eventId: event.id, type: event.type, change: changeOf(event) });
  return json(200, { received: true, duplicate });
}
