import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { reportTrpcError } from "@/server/trpc/errorReport";
import { createTRPCContext } from "@/server/trpc/init";
import { requestSource } from "@/server/trpc/requestOrigin";
import { appRouter } from "@/server/trpc/root";

/** An incoming `X-Request-Id` is kept on the REST API's terms (short, `[A-Za-z0-9_=-]`); anything else is replaced. */
const SAFE_REQUEST_ID = /^[\w=-]{1,128}$/;

const handler = (req: Request) => {
  const incoming = req.headers.get("x-request-id");
  const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => createTRPCContext({ session: await getServerSession(authOptions), requestId, requestSource: requestSource(req.headers) }),
    responseMeta: () => ({ headers: { "x-request-id": requestId } }),
    // Only INTERNAL_SERVER_ERROR is logged and reported to Sentry (src/server/trpc/errorReport.ts).
    onError: ({ error, path, ctx, input }) => reportTrpcError({ error, path, ctx, input, requestId }),
  });
};

export { handler as GET, handler as POST };
