// Stripe's webhook endpoint; the raw body is read once, by the handler, for the signature check.
import { getBackend } from "@/server/backend";
import { handleStripeWebhook } from "@/server/stripe/webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  return handleStripeWebhook(request, await getBackend());
}
