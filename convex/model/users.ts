/** Users are keyed by lowercased email; these helpers keep that rule in one place. */
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(ctx: QueryCtx, email: string): Promise<Doc<"users"> | null> {
  return ctx.db
    .query("users")
    .withIndex("by_email", (q) => q.eq("email", normalizeEmail(email)))
    .unique();
}

/** The user with this email, created (unverified, nameless) when there is none yet. */
export async function findOrCreateUserByEmail(ctx: MutationCtx, email: string): Promise<Doc<"users">> {
  const existing = await findUserByEmail(ctx, email);
  if (existing) return existing;
  const id = await ctx.db.insert("users", { email: normalizeEmail(email) });
  return (await ctx.db.get(id))!;
}
