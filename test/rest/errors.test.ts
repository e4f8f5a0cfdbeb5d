import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: { field: string; message: string }[];
}

/** Checks the RFC 9457 envelope every error shares and returns the body. */
async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as Problem;
  expect(body).toMatchObject({ status, code });
  expect(typeof body.type).toBe("string");
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  expect(body.requestId).toBe(response.headers.get("x-request-id"));
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  return body;
}

// The body rules hold for every POST under /api/v1 and run before routing, authentication and validation,
// so /api/v1/verify shows them whether or not the verify route is there yet.
const postUrl = () => `${baseUrl}/api/v1/verify`;

describe("errors are RFC 9457 problems", () => {
  it("404 NOT_FOUND for an unknown route, on either prefix", async () => {
    const v1 = await expectProblem(await fetch(`${baseUrl}/api/v1/no-such-thing`), 404, "NOT_FOUND");
    expect(v1.type).toBe("/docs#not-found");
    expect(v1.detail).toContain("/api/v1/no-such-thing");
    await expectProblem(await fetch(`${baseUrl}/api/internal/no-such-thing`), 404, "NOT_FOUND");
  });

  it("413 PAYLOAD_TOO_LARGE for a body over 64 KiB, announced by Content-Length", async () => {
    const body = JSON.stringify({ agentAddress: "x".repeat(70 * 1024) });
    const response = await fetch(postUrl(), { method: "POST", headers: { "Content-Type": "application/json" }, body });
    await expectProblem(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it("413 PAYLOAD_TOO_LARGE for a chunked body that grows past 64 KiB", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(postUrl(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expectProblem(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it("415 UNSUPPORTED_MEDIA_TYPE for a body that is not JSON", async () => {
    const text = await fetch(postUrl(), { method: "POST", headers: { "Content-Type": "text/plain" }, body: "agentAddress=x" });
    await expectProblem(text, 415, "UNSUPPORTED_MEDIA_TYPE");
    const form = await fetch(postUrl(), { method: "POST", body: new URLSearchParams({ agentAddress: "x" }) });
    await expectProblem(form, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("400 VALIDATION_ERROR for malformed JSON, never a 500", async () => {
    const response = await fetch(postUrl(), { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"agentAddress": ' });
    const body = await expectProblem(response, 400, "VALIDATION_ERROR");
    expect(body.detail).toMatch(/JSON/);
  });

  it("accepts JSON media types with parameters and +json suffixes past the body guard", async () => {
    // Past the guard the request reaches routing; with no route for this path that is a 404, not a 415.
    const response = await fetch(`${baseUrl}/api/v1/no-such-thing`, {
      method: "POST",
      headers: { "Content-Type": "application/merge-patch+json; charset=utf-8" },
      body: "{}",
    });
    await expectProblem(response, 404, "NOT_FOUND");
  });
});
