import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../errors";

/** SPEC §2: request bodies of the public API are JSON of at most 64 KiB. */
export const maxBodyBytes = 64 * 1024;

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

function hasBody(request: Request): boolean {
  return request.body !== null && request.headers.get("content-length") !== "0";
}

/** Refuses an oversized body before a byte of it is parsed (by Content-Length, or while streaming). */
const limitSize = bodyLimit({
  maxSize: maxBodyBytes,
  onError: () => {
    throw new ApiError("PAYLOAD_TOO_LARGE", `The request body exceeds ${maxBodyBytes} bytes.`);
  },
});

/**
 * Refuses a body of another type, and malformed JSON, for every route at once, so no handler can forget to and
 * a broken body is always a 400, never a 500. The text read here is cached by Hono, so the route's validator
 * parses the same bytes without reading the stream again.
 */
const requireJson: MiddlewareHandler = async (c, next) => {
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0].trim();
  if (!jsonMediaType.test(mediaType)) {
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
  }
  const text = await c.req.text();
  try {
    JSON.parse(text);
  } catch {
    throw new ApiError("VALIDATION_ERROR", "The request body is not valid JSON.");
  }
  await next();
};

export function jsonBody(): MiddlewareHandler {
  return async (c, next) => {
    if (!hasBody(c.req.raw)) return next();
    await limitSize(c, async () => {
      await requireJson(c, next);
    });
  };
}
