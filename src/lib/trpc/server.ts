import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { cache } from "react";
import { getSession } from "@/server/auth/session";
import { createTRPCContext } from "@/server/trpc/init";
import { type AppRouter, createCaller } from "@/server/trpc/root";
import { makeQueryClient } from "./queryClient";

/** One context and one query client per server render (React's `cache` scopes them to the request). */
const createContext = cache(async () => createTRPCContext({ session: await getSession() }));
const getQueryClient = cache(makeQueryClient);

/**
 * For server components: `await api.teams.list()` calls the procedure in-process, and `HydrateClient` hands
 * what was prefetched with `api.x.prefetch()` to the client hooks.
 */
export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(createCaller(createContext), getQueryClient);
