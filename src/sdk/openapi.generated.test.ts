/** Fails when the SDK's generated types no longer match the document the app serves. Fix: `npm run sdk:codegen`. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSdkTypes, SDK_TYPES_PATH } from "../../scripts/sdk-codegen";

describe("src/sdk/openapi.generated.ts", () => {
  it("matches openapi-typescript's output for /api/v1/openapi.json", async () => {
    expect(readFileSync(SDK_TYPES_PATH, "utf8"), "stale: run `npm run sdk:codegen` and commit the result").toBe(await renderSdkTypes());
  });
});
