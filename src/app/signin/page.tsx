import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { GitHubSignInButton } from "@/components/GitHubSignInButton";
import { SignInForm } from "@/components/SignInForm";
import { smtpConfigured } from "@/server/auth/mailer";
import { githubConfigured } from "@/server/auth/options";
import { getSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

/** next-auth's error codes, in words a person can act on. */
const errorMessages: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  EmailSignin: "The sign-in mail could not be sent. Try again in a moment.",
  OAuthAccountNotLinked: "That email address already signs in another way. Use the email link.",
  SessionRequired: "Sign in to see that page.",
};

/** Only paths on this site: a sign-in page must never bounce someone to another origin. */
function safeCallback(value: string | string[] | undefined): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/dashboard";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  const error = typeof params.error === "string" ? (errorMessages[params.error] ?? "Sign-in failed. Try again.") : undefined;

  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">We email you a link that signs you in — no password to remember.</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      <SignInForm callbackUrl={callbackUrl} outboxHint={!smtpConfigured()} />
      {githubConfigured() && (
        <div className="actions">
          <GitHubSignInButton callbackUrl={callbackUrl} />
        </div>
      )}
    </>
  );
}
