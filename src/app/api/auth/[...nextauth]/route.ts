import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";
import { signInMailRefusal } from "@/server/auth/signInMailLimit";

const nextAuth = NextAuth(authOptions);

/** Sign-in mail requests pass the per-address and per-client limits before next-auth sees them. */
async function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return (await signInMailRefusal(req)) ?? nextAuth(req, context);
}

export { handler as GET, handler as POST };
