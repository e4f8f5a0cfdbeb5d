import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError, MALFORMED_JSON } from "../errors";

/** SPEC §2: request bodies of the public API are JSON of at most 64 KiB. */
export const maxBodyBytes = 64 * 1024;

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

const tooLarge = () => new ApiError("PAYLOAD_TOO_LARGE", `The request body exceeds ${maxBodyBytes} bytes.`);

/**
 * Whether a body follows, from the headers alone (RFC 9112 §6.3). Reading `request.body` instead would make the
 * Node adapter build a full web Request with a stream for every call, the costliest step of a small POST.
 */
function bodyFraming(headers: Headers): "none" | "length" | "chunked" {
  if (headers.has("transfer-encoding")) return "chunked";
  const length = headers.get("content-length");
  return length === null || length === "0" ? "none" : "length";
}

/** A chunked body has no announced size: it is counted while it streams and refused as it passes the limit. */
const limitStream = bodyLimit({
  maxSize: maxBodyBytes,
  onError: () => {
    throw tooLarge();
  },
});

/**
 * Refuses a body of another type, and malformed JSON, for every authenticated route (middleware/authenticated.ts
 * runs this once the key's form is checked), so no handler can forget to and a broken body is always a 400, never
 * a 500. The text read here is cached by Hono, so the route's validator
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
    throw new ApiError("VALIDATION_ERROR", MALFORMED_JSON);
  }
  await next();
};

export function jsonBody(): MiddlewareHandler {
  return async (c, next) => {
    const framing = bodyFraming(c.req.raw.headers);
    if (framing === "none") return next();
    if (framing === "chunked") {
      await limitStream(c, async () => {
        await requireJson(c, next);
      });
      return;
    }
    // An announced length is refused before a byte is read; Node's parser never delivers more than it announces.
    if (Number(c.req.header("content-length")) > maxBodyBytes) throw tooLarge();
    return requireJson(c, next);
  };
}
