import type { MiddlewareHandler } from "hono";
import { runtimeHeaderOptions, securityHeaders as headersFor } from "../../http/securityHeaders";

/** Sets SPEC §9's headers on every answer, errors included (they are rendered before this runs on the way out). */
export function securityHeaders(): MiddlewareHandler {
  const headers = Object.entries(headersFor(runtimeHeaderOptions("api")));
  return async (c, next) => {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  };
}
