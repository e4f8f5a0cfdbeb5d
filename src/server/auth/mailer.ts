import { createTransport, type Transporter } from "nodemailer";
import { api } from "../../../convex/_generated/api";
import { getBackend } from "../backend";
import { logger } from "../http/logger";
import { mailDelivery } from "./mailDelivery";
import { sealMailBody } from "./outboxSeal";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

let transport: Transporter | undefined;

async function sendSmtp(mail: Mail): Promise<void> {
  transport ??= createTransport(process.env.SMTP_URL);
  await transport.sendMail({ from: process.env.EMAIL_FROM, ...mail });
}

/**
 * The dev outbox: the mail is kept, sealed, for the outbox page. Nothing of its body is logged or printed: a magic
 * link in a log signs in whoever reads the log.
 */
async function sendToOutbox(mail: Mail): Promise<void> {
  const backend = await getBackend();
  await backend.mutation(api.devOutbox.add, { to: mail.to, subject: mail.subject, bodyCiphertext: await sealMailBody({ text: mail.text, html: mail.html }) });
  logger.info({ subject: mail.subject }, "mail kept in the dev outbox (no SMTP)");
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super("Mail cannot be sent: SMTP_URL and EMAIL_FROM are not set (and DEV_OUTBOX is off)");
  }
}

/** Sends every mail the app sends (magic links, invites, notifications). */
export function sendMail(mail: Mail): Promise<void> {
  switch (mailDelivery()) {
    case "smtp":
      return sendSmtp(mail);
    case "outbox":
      return sendToOutbox(mail);
    case "none":
      return Promise.reject(new MailNotConfiguredError());
  }
}
