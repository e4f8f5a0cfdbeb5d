/**
 * What leaves for Sentry, made safe (SPEC §9: nothing secret leaves the process). Pure and free of Node imports,
 * so the server's and the browser's SDKs run the same code in `beforeSend`, `beforeSendTransaction` and
 * `beforeBreadcrumb`. Two nets: fields that carry credentials by name are dropped or redacted wherever they are,
 * and every string anywhere in the payload has credential shapes (keys, secrets, tokens, emails) replaced.
 */

export const REDACTED = "[redacted]";

/** Shapes of credentials the platform issues or handles, each with what it is replaced by. */
const SECRET_SHAPES: readonly [RegExp, string][] = [
  // API keys (SPEC §6: gs_live_/gs_test_ + 40 base62); the display form's 4 characters are not a secret.
  [/gs_(?:live|test)_[0-9A-Za-z]{16,}/g, `gs_${REDACTED}`],
  // Webhook signing secrets (ours and Stripe's).
  [/whsec_[0-9A-Za-z+/=_-]{8,}/g, `whsec_${REDACTED}`],
  // Stripe secret and restricted keys.
  [/\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{8,}/g, `sk_${REDACTED}`],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // Magic links (`token=`), email callbacks and any other credential-named query parameter.
  [/([?&;\s]|^)((?:[\w-]*token|key|secret|code|signature|sig|password|email)=)[^&\s"'#;]+/gi, `$1$2${REDACTED}`],
  // Invite links carry a 32-byte token in the path.
  [/\/invites\/[0-9A-Za-z_-]{20,}/g, `/invites/${REDACTED}`],
  // Session cookies (next-auth's, whatever their prefix), should a cookie string end up in a message.
  [/((?:__Secure-|__Host-)?next-auth\.[\w.-]+|session-token)=[^;\s"']+/gi, `$1=${REDACTED}`],
  // Emails are personal data: never sent (team ids identify a customer).
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/g, "[email]"],
];

/** Fields whose value is a credential or personal data by name, redacted wherever they appear. */
const SECRET_FIELD = /^(?:authorization|proxy-authorization|cookie|cookies|set-cookie|x-api-key|api[-_]?key|stripe-signature|webhook-signature|webhook-id|x-ghostspeak-signature|password|secret|server[-_]?secret|token|access[-_]?token|refresh[-_]?token|email|ip_address)$/i;

/** Nesting deeper than this is cut: events are JSON-shaped and shallow; this only guards against a cycle. */
const MAX_DEPTH = 12;

export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_SHAPES) out = out.replace(pattern, replacement);
  return out;
}

/** A URL without its query string and fragment (where tokens travel), and with its path scrubbed. */
export function scrubUrl(url: string): string {
  return scrubText(url.split(/[?#]/)[0] ?? "");
}

/** Any JSON-shaped value with credential fields redacted and every string scrubbed; the input is not changed. */
export function scrubValue<T>(value: T, depth = 0): T {
  if (typeof value === "string") return scrubText(value) as T;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return REDACTED as T;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) ? REDACTED : scrubValue(item, depth + 1);
  }
  return out as T;
}

/**
 * An event (error or transaction) as it may be sent. The request keeps its method and its URL without the query;
 * its body, cookies, query string and headers go (only harmless headers would be worth keeping, and the request id
 * is a tag already). The user keeps only an id: `sendDefaultPii` is off, this makes sure.
 */
export function scrubEvent<E extends object>(event: E): E {
  const { request, user, ...rest } = event as { request?: { method?: unknown; url?: unknown }; user?: { id?: unknown } };
  const out = scrubValue(rest) as Record<string, unknown>;
  if (request) {
    out.request = {
      ...(typeof request.method === "string" ? { method: request.method } : {}),
      ...(typeof request.url === "string" ? { url: scrubUrl(request.url) } : {}),
    };
  }
  if (user && typeof user.id === "string") out.user = { id: scrubText(user.id) };
  return out as E;
}

/** A breadcrumb: its message and data scrubbed, and any URL in its data without a query string. */
export function scrubBreadcrumb<B extends { message?: string; data?: Record<string, unknown> }>(breadcrumb: B): B {
  const out = scrubValue(breadcrumb);
  if (out.data) {
    for (const field of ["url", "from", "to"]) {
      const value = out.data[field];
      if (typeof value === "string") out.data[field] = scrubUrl(value);
    }
  }
  return out;
}
