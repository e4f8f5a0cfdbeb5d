import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import GitHubProvider from "next-auth/providers/github";
import { convexAdapter } from "./adapter";
import { magicLinkMail } from "./magicLink";
import { sendMail } from "./mailer";
import { resolveAuthSecret } from "./secret";
import { normalizeSignInEmail } from "./signInEmail";

const day = 24 * 60 * 60;

export function githubConfigured(): boolean {
  return Boolean(process.env.GITHUB_ID && process.env.GITHUB_SECRET);
}

function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    EmailProvider({
      // Our mailer decides between SMTP and the dev outbox; next-auth's own transport is never used.
      maxAge: day,
      // The same spelling the sign-in mail limit counts (signInMailLimit.ts).
      normalizeIdentifier: normalizeSignInEmail,
      sendVerificationRequest: ({ identifier, url }) => sendMail(magicLinkMail(identifier, url)),
    }),
  ];
  if (githubConfigured()) {
    list.push(GitHubProvider({ clientId: process.env.GITHUB_ID ?? "", clientSecret: process.env.GITHUB_SECRET ?? "" }));
  }
  return list;
}

export const authOptions: NextAuthOptions = {
  adapter: convexAdapter(),
  // Database sessions: signing out or deleting a session row ends it at once, unlike a JWT.
  session: { strategy: "database", maxAge: 30 * day, updateAge: day },
  providers: providers(),
  pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin" },
  callbacks: {
    // Procedures need the user's id; the session callback is the one place next-auth hands it over.
    session: ({ session, user }) => ({ ...session, user: { ...session.user, id: user.id } }),
  },
  // Read at request time, not when the module loads: `next build` imports this module without any secret.
  get secret() {
    return process.env.NEXTAUTH_SECRET ?? resolveAuthSecret();
  },
};
