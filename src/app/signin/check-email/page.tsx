import type { Metadata } from "next";
import { mailDelivery } from "@/server/auth/mailDelivery";

export const metadata: Metadata = { title: "Check your email" };

/** Where next-auth sends the browser after it mailed a link (the sign-in form normally stays on its page). */
export default function CheckEmailPage() {
  return (
    <>
      <h1>Check your email</h1>
      <p className="lead">A sign-in link is on its way. It works once and expires in 24 hours.</p>
      {mailDelivery() === "outbox" && (
        <p>
          This server keeps mail in its development outbox: open the <a href="/dev/outbox">dev outbox</a> to find the link.
        </p>
      )}
    </>
  );
}
