/** Every problem code the API can emit is one of SPEC §2's, whichever layer decides it. */
import { describe, expect, it } from "vitest";
import { API_PROBLEM_CODES, API_PROBLEM_STATUS, PROBLEM_FOR_APP_ERROR } from "../../../convex/lib/apiOutcome";
import { errorCodes } from "./errors";

/** SPEC §2: "`code` one of …", in its order. */
const SPEC_PROBLEM_CODES = [
  "VALIDATION_ERROR",
  "UNAUTHORIZED",
  "PAYMENT_REQUIRED",
  "FORBIDDEN",
  "AGENT_NOT_FOUND",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "IDEMPOTENCY_CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "QUOTA_EXCEEDED",
  "INTERNAL_ERROR",
];

describe("problem codes", () => {
  it("the REST layer knows exactly SPEC §2's codes", () => {
    expect(Object.keys(errorCodes)).toEqual(SPEC_PROBLEM_CODES);
  });

  it("convex/ answers and convex/ error codes map onto SPEC's codes, with the status SPEC gives them", () => {
    for (const code of API_PROBLEM_CODES) {
      expect(SPEC_PROBLEM_CODES, code).toContain(code);
      expect(API_PROBLEM_STATUS[code], code).toBe(errorCodes[code].status);
    }
    for (const code of Object.values(PROBLEM_FOR_APP_ERROR)) expect(SPEC_PROBLEM_CODES, code).toContain(code);
  });
});
