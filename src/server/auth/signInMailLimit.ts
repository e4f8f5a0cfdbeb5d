/**
 * The sign-in mail limits (convex/signInMail.ts) at the door of next-auth's email sign-in, `POST
 * /api/auth/signin/email`: asked before next-auth makes a token or sends anything, so a refused request sends no
 * mail and stores nothing. The refusal is answered as next-auth answers its own errors, with an error code the
 * sign-in page and form put in words (src/lib/signInErrors.ts).
 */
import { isIP } from "node:net";
import { api } from "../../../convex/_generated/api";
import { sha256Hex } from "../../../convex/lib/hashing";
import { getBackend } from "../backend";
import { CLIENT_ADDRESS_HEADER } from "../http/clientAddress";
import { normalizeSignInEmail } from "./signInEmail";

/**
 * What one client is counted as: its IPv4 address, or its IPv6 /64 (one subscriber's usual allocation, so
 * rotating through a prefix's addresses gains nothing).
 */
export function clientKey(address: string): string {
  const mapped = address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  if (isIP(mapped) !== 6) return mapped;
  const [head, tail = ""] = mapped.toLowerCase().split("::");
  const left = head === "" ? [] : head.split(":");
  const right = mapped.includes("::") ? (tail === "" ? [] : tail.split(":")) : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

function emailOf(form: FormData): string | undefined {
  const value = form.get("email");
  if (typeof value !== "string") return undefined;
  try {
    return normalizeSignInEmail(value);
  } catch {
    return undefined;
  }
}

/** The answer to a refused sign-in mail request, or null to let next-auth handle it. */
export async function signInMailRefusal(req: Request): Promise<Response | null> {
  if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/signin/email")) return null;
  const form = await req
    .clone()
    .formData()
    .catch(() => undefined);
  // No address next-auth would accept: it refuses the request itself and sends nothing.
  const email = form && emailOf(form);
  if (!form || !email) return null;
  const client = req.headers.get(CLIENT_ADDRESS_HEADER);
  const decision = await (await getBackend()).mutation(api.signInMail.allow, {
    addressHash: await sha256Hex(`address:${email}`),
    clientHash: client ? await sha256Hex(`client:${clientKey(client)}`) : undefined,
  });
  if (decision.allowed) return null;

  const code = decision.scope === "address" ? "SignInMailAddressLimit" : "SignInMailClientLimit";
  const url = new URL(`/signin?error=${code}`, process.env.NEXTAUTH_URL ?? req.url).toString();
  const retryAfter = { "Retry-After": String(decision.retryAfterSeconds) };
  // next-auth's client (`signIn(…, { redirect: false })`) posts json=true and reads the error from `url`; a plain
  // form post is redirected to the sign-in page, which shows the same words.
  return form.get("json") === "true"
    ? Response.json({ url }, { status: 429, headers: retryAfter })
    : new Response(null, { status: 302, headers: { ...retryAfter, Location: url } });
}
