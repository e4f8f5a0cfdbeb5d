import { createCallerFactory, createTRPCRouter } from "./init";
import { healthRouter } from "./routers/health";
import { teamsRouter } from "./routers/teams";

/** The portal's API: one router per domain. */
export const appRouter = createTRPCRouter({
  health: healthRouter,
  teams: teamsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process, for server components and tests. */
export const createCaller = createCallerFactory(appRouter);
