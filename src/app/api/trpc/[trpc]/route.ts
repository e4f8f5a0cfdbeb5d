import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { logger } from "@/server/http/logger";
import { createTRPCContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => createTRPCContext({ session: await getServerSession(authOptions) }),
    onError: ({ error, path }) => {
      // Expected refusals (UNAUTHORIZED, FORBIDDEN, BAD_REQUEST…) are the caller's business; only log ours.
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "tRPC procedure failed");
    },
  });

export { handler as GET, handler as POST };
