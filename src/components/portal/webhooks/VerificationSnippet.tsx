import { CopyButton } from "./CopyButton";

/**
 * How a receiver checks a delivery, in TypeScript with the standardwebhooks library: it verifies the signature
 * (either one during a rotation), rejects timestamps more than 5 minutes off and compares in constant time.
 */
export const VERIFICATION_SNIPPET = `import { Webhook } from "standardwebhooks";

// The endpoint's signing secret (whsec_…), from an environment variable, never from code.
const webhook = new Webhook(process.env.GHOSTSPEAK_WEBHOOK_SECRET!);

export async function POST(request: Request): Promise<Response> {
  // Verify the raw body, exactly as received: parsing and re-serialising it would change the bytes.
  const body = await request.text();
  let event: { id: string; type: string; createdAt: string; data: unknown };
  try {
    event = webhook.verify(body, Object.fromEntries(request.headers)) as typeof event;
  } catch {
    return new Response("invalid signature", { status: 400 });
  }
  // The same event can arrive more than once (retries, redeliveries): event.id is stable, use it to dedupe.
  console.log(event.type, event.id, event.data);
  return new Response(null, { status: 204 });
}
`;

export function VerificationSnippet() {
  return (
    <section aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verifying deliveries</h2>
      <p className="muted">
        Each delivery is a POST of <code>{"{id, type, createdAt, data}"}</code> signed with the Standard Webhooks headers (
        <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>) and the GhostSpeak headers (
        <code>X-GhostSpeak-Event</code>, <code>X-GhostSpeak-Timestamp</code>, <code>X-GhostSpeak-Signature</code>: hex HMAC-SHA256
        of <code>{"{timestamp}.{body}"}</code>). Answer 2xx within 10 seconds; anything else is retried after 1, 2, 4, 8 and 16
        minutes. A 410 disables the endpoint.
      </p>
      <pre data-testid="verification-snippet">
        <code>{VERIFICATION_SNIPPET}</code>
      </pre>
      <CopyButton text={VERIFICATION_SNIPPET} label="Copy snippet" />
    </section>
  );
}
