import { createTransport, type Transporter } from "nodemailer";
import { api } from "../../../convex/_generated/api";
import { getBackend } from "../backend";
import { logger } from "../http/logger";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Real mail needs both a server and a sender; with either missing, mail goes to the development outbox. */
export function smtpConfigured(): boolean {
  return Boolean(process.env.SMTP_URL && process.env.EMAIL_FROM);
}

let transport: Transporter | undefined;

async function sendSmtp(mail: Mail): Promise<void> {
  transport ??= createTransport(process.env.SMTP_URL);
  await transport.sendMail({ from: process.env.EMAIL_FROM, ...mail });
}

/**
 * Without SMTP a newcomer must still be able to sign in offline: the mail is kept in the outbox the portal shows
 * at /dev/outbox and its text (with any link) is printed to the console.
 */
async function sendToOutbox(mail: Mail): Promise<void> {
  const backend = await getBackend();
  await backend.mutation(api.devOutbox.add, mail);
  logger.info({ to: mail.to, subject: mail.subject }, "mail captured in the dev outbox (SMTP_URL/EMAIL_FROM not set)");
  // Plain text on stderr, so the link is clickable in a terminal (stdout is kept for what commands print).
  process.stderr.write(`\n--- mail to ${mail.to}: ${mail.subject} ---\n${mail.text}---\n\n`);
}

/** Sends every mail the app sends (magic links, invites, notifications). */
export function sendMail(mail: Mail): Promise<void> {
  return smtpConfigured() ? sendSmtp(mail) : sendToOutbox(mail);
}
