import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { api } from "../../../../convex/_generated/api";
import { getBackend } from "@/server/backend";
import { smtpConfigured } from "@/server/auth/mailer";
import { LOOPBACK_HEADER } from "@/server/http/loopback";

export const metadata: Metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

const linkPattern = /https?:\/\/[^\s<>"']+/g;

/**
 * Mail the app would have sent, when no SMTP server is configured, so a newcomer can sign in offline. With SMTP
 * configured real mail goes out and this page does not exist. It holds everyone's sign-in links, so it answers
 * only requests from this machine (the custom server marks them); to anyone else it does not exist either.
 */
export default async function DevOutboxPage() {
  if (smtpConfigured() || (await headers()).get(LOOPBACK_HEADER) !== "1") notFound();
  const mails = await (await getBackend()).query(api.devOutbox.list, {});

  return (
    <>
      <h1>Dev outbox</h1>
      <p className="lead">
        No mail server is configured (<code>SMTP_URL</code>, <code>EMAIL_FROM</code>), so mail is kept here instead of being sent.
        Newest first.
      </p>
      {mails.length === 0 ? (
        <p className="card">No mail yet. Sign in with any address and the link appears here.</p>
      ) : (
        <ul className="list" aria-label="Captured mail">
          {mails.map((mail) => (
            <li key={mail.id} className="card">
              <h3>{mail.subject}</h3>
              <p>
                To <strong>{mail.to}</strong> · <time dateTime={new Date(mail.createdAt).toISOString()}>{new Date(mail.createdAt).toISOString()}</time>
              </p>
              <ul aria-label="Links in this mail">
                {(mail.text.match(linkPattern) ?? []).map((link) => (
                  <li key={link}>
                    <a href={link}>{link}</a>
                  </li>
                ))}
              </ul>
              <details>
                <summary>Text</summary>
                <p className="mail">{mail.text}</p>
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
