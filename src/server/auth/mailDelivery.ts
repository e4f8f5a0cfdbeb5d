/**
 * How this server delivers mail: through SMTP when it is configured, else to the development outbox when the
 * one who started the server said so (`DEV_OUTBOX=true`), else not at all. The outbox is never inferred from
 * where a request comes from: behind a reverse proxy on the same host every request comes from loopback
 * (operations.md, "Sign-in mail"). The server refuses DEV_OUTBOX under NODE_ENV=production at start
 * (`checkMailAtStart`); Next's bundle cannot tell production apart itself (it always sees "production").
 */
import { logger } from "../http/logger";

export type MailDelivery = "smtp" | "outbox" | "none";

/** Real mail needs both a server and a sender. */
export function smtpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.SMTP_URL && env.EMAIL_FROM);
}

export function mailDelivery(env: NodeJS.ProcessEnv = process.env): MailDelivery {
  if (smtpConfigured(env)) return "smtp";
  return env.DEV_OUTBOX === "true" ? "outbox" : "none";
}

/**
 * Run by the server before it listens, with the NODE_ENV it was started with. Production with DEV_OUTBOX fails
 * the start; production without SMTP starts (the API needs no mail) but says at once that nobody can sign in by
 * mail. Elsewhere, no delivery at all is a warning that tells a developer what to set.
 */
export function checkMailAtStart(env: NodeJS.ProcessEnv = process.env): void {
  const production = env.NODE_ENV === "production";
  if (env.DEV_OUTBOX !== undefined && !["", "true", "false"].includes(env.DEV_OUTBOX)) {
    throw new Error(`DEV_OUTBOX must be "true" or "false", got "${env.DEV_OUTBOX}"`);
  }
  if (production && env.DEV_OUTBOX === "true") {
    throw new Error("DEV_OUTBOX is for a developer's machine and cannot be set with NODE_ENV=production: configure SMTP_URL and EMAIL_FROM");
  }
  const delivery = mailDelivery(env);
  if (delivery === "none" && production) {
    logger.error("SMTP_URL and EMAIL_FROM are not set: sign-in and invite mail cannot be sent, so nobody can sign in by email");
  } else if (delivery === "none") {
    logger.warn("SMTP_URL and EMAIL_FROM are not set: sign-in mail cannot be sent. On your own machine, start with DEV_OUTBOX=true to read it at /dev/outbox");
  } else if (delivery === "outbox") {
    logger.warn("DEV_OUTBOX=true: mail is kept for 15 minutes at /dev/outbox, readable from this machine only; never run this behind a proxy");
  }
}
