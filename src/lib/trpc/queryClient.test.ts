import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import type { AppRouter } from "@/server/trpc/root";
import { shouldRetry } from "./queryClient";

/** A tRPC client error as the batch link makes it from an error answer with this HTTP status. */
const answered = (httpStatus: number, code: string) =>
  TRPCClientError.from<AppRouter>({ error: { message: code, code: -32_600, data: { code, httpStatus } } } as never);

describe("which failed queries are tried again", () => {
  it("never a refusal, which answers the same every time", () => {
    for (const [status, code] of [[400, "BAD_REQUEST"], [401, "UNAUTHORIZED"], [403, "FORBIDDEN"], [404, "NOT_FOUND"]] as const) {
      expect(shouldRetry(0, answered(status, code)), code).toBe(false);
    }
  });

  it("up to three times what may pass: a timeout, a rate limit, a failure of ours, the network", () => {
    for (const error of [answered(408, "TIMEOUT"), answered(429, "TOO_MANY_REQUESTS"), answered(500, "INTERNAL_SERVER_ERROR"), new TypeError("Failed to fetch")]) {
      expect([0, 1, 2, 3].map((failures) => shouldRetry(failures, error))).toEqual([true, true, true, false]);
    }
  });
});
