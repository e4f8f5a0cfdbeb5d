/**
 * Why a sign-in failed, in words a person can act on: next-auth's error codes and our own (the sign-in mail
 * limits, signInMailLimit.ts). Shared by the sign-in page (codes in its URL) and the form (codes from signIn()).
 */
export const SIGN_IN_ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  EmailSignin: "The sign-in mail could not be sent. Try again in a moment.",
  OAuthAccountNotLinked: "That email address already signs in another way. Use the email link.",
  SessionRequired: "Sign in to see that page.",
  SignInMailAddressLimit:
    "Too many sign-in links were asked for this address in the last 15 minutes. Use the newest link you received, or try again later.",
  SignInMailClientLimit: "Too many sign-in links were asked from your network in the last 15 minutes. Try again later.",
};

export function signInErrorMessage(code: string): string {
  return SIGN_IN_ERRORS[code] ?? "Sign-in failed. Try again.";
}
