import { createHash } from "node:crypto";
import type { Adapter, AdapterAccount, AdapterSession, AdapterUser, VerificationToken } from "next-auth/adapters";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { getBackend } from "../backend";

/**
 * next-auth's Adapter over the convex/auth.ts functions. Session and verification tokens are hashed here with
 * SHA-256 before they leave the app server, so the database never holds a token that would sign someone in.
 * (next-auth already salts verification tokens with the secret; hashing every token here keeps one rule.)
 * Dates cross as epoch milliseconds.
 */

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

type StoredUser = { id: string; email: string; name?: string; image?: string; emailVerified: number | null };

function toUser(user: StoredUser): AdapterUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name ?? null,
    image: user.image ?? null,
    emailVerified: user.emailVerified === null ? null : new Date(user.emailVerified),
  };
}

function toSession(sessionToken: string, session: { userId: string; expires: number }): AdapterSession {
  return { sessionToken, userId: session.userId, expires: new Date(session.expires) };
}

const millis = (date: Date | null | undefined) => (date ? date.getTime() : date);

export function convexAdapter(): Adapter {
  return {
    async createUser(user: Omit<AdapterUser, "id">) {
      const backend = await getBackend();
      return toUser(
        await backend.mutation(api.auth.createUser, {
          email: user.email,
          name: user.name,
          image: user.image,
          emailVerified: millis(user.emailVerified),
        }),
      );
    },
    async getUser(id) {
      const user = await (await getBackend()).query(api.auth.getUser, { id });
      return user ? toUser(user) : null;
    },
    async getUserByEmail(email) {
      const user = await (await getBackend()).query(api.auth.getUserByEmail, { email });
      return user ? toUser(user) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const user = await (await getBackend()).query(api.auth.getUserByAccount, { provider, providerAccountId });
      return user ? toUser(user) : null;
    },
    async updateUser({ id, email, name, image, emailVerified }) {
      const backend = await getBackend();
      return toUser(await backend.mutation(api.auth.updateUser, { id, email, name, image, emailVerified: millis(emailVerified) }));
    },
    async deleteUser(id) {
      await (await getBackend()).mutation(api.auth.deleteUser, { id });
    },
    async linkAccount({ userId, type, provider, providerAccountId }: AdapterAccount) {
      // Only the account's identity is kept: sign-in never needs the provider's OAuth tokens.
      await (await getBackend()).mutation(api.auth.linkAccount, { userId: userId as Id<"users">, type, provider, providerAccountId });
    },
    async unlinkAccount({ provider, providerAccountId }: Pick<AdapterAccount, "provider" | "providerAccountId">) {
      await (await getBackend()).mutation(api.auth.unlinkAccount, { provider, providerAccountId });
    },
    async createSession({ sessionToken, userId, expires }) {
      const backend = await getBackend();
      const session = await backend.mutation(api.auth.createSession, {
        sessionTokenHash: hashToken(sessionToken),
        userId: userId as Id<"users">,
        expires: expires.getTime(),
      });
      return toSession(sessionToken, session);
    },
    async getSessionAndUser(sessionToken) {
      const found = await (await getBackend()).query(api.auth.getSessionAndUser, { sessionTokenHash: hashToken(sessionToken) });
      return found ? { session: toSession(sessionToken, found.session), user: toUser(found.user) } : null;
    },
    async updateSession({ sessionToken, expires }) {
      const backend = await getBackend();
      const session = await backend.mutation(api.auth.updateSession, {
        sessionTokenHash: hashToken(sessionToken),
        expires: expires?.getTime(),
      });
      return session ? toSession(sessionToken, session) : null;
    },
    async deleteSession(sessionToken) {
      await (await getBackend()).mutation(api.auth.deleteSession, { sessionTokenHash: hashToken(sessionToken) });
    },
    async createVerificationToken({ identifier, token, expires }): Promise<VerificationToken> {
      const backend = await getBackend();
      await backend.mutation(api.auth.createVerificationToken, { identifier, tokenHash: hashToken(token), expires: expires.getTime() });
      return { identifier, token, expires };
    },
    async useVerificationToken({ identifier, token }) {
      const used = await (await getBackend()).mutation(api.auth.useVerificationToken, { identifier, tokenHash: hashToken(token) });
      return used ? { identifier, token, expires: new Date(used.expires) } : null;
    },
  };
}
