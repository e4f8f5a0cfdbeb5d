import { describe, expect, it } from "vitest";
import { prefilledEmail, signInPath } from "./signInPath";

describe("signInPath", () => {
  it("carries the address and the way back, encoded", () => {
    const path = signInPath({ callbackUrl: "/invites/abc_DEF-1", email: "new+team@acme.test" });
    expect(path).toBe("/signin?email=new%2Bteam%40acme.test&callbackUrl=%2Finvites%2Fabc_DEF-1");
    const params = new URL(path, "http://x").searchParams;
    expect(prefilledEmail(params.get("email")!)).toBe("new+team@acme.test");
    expect(params.get("callbackUrl")).toBe("/invites/abc_DEF-1");
  });

  it("leaves the address out when there is none", () => {
    expect(signInPath({ callbackUrl: "/dashboard" })).toBe("/signin?callbackUrl=%2Fdashboard");
  });
});

describe("prefilledEmail", () => {
  it("takes one valid address only", () => {
    expect(prefilledEmail(" a@b.test ")).toBe("a@b.test");
    expect(prefilledEmail("not-an-address")).toBeUndefined();
    expect(prefilledEmail('"><script>x</script>@b.test')).toBeUndefined();
    expect(prefilledEmail(["a@b.test", "c@d.test"])).toBeUndefined();
    expect(prefilledEmail(undefined)).toBeUndefined();
    expect(prefilledEmail(`${"a".repeat(250)}@b.test`)).toBeUndefined();
  });
});
