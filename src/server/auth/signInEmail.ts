import { z } from "zod";

const email = z.email().max(320);

/**
 * The one spelling of a sign-in address: next-auth's identifier (given to it as `normalizeIdentifier`) and the
 * sign-in mail limit's key, so no variant of an address (case, spaces, next-auth's default tolerance of
 * "a@b.test,c") gets a count of its own. Throws on anything but one plain address; next-auth then sends nothing.
 */
export function normalizeSignInEmail(identifier: string): string {
  return email.parse(identifier.normalize("NFKC").trim().toLowerCase());
}
