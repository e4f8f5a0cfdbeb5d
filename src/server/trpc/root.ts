import { createCallerFactory, createTRPCRouter } from "./init";
import { apiKeysRouter } from "./routers/apiKeys";
import { auditRouter } from "./routers/audit";
import { billingRouter } from "./routers/billing";
import { healthRouter } from "./routers/health";
import { invitesRouter } from "./routers/invites";
import { membersRouter } from "./routers/members";
import { operatorRouter } from "./routers/operator";
import { overviewRouter } from "./routers/overview";
import { teamsRouter } from "./routers/teams";
import { usageRouter } from "./routers/usage";
import { webhooksRouter } from "./routers/webhooks";

/** The portal's API: one router per domain. */
export const appRouter = createTRPCRouter({
  health: healthRouter,
  teams: teamsRouter,
  overview: overviewRouter,
  members: membersRouter,
  invites: invitesRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  webhooks: webhooksRouter,
  billing: billingRouter,
  operator: operatorRouter,
  usage: usageRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process, for server components and tests. */
export const createCaller = createCallerFactory(appRouter);
