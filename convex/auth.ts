/**
 * The next-auth v4 Adapter's storage, one server function per adapter method (src/server/auth wraps them).
 *
 * Token contract: the app hashes session tokens and verification tokens (SHA-256, lowercase hex) before
 * calling, so these functions only ever see, store and look up hashes; an argument that is not a hash is
 * refused, which catches a caller that forgot to hash. Dates cross as epoch ms (`emailVerified`, `expires`).
 * Provider OAuth tokens are not stored: sign-in only needs the account's identity.
 */
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import { internalMutation, type MutationCtx, type QueryCtx } from "./_generated/server";
import { appError } from "./lib/errors";
import { isSha256Hex } from "./lib/hashing";
import { serverMutation, serverQuery } from "./lib/serverFunctions";
import { recordAnalyticsEvent } from "./model/analytics";
import { findUserByEmail, normalizeEmail } from "./model/users";

const vUser = v.object({
  id: v.id("users"),
  email: v.string(),
  name: v.optional(v.string()),
  image: v.optional(v.string()),
  emailVerified: v.union(v.number(), v.null()),
});
const vSession = v.object({ sessionTokenHash: v.string(), userId: v.id("users"), expires: v.number() });
const vVerificationToken = v.object({ identifier: v.string(), tokenHash: v.string(), expires: v.number() });
/** next-auth sends `null` for absent profile fields. */
const vNullableString = v.optional(v.union(v.string(), v.null()));

function toAdapterUser(user: Doc<"users">) {
  return {
    id: user._id,
    email: user.email,
    ...(user.name !== undefined ? { name: user.name } : {}),
    ...(user.image !== undefined ? { image: user.image } : {}),
    emailVerified: user.emailVerified ?? null,
  };
}

function toSession(session: Doc<"sessions">) {
  return { sessionTokenHash: session.sessionTokenHash, userId: session.userId, expires: session.expires };
}

function requireHash(value: string): void {
  if (!isSha256Hex(value)) throw appError("VALIDATION_ERROR", "Tokens must be passed as SHA-256 hex hashes.");
}

async function userById(ctx: QueryCtx, id: string): Promise<Doc<"users"> | null> {
  // Ids come from JWTs and cookies: anything that is not a users id is simply "no such user".
  const userId = ctx.db.normalizeId("users", id);
  return userId ? ctx.db.get(userId) : null;
}

async function sessionByHash(ctx: QueryCtx, sessionTokenHash: string): Promise<Doc<"sessions"> | null> {
  requireHash(sessionTokenHash);
  return ctx.db
    .query("sessions")
    .withIndex("by_token_hash", (q) => q.eq("sessionTokenHash", sessionTokenHash))
    .unique();
}

/** Signed up = signed in once; a user verified before `signedUpAt` existed has signed up already. */
function isSignedUp(user: Doc<"users">): boolean {
  return user.signedUpAt !== undefined || user.emailVerified !== undefined;
}

/** Marks the user's first sign-in, once, with its funnel event in the same transaction. */
async function markSignedUp(ctx: MutationCtx, userId: Id<"users">): Promise<void> {
  await ctx.db.patch(userId, { signedUpAt: Date.now() });
  await recordAnalyticsEvent(ctx, { event: "signed_up", actor: { kind: "user", userId } });
}

async function deleteAll(ctx: MutationCtx, docs: { _id: Id<"accounts" | "sessions" | "members"> }[]): Promise<void> {
  await Promise.all(docs.map((doc) => ctx.db.delete(doc._id)));
}

/** Creates a user; when one with this email already exists (an invited or operator-created owner), returns it, completed. */
export const createUser = serverMutation({
  args: { email: v.string(), name: vNullableString, image: vNullableString, emailVerified: v.optional(v.union(v.number(), v.null())) },
  returns: vUser,
  handler: async (ctx, args) => {
    const profile = {
      ...(args.name ? { name: args.name } : {}),
      ...(args.image ? { image: args.image } : {}),
      ...(args.emailVerified != null ? { emailVerified: args.emailVerified } : {}),
    };
    const existing = await findUserByEmail(ctx, args.email);
    if (existing) {
      await ctx.db.patch(existing._id, profile);
      // An invite or the CLI made this user; this is their first sign-in.
      if (!isSignedUp(existing)) await markSignedUp(ctx, existing._id);
      return toAdapterUser((await ctx.db.get(existing._id))!);
    }
    const id = await ctx.db.insert("users", { email: normalizeEmail(args.email), ...profile });
    await markSignedUp(ctx, id);
    return toAdapterUser((await ctx.db.get(id))!);
  },
});

export const getUser = serverQuery({
  args: { id: v.string() },
  returns: v.union(vUser, v.null()),
  handler: async (ctx, { id }) => {
    const user = await userById(ctx, id);
    return user ? toAdapterUser(user) : null;
  },
});

export const getUserByEmail = serverQuery({
  args: { email: v.string() },
  returns: v.union(vUser, v.null()),
  handler: async (ctx, { email }) => {
    const user = await findUserByEmail(ctx, email);
    return user ? toAdapterUser(user) : null;
  },
});

export const getUserByAccount = serverQuery({
  args: { provider: v.string(), providerAccountId: v.string() },
  returns: v.union(vUser, v.null()),
  handler: async (ctx, { provider, providerAccountId }) => {
    const account = await ctx.db
      .query("accounts")
      .withIndex("by_provider_account", (q) => q.eq("provider", provider).eq("providerAccountId", providerAccountId))
      .unique();
    const user = account ? await ctx.db.get(account.userId) : null;
    return user ? toAdapterUser(user) : null;
  },
});

export const updateUser = serverMutation({
  args: {
    id: v.string(),
    email: v.optional(v.string()),
    name: vNullableString,
    image: vNullableString,
    emailVerified: v.optional(v.union(v.number(), v.null())),
  },
  returns: vUser,
  handler: async (ctx, { id, email, name, image, emailVerified }) => {
    const user = await userById(ctx, id);
    if (!user) throw appError("NOT_FOUND", "User not found.");
    if (email !== undefined) {
      const holder = await findUserByEmail(ctx, email);
      if (holder && holder._id !== user._id) throw appError("CONFLICT", "Another user has this email address.");
    }
    // A magic link's first use completes a user an invite or the CLI made (next-auth verifies through updateUser).
    if (emailVerified != null && !isSignedUp(user)) await markSignedUp(ctx, user._id);
    // `null` clears a field, `undefined` leaves it alone (next-auth's partial-update semantics).
    await ctx.db.patch(user._id, {
      ...(email !== undefined ? { email: normalizeEmail(email) } : {}),
      ...(name !== undefined ? { name: name ?? undefined } : {}),
      ...(image !== undefined ? { image: image ?? undefined } : {}),
      ...(emailVerified !== undefined ? { emailVerified: emailVerified ?? undefined } : {}),
    });
    return toAdapterUser((await ctx.db.get(user._id))!);
  },
});

/** Sessions one transaction deletes: a user who signed in on many browsers may have thousands (none expire by themselves). */
export const SESSION_DELETION_PAGE = 1_000;

/** Deletes up to SESSION_DELETION_PAGE of the user's sessions; true when none is left. */
async function deleteSessionsPage(ctx: MutationCtx, userId: Id<"users">): Promise<boolean> {
  const sessions = await ctx.db
    .query("sessions")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .take(SESSION_DELETION_PAGE);
  await deleteAll(ctx, sessions);
  return sessions.length < SESSION_DELETION_PAGE;
}

/**
 * Deletes a user with their accounts, sessions and memberships; an owner must transfer ownership first. The user,
 * memberships, accounts and a first page of sessions go at once; further sessions in scheduled pages (a session
 * whose user is gone already answers nothing: `getSessionAndUser` is null).
 */
export const deleteUser = serverMutation({
  args: { id: v.string() },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const user = await userById(ctx, id);
    if (!user) return null;
    const memberships = await ctx.db
      .query("members")
      .withIndex("by_user", (q) => q.eq("userId", user._id))
      .collect();
    if (memberships.some((m) => m.role === "owner")) {
      throw appError("FORBIDDEN", "An owner must transfer ownership of their teams before being deleted.");
    }
    await deleteAll(ctx, memberships);
    await deleteAll(ctx, await ctx.db.query("accounts").withIndex("by_user", (q) => q.eq("userId", user._id)).collect());
    if (!(await deleteSessionsPage(ctx, user._id))) await ctx.scheduler.runAfter(0, internal.auth.purgeUserSessions, { userId: user._id });
    await ctx.db.delete(user._id);
    return null;
  },
});

/** The next page of a deleted user's sessions; schedules itself until none is left. */
export const purgeUserSessions = internalMutation({
  args: { userId: v.id("users") },
  returns: v.object({ done: v.boolean() }),
  handler: async (ctx, { userId }) => {
    const done = await deleteSessionsPage(ctx, userId);
    if (!done) await ctx.scheduler.runAfter(0, internal.auth.purgeUserSessions, { userId });
    return { done };
  },
});

export const linkAccount = serverMutation({
  args: { userId: v.id("users"), type: v.string(), provider: v.string(), providerAccountId: v.string() },
  returns: v.null(),
  handler: async (ctx, args) => {
    if (!(await ctx.db.get(args.userId))) throw appError("NOT_FOUND", "User not found.");
    const existing = await ctx.db
      .query("accounts")
      .withIndex("by_provider_account", (q) => q.eq("provider", args.provider).eq("providerAccountId", args.providerAccountId))
      .unique();
    if (existing && existing.userId !== args.userId) throw appError("CONFLICT", "This account is linked to another user.");
    if (!existing) await ctx.db.insert("accounts", args);
    return null;
  },
});

export const unlinkAccount = serverMutation({
  args: { provider: v.string(), providerAccountId: v.string() },
  returns: v.null(),
  handler: async (ctx, { provider, providerAccountId }) => {
    const account = await ctx.db
      .query("accounts")
      .withIndex("by_provider_account", (q) => q.eq("provider", provider).eq("providerAccountId", providerAccountId))
      .unique();
    if (account) await ctx.db.delete(account._id);
    return null;
  },
});

export const createSession = serverMutation({
  args: vSession.fields,
  returns: vSession,
  handler: async (ctx, args) => {
    requireHash(args.sessionTokenHash);
    if (!(await ctx.db.get(args.userId))) throw appError("NOT_FOUND", "User not found.");
    const id = await ctx.db.insert("sessions", args);
    return toSession((await ctx.db.get(id))!);
  },
});

/** The session and its user; null when unknown or expired (an expired session is as good as none). */
export const getSessionAndUser = serverQuery({
  args: { sessionTokenHash: v.string() },
  returns: v.union(v.object({ session: vSession, user: vUser }), v.null()),
  handler: async (ctx, { sessionTokenHash }) => {
    const session = await sessionByHash(ctx, sessionTokenHash);
    if (!session || session.expires <= Date.now()) return null;
    const user = await ctx.db.get(session.userId);
    return user ? { session: toSession(session), user: toAdapterUser(user) } : null;
  },
});

export const updateSession = serverMutation({
  args: { sessionTokenHash: v.string(), expires: v.optional(v.number()) },
  returns: v.union(vSession, v.null()),
  handler: async (ctx, { sessionTokenHash, expires }) => {
    const session = await sessionByHash(ctx, sessionTokenHash);
    if (!session) return null;
    if (expires !== undefined) await ctx.db.patch(session._id, { expires });
    return toSession((await ctx.db.get(session._id))!);
  },
});

export const deleteSession = serverMutation({
  args: { sessionTokenHash: v.string() },
  returns: v.null(),
  handler: async (ctx, { sessionTokenHash }) => {
    const session = await sessionByHash(ctx, sessionTokenHash);
    if (session) await ctx.db.delete(session._id);
    return null;
  },
});

export const createVerificationToken = serverMutation({
  args: vVerificationToken.fields,
  returns: vVerificationToken,
  handler: async (ctx, args) => {
    requireHash(args.tokenHash);
    await ctx.db.insert("verificationTokens", args);
    return args;
  },
});

/** Single use: the token is deleted whether or not it is still valid; an expired one answers null. */
export const useVerificationToken = serverMutation({
  args: { identifier: v.string(), tokenHash: v.string() },
  returns: v.union(vVerificationToken, v.null()),
  handler: async (ctx, { identifier, tokenHash }) => {
    requireHash(tokenHash);
    const token = await ctx.db
      .query("verificationTokens")
      .withIndex("by_identifier_token_hash", (q) => q.eq("identifier", identifier).eq("tokenHash", tokenHash))
      .unique();
    if (!token) return null;
    await ctx.db.delete(token._id);
    if (token.expires <= Date.now()) return null;
    return { identifier: token.identifier, tokenHash: token.tokenHash, expires: token.expires };
  },
});
