import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ApiError } from "../errors";
import { presentedKeyHash } from "./credentials";

const KEY = `gs_live_${"a1B2".repeat(10)}`;
const headers = (entries: Record<string, string>) => new Headers(entries);

describe("presentedKeyHash", () => {
  it("hashes the key from X-API-Key or Authorization: Bearer, X-API-Key first", () => {
    const hash = createHash("sha256").update(KEY).digest("hex");
    expect(presentedKeyHash(headers({ "X-API-Key": KEY }))).toBe(hash);
    expect(presentedKeyHash(headers({ Authorization: `Bearer ${KEY}` }))).toBe(hash);
    expect(presentedKeyHash(headers({ Authorization: `bearer   ${KEY}  ` }))).toBe(hash);
    expect(presentedKeyHash(headers({ "X-API-Key": KEY, Authorization: "Bearer gs_live_other" }))).toBe(hash);
  });

  it("refuses a missing or malformed key with the one UNAUTHORIZED", () => {
    const bad: Record<string, string>[] = [{}, { "X-API-Key": "gs_live_short" }, { Authorization: `Basic ${KEY}` }, { Authorization: "Bearer" }, { "X-API-Key": `gs_prod_${"a".repeat(40)}` }];
    for (const entries of bad) {
      expect(() => presentedKeyHash(headers(entries))).toThrow(ApiError);
      try {
        presentedKeyHash(headers(entries));
      } catch (error) {
        expect((error as ApiError).code).toBe("UNAUTHORIZED");
      }
    }
  });
});
