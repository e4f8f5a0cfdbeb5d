import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { GitHubSignInButton } from "@/components/GitHubSignInButton";
import { SignInForm } from "@/components/SignInForm";
import { signInErrorMessage } from "@/lib/signInErrors";
import { prefilledEmail } from "@/lib/signInPath";
import { mailDelivery } from "@/server/auth/mailDelivery";
import { githubConfigured } from "@/server/auth/options";
import { getSession } from "@/server/auth/session";

export const metadata: Metadata = { title: "Sign in" };

/** Only paths on this site: a sign-in page must never bounce someone to another origin. */
function safeCallback(value: string | string[] | undefined): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/dashboard";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  const delivery = mailDelivery();
  const error = typeof params.error === "string" ? signInErrorMessage(params.error) : undefined;

  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">We email you a link that signs you in — no password to remember.</p>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {delivery === "none" ? (
        <p className="alert alert-error" role="alert">
          Sign-in mail is not configured on this server, so no sign-in link can be sent. Its operator must set{" "}
          <code>SMTP_URL</code> and <code>EMAIL_FROM</code> (or, on a developer&apos;s own machine outside production, start it without <code>DEV_OUTBOX=false</code>).
        </p>
      ) : (
        <SignInForm callbackUrl={callbackUrl} outboxHint={delivery === "outbox"} defaultEmail={prefilledEmail(params.email)} />
      )}
      {githubConfigured() && (
        <div className="actions">
          <GitHubSignInButton callbackUrl={callbackUrl} />
        </div>
      )}
    </>
  );
}
