"use node";
/**
 * One delivery attempt (SPEC §4), in Node because the SSRF guard must see every address the URL's host resolves
 * to and connect to exactly those: the check runs inside the connection's own DNS lookup, so a name cannot
 * resolve to a public address for the check and a private one for the request (DNS rebinding).
 *
 * POST of `{id, type, createdAt, data}` signed with the Standard Webhooks and X-GhostSpeak headers; 10 s for the
 * whole attempt; redirects are not followed (a 3xx is a failed attempt); 2xx delivers.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction } from "./_generated/server";
import { configuredEncryptionKey, decryptSecret } from "./lib/secretBox";
import { HOST_REFUSED, publicAddresses, type ResolvedAddress, systemResolve } from "./lib/webhookHost";
import { webhookSignatureHeaders } from "./lib/webhookSignature";
import { privateUrlsAllowed, webhookUrlProblem } from "./lib/webhookUrl";

const TIMEOUT_MS = 10_000;
/** How much of an answer the attempt log keeps. */
const EXCERPT_BYTES = 1024;
const USER_AGENT = "GhostSpeak-Webhooks/1.0";

export const deliver = internalAction({
  args: { deliveryId: v.id("webhookDeliveries") },
  returns: v.null(),
  handler: async (ctx, { deliveryId }) => {
    const claimed = await ctx.runMutation(internal.webhookDispatch.claim, { deliveryId });
    if (!claimed) return null;
    const at = Date.now();
    const started = performance.now();
    let outcome: AttemptOutcome;
    try {
      const key = configuredEncryptionKey();
      const secrets = await Promise.all(claimed.secretCiphertexts.map((sealed) => decryptSecret(sealed, key)));
      const body = JSON.stringify({
        id: claimed.eventId,
        type: claimed.eventType,
        createdAt: new Date(claimed.eventCreatedAt).toISOString(),
        data: claimed.data,
      });
      const signed = await webhookSignatureHeaders({
        id: claimed.eventId,
        eventType: claimed.eventType,
        timestampSec: Math.floor(Date.now() / 1000),
        body,
        secrets,
      });
      outcome = await post(claimed.url, { ...signed, "Content-Type": "application/json", "User-Agent": USER_AGENT }, body);
    } catch (error) {
      // Our own failure (no key, a corrupt secret): logged as the attempt's error and retried like any other.
      outcome = { error: `Not sent: ${error instanceof Error ? error.message : String(error)}` };
    }
    await ctx.runMutation(internal.webhookDispatch.recordAttempt, {
      deliveryId,
      at,
      durationMs: Math.round(performance.now() - started),
      ...outcome,
    });
    return null;
  },
});

type AttemptOutcome = { status?: number; responseExcerpt?: string; error?: string; retryAfter?: string };

/**
 * DNS lookup that refuses a host unless it resolves to public addresses only (unless private URLs are allowed), with
 * one message for every way of failing (`webhookHost.ts`), and hands the connection exactly the addresses checked.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const resolved = allowPrivate ? systemResolve(hostname) : publicAddresses(hostname);
    resolved.then(
      (addresses) => {
        if (!addresses || addresses.length === 0) return callback(new Error(HOST_REFUSED), "", 0);
        if (options.all) return (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      // Only with private URLs allowed (publicAddresses does not reject): the operator's own setup, told as it is.
      (error: Error) => callback(error, "", 0),
    );
  };
}

function post(urlText: string, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
  const allowPrivate = privateUrlsAllowed();
  // Checked again at delivery: the switch may have been turned off since the endpoint was created.
  const problem = webhookUrlProblem(urlText, allowPrivate);
  if (problem) return Promise.resolve({ error: `${problem} Refused (SSRF guard).` });
  const url = new URL(urlText);
  const client = url.protocol === "https:" ? https : http;
  const payload = Buffer.from(body);
  return new Promise((resolve) => {
    const request = client.request(url, {
      method: "POST",
      headers: { ...headers, "Content-Length": String(payload.length) },
      lookup: guardedLookup(allowPrivate),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      agent: false,
    });
    request.on("error", (error) => {
      const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
      resolve({ error: timedOut ? `No answer within ${TIMEOUT_MS / 1000} s.` : error.message });
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => {
        const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString("utf8");
        const retryAfter = response.headers["retry-after"];
        resolve({
          status: response.statusCode,
          ...(excerpt ? { responseExcerpt: excerpt } : {}),
          ...(typeof retryAfter === "string" ? { retryAfter } : {}),
        });
      };
      response.on("data", (chunk: Buffer) => {
        if (size < EXCERPT_BYTES) chunks.push(chunk);
        size += chunk.length;
        // Only the first 1 KiB is kept; the rest of a large answer is not worth waiting for.
        if (size >= EXCERPT_BYTES) response.destroy();
      });
      response.on("end", finish);
      response.on("close", finish);
      response.on("error", finish);
    });
    request.end(payload);
  });
}
