import type { Mail } from "./mailer";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The sign-in mail: a plain-text part any client shows, and a minimal HTML part with a button. */
export function magicLinkMail(to: string, url: string): Mail {
  const host = new URL(url).host;
  return {
    to,
    subject: `Sign in to GhostSpeak`,
    text: `Sign in to GhostSpeak (${host}):\n${url}\n\nThe link works once and expires in 24 hours. If you did not ask for it, ignore this mail.\n`,
    html:
      `<p>Sign in to GhostSpeak (${escapeHtml(host)}):</p>` +
      `<p><a href="${escapeHtml(url)}">Sign in</a></p>` +
      `<p>The link works once and expires in 24 hours. If you did not ask for it, ignore this mail.</p>`,
  };
}
