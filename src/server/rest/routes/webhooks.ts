import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { api } from "../../../../convex/_generated/api";
import { getBackend } from "../../backend";
import type { RestEnv } from "../env";
import { authenticatedProblems, limitedProblem, bodyProblems, idempotencyHeader, idempotencyProblems, rateLimitHeaders, security } from "../api/docs";
import { authenticated } from "../middleware/authenticated";
import { apiRequestArgs, recordingFailures, successOf } from "../api/outcome";
import { assertWebhookHostPublic } from "../../webhooks/webhookUrlCheck";
import { CreatedWebhook, CreateWebhookRequest, RotatedSecret, TestSent, WebhookDetail, WebhookIdParam, WebhookList } from "./webhookSchemas";

const json = <S>(schema: S) => ({ "application/json": { schema } });
const tags = ["webhooks"];
const notFound = { 404: limitedProblem("NOT_FOUND: the team has no webhook endpoint with this id.") };
const free = "Free; recorded in usage and counted against the rate limit like every call.";

const create = createRoute({
  method: "post",
  path: "/api/v1/webhooks",
  operationId: "createWebhook",
  tags,
  summary: "Create a webhook endpoint",
  description:
    "The answer carries the signing secret, shown only here and in a rotation's answer. With `Idempotency-Key`, a " +
    `retry gets the same answer, secret included (kept encrypted for 24 h). ${free}`,
  security,
  middleware: authenticated("/api/v1/webhooks", "POST"),
  request: { headers: idempotencyHeader, body: { required: true, content: json(CreateWebhookRequest) } },
  responses: {
    201: { description: "The endpoint and its secret.", headers: rateLimitHeaders, content: json(CreatedWebhook) },
    ...authenticatedProblems,
    ...bodyProblems,
    ...idempotencyProblems,
    400: limitedProblem("VALIDATION_ERROR: the body, or a URL that is not https or names a private address."),
    403: limitedProblem("FORBIDDEN: the team is disabled, or has as many endpoints as its plan allows."),
  },
});

const list = createRoute({
  method: "get",
  path: "/api/v1/webhooks",
  operationId: "listWebhooks",
  tags,
  summary: "List the team's webhook endpoints",
  description: free,
  security,
  middleware: authenticated("/api/v1/webhooks", "GET"),
  responses: { 200: { description: "Newest first.", headers: rateLimitHeaders, content: json(WebhookList) }, ...authenticatedProblems },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/webhooks/{id}",
  operationId: "getWebhook",
  tags,
  summary: "A webhook endpoint and its latest 100 deliveries",
  description: free,
  security,
  middleware: authenticated("/api/v1/webhooks/{id}", "GET"),
  request: { params: WebhookIdParam },
  responses: { 200: { description: "The endpoint and its deliveries.", headers: rateLimitHeaders, content: json(WebhookDetail) }, ...authenticatedProblems, ...notFound },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/webhooks/{id}",
  operationId: "deleteWebhook",
  tags,
  summary: "Delete a webhook endpoint",
  description: `Pending deliveries to it are not attempted. ${free}`,
  security,
  middleware: authenticated("/api/v1/webhooks/{id}", "DELETE"),
  request: { params: WebhookIdParam },
  responses: { 204: { description: "Deleted.", headers: rateLimitHeaders }, ...authenticatedProblems, ...notFound },
});

const test = createRoute({
  method: "post",
  path: "/api/v1/webhooks/{id}/test",
  operationId: "testWebhook",
  tags,
  summary: "Send a webhook.test event to this endpoint",
  description: `Delivered at once and logged like any delivery (see GET /api/v1/webhooks/{id}); with \`Idempotency-Key\`, a retry sends nothing more. ${free}`,
  security,
  middleware: authenticated("/api/v1/webhooks/{id}/test", "POST"),
  request: { params: WebhookIdParam, headers: idempotencyHeader },
  responses: {
    202: { description: "The test event is on its way.", headers: rateLimitHeaders, content: json(TestSent) },
    ...authenticatedProblems,
    ...bodyProblems,
    ...idempotencyProblems,
    ...notFound,
  },
});

const rotate = createRoute({
  method: "post",
  path: "/api/v1/webhooks/{id}/rotate-secret",
  operationId: "rotateWebhookSecret",
  tags,
  summary: "Rotate the signing secret",
  description:
    "The new secret is shown only here. For 24 h both secrets sign: each signature header carries two signatures. " +
    `With \`Idempotency-Key\`, a retry rotates nothing more and gets the same answer, secret included (kept encrypted for 24 h). ${free}`,
  security,
  middleware: authenticated("/api/v1/webhooks/{id}/rotate-secret", "POST"),
  request: { params: WebhookIdParam, headers: idempotencyHeader },
  responses: {
    200: { description: "The new secret.", headers: rateLimitHeaders, content: json(RotatedSecret) },
    ...authenticatedProblems,
    ...bodyProblems,
    ...idempotencyProblems,
    ...notFound,
  },
});

export function registerWebhookRoutes(app: OpenAPIHono<RestEnv>): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    // A refused host is a refusal of the request's content, made before the call is sent: the route's middleware
    // has it authenticated, counted and recorded like a schema's 400 (middleware/authenticated.ts).
    await assertWebhookHostPublic(body.url);
    const request = await apiRequestArgs(c, { idempotent: true });
    const outcome = await recordingFailures(c, request, async () =>
      (await getBackend()).mutation(api.webhooksApi.create, { ...request, ...body }),
    );
    const answer = successOf(outcome, CreatedWebhook);
    return c.json(answer.body, 201, answer.headers);
  });

  app.openapi(list, async (c) => {
    const request = await apiRequestArgs(c, { idempotent: false });
    const outcome = await recordingFailures(c, request, async () => (await getBackend()).mutation(api.webhooksApi.list, request));
    const answer = successOf(outcome, WebhookList);
    return c.json(answer.body, 200, answer.headers);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const request = await apiRequestArgs(c, { idempotent: false });
    const outcome = await recordingFailures(c, request, async () =>
      (await getBackend()).mutation(api.webhooksApi.get, { ...request, id }),
    );
    const answer = successOf(outcome, WebhookDetail);
    return c.json(answer.body, 200, answer.headers);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const request = await apiRequestArgs(c, { idempotent: false });
    const outcome = await recordingFailures(c, request, async () =>
      (await getBackend()).mutation(api.webhooksApi.remove, { ...request, id }),
    );
    const answer = successOf(outcome, z.undefined());
    return c.body(null, 204, answer.headers);
  });

  app.openapi(test, async (c) => {
    const { id } = c.req.valid("param");
    const request = await apiRequestArgs(c, { idempotent: true });
    const outcome = await recordingFailures(c, request, async () =>
      (await getBackend()).mutation(api.webhooksApi.sendTest, { ...request, id }),
    );
    const answer = successOf(outcome, TestSent);
    return c.json(answer.body, 202, answer.headers);
  });

  app.openapi(rotate, async (c) => {
    const { id } = c.req.valid("param");
    const request = await apiRequestArgs(c, { idempotent: true });
    const outcome = await recordingFailures(c, request, async () =>
      (await getBackend()).mutation(api.webhooksApi.rotateSecret, { ...request, id }),
    );
    const answer = successOf(outcome, RotatedSecret);
    return c.json(answer.body, 200, answer.headers);
  });
}
