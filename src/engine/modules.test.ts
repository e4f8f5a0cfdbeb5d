import { describe, expect, it } from "vitest";
import { canonicalUdfPath, modulesFromGlob } from "./modules";

describe("modules", () => {
  it("maps an import.meta.glob to module keys, skipping _generated and tests", () => {
    const imp = async () => ({});
    const glob = { "../../convex/teams.ts": imp, "../../convex/lib/score.ts": imp, "../../convex/_generated/api.js": imp, "../../convex/teams.test.ts": imp, "../../other/x.ts": imp };
    expect(Object.keys(modulesFromGlob(glob, "../../convex"))).toEqual(["teams", "lib/score"]);
    expect(Object.keys(modulesFromGlob(glob, "../../convex/"))).toEqual(["teams", "lib/score"]);
  });

  it("canonicalizes function names", () => {
    expect(canonicalUdfPath("teams:create")).toBe("teams:create");
    expect(canonicalUdfPath("teams.js:create")).toBe("teams:create");
    expect(canonicalUdfPath("lib/x")).toBe("lib/x:default");
  });
});
