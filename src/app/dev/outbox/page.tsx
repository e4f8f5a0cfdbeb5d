import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { api } from "../../../../convex/_generated/api";
import { getBackend } from "@/server/backend";
import { mailDelivery } from "@/server/auth/mailDelivery";
import { isOutboxAccessSecret, OUTBOX_ACCESS_COOKIE } from "@/server/auth/outboxAccess";
import { localOutboxAccessSecret, openMailBody } from "@/server/auth/outboxSeal";
import { LOOPBACK_HEADER } from "@/server/http/loopback";

export const metadata: Metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

const linkPattern = /https?:\/\/[^\s<>"']+/g;

/**
 * Mail the app would have sent, on a developer's machine without SMTP (the outbox is on by default outside
 * production, see mailDelivery.ts), so a newcomer can sign in offline. It holds everyone's sign-in links, so it
 * shows them only to a browser holding the access secret the server's console printed (the open link,
 * `open/route.ts`): where a request comes from proves nothing behind a same-host proxy. On top of that it
 * answers only requests the custom server saw come straight from this machine; to anyone else, and without the
 * outbox, it does not exist. Mail is kept 15 minutes, sealed; it is opened here for the page only.
 */
export default async function DevOutboxPage() {
  if (mailDelivery() !== "outbox" || (await headers()).get(LOOPBACK_HEADER) !== "1") notFound();
  if (!isOutboxAccessSecret((await cookies()).get(OUTBOX_ACCESS_COOKIE)?.value, localOutboxAccessSecret())) {
    return (
      <>
        <h1>Dev outbox</h1>
        <p className="card">
          To read the mail kept here, open the dev outbox link printed in the server&apos;s console (the terminal where you ran <code>npm start</code>).
        </p>
      </>
    );
  }
  const rows = await (await getBackend()).query(api.devOutbox.list, {});
  const mails = await Promise.all(
    rows.map(async ({ bodyCiphertext, text, ...mail }) => ({ ...mail, text: bodyCiphertext ? ((await openMailBody(bodyCiphertext))?.text ?? null) : (text ?? "") })),
  );

  return (
    <>
      <h1>Dev outbox</h1>
      <p className="lead">
        This server runs outside production with no mail server (<code>SMTP_URL</code>, <code>EMAIL_FROM</code>), so mail is kept
        here for 15 minutes instead of being sent. Newest first.
      </p>
      {mails.length === 0 ? (
        <p className="card">No mail in the last 15 minutes. Sign in with any address and the link appears here.</p>
      ) : (
        <ul className="list" aria-label="Captured mail">
          {mails.map((mail) => (
            <li key={mail.id} className="card">
              <h3>{mail.subject}</h3>
              <p>
                To <strong>{mail.to}</strong> · <time dateTime={new Date(mail.createdAt).toISOString()}>{new Date(mail.createdAt).toISOString()}</time>
              </p>
              {mail.text === null ? (
                <p className="alert alert-error">This mail was sealed under another outbox key (DATA_DIR/dev-outbox.key changed) and cannot be read.</p>
              ) : (
                <>
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
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
