import { z } from "zod";

const addressSchema = z.email().max(254);

/** The sign-in page, coming back to `callbackUrl`, with `email` already in the form (an invite's address). */
export function signInPath({ callbackUrl, email }: { callbackUrl: string; email?: string }): string {
  const query = new URLSearchParams({ ...(email ? { email } : {}), callbackUrl });
  return `/signin?${query.toString()}`;
}

/** The `email` query parameter when it is one address, else nothing: a link may prefill the form, not fill it with junk. */
export function prefilledEmail(value: string | string[] | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const parsed = addressSchema.safeParse(value.trim());
  return parsed.success ? parsed.data : undefined;
}
