import type { Metadata } from "next";
import { smtpConfigured } from "@/server/auth/mailer";

export const metadata: Metadata = { title: "Check your email" };

/** Where next-auth sends the browser after it mailed a link (the sign-in form normally stays on its page). */
export default function CheckEmailPage() {
  return (
    <>
      <h1>Check your email</h1>
      <p className="lead">A sign-in link is on its way. It works once and expires in 24 hours.</p>
      {!smtpConfigured() && (
        <p>
          No mail server is configured: open the <a href="/dev/outbox">dev outbox</a> to find the link.
        </p>
      )}
    </>
  );
}
