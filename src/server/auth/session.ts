import { getServerSession, type Session } from "next-auth";
import { cache } from "react";
import { authOptions } from "./options";

/** The signed-in user's session in a server component or route handler; read once per request. */
export const getSession: () => Promise<Session | null> = cache(() => getServerSession(authOptions));
