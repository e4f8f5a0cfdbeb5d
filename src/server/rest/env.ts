import type { RequestIdVariables } from "hono/request-id";

/** The Hono environment every REST module shares: what middleware puts in the context for later handlers. */
export interface RestEnv {
  Variables: RequestIdVariables & {
    /** When the request arrived (epoch ms): usage records response time from here. */
    receivedAt: number;
  };
}
