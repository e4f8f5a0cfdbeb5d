import type { RequestIdVariables } from "hono/request-id";
import type { ApiEndpoint, ApiMethod } from "../../../convex/lib/apiOutcome";

/** An authenticated route's call, as its middleware (middleware/authenticated.ts) found it. */
export interface ApiCallState {
  endpoint: ApiEndpoint;
  method: ApiMethod;
  /** SHA-256 hex of the presented key; whether the key is good is the backend's to say. */
  keyHash: string;
  /** The call went to the backend, which recorded whatever it answered: nothing is left to record here. */
  sent: boolean;
}

/** The Hono environment every REST module shares: what middleware puts in the context for later handlers. */
export interface RestEnv {
  Variables: RequestIdVariables & {
    /** When the request arrived (epoch ms): usage records response time from here. */
    receivedAt: number;
    /** Set on authenticated routes only. */
    apiCall: ApiCallState;
    /** The key's team, set once a failed call was recorded for it (for error reports: never an email). */
    teamId: string;
  };
}
