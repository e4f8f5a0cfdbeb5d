import { requestId as honoRequestId } from "hono/request-id";

/**
 * `X-Request-Id` on every answer. An incoming id is kept when it is short and made of `[A-Za-z0-9_=-]` (so a
 * caller can correlate with its own logs); anything else is replaced by a fresh UUID.
 */
export const requestId = () => honoRequestId({ limitLength: 128 });
