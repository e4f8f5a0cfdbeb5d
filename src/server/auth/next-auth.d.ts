import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  /** The session our `session` callback returns: next-auth's fields plus the user's id in convex/. */
  interface Session {
    user: DefaultSession["user"] & { id: string };
  }
}
