import { restApp } from "./app";

/**
 * The REST app as Next route handlers, for hosts that run Next alone. The custom server never routes REST
 * paths into Next; these exist so `next start` serves the same API, only slower.
 */
const handler = (request: Request): Response | Promise<Response> => restApp.fetch(request);

export { handler as DELETE, handler as GET, handler as OPTIONS, handler as PATCH, handler as POST, handler as PUT };
