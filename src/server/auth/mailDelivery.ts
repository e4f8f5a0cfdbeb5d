/**
 * How this server delivers mail: through SMTP when it is configured, else to the development outbox (on by
 * default outside production, `DEV_OUTBOX=false` turns it off), else not at all. The outbox is read only with
 * the access secret the server's console shows (outboxAccess.ts), never on the strength of where a request comes
 * from: behind a reverse proxy on the same host every request comes from loopback (operations.md, "Sign-in
 * mail"). Next's bundle always sees NODE_ENV as "production", so the server pins DEV_OUTBOX before Next starts
 * (`pinDevOutbox`) and refuses DEV_OUTBOX=true under NODE_ENV=production (`checkMailAtStart`).
 */
import { logger } from "../http/logger";

export type MailDelivery = "smtp" | "outbox" | "none";

/** Real mail needs both a server and a sender. */
export function smtpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.SMTP_URL && env.EMAIL_FROM);
}

/** Unset or empty means the default: on outside production. Any value but "true" or "false" fails the start. */
export function devOutboxOn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.DEV_OUTBOX === "true" || (!env.DEV_OUTBOX && env.NODE_ENV !== "production");
}

export function mailDelivery(env: NodeJS.ProcessEnv = process.env): MailDelivery {
  if (smtpConfigured(env)) return "smtp";
  return devOutboxOn(env) ? "outbox" : "none";
}

/**
 * Run by the server before it listens, with the NODE_ENV it was started with. Production with DEV_OUTBOX=true
 * fails the start; production without SMTP starts (the API needs no mail) but says at once that nobody can sign
 * in by mail. Elsewhere, no delivery at all (DEV_OUTBOX=false) is a warning that tells a developer what to set.
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
    logger.warn("SMTP_URL and EMAIL_FROM are not set and DEV_OUTBOX=false: sign-in mail cannot be sent. Unset DEV_OUTBOX to read it in the dev outbox");
  } else if (delivery === "outbox") {
    logger.warn("no SMTP_URL and EMAIL_FROM: mail is kept for 15 minutes in the dev outbox, opened through the link printed on the console");
  }
}

/** Writes the outcome of the default into the environment, for Next's bundle (which cannot see the real NODE_ENV). */
export function pinDevOutbox(env: NodeJS.ProcessEnv = process.env): void {
  env.DEV_OUTBOX = String(devOutboxOn(env));
}
