import { api } from "../../../../convex/_generated/api";
import { version } from "../../http/version";
import { createTRPCRouter, publicProcedure } from "../init";

export const healthRouter = createTRPCRouter({
  /** The same round trip as REST's /api/health, for the portal to show whether its backend answers. */
  check: publicProcedure.query(async ({ ctx }) => {
    await ctx.backend.query(api.system.health, {});
    return { status: "ok" as const, backend: ctx.backend.kind, version };
  }),
});
