/**
 * Fails when `convex/_generated` or the engine's module map is stale: regenerates both into a temp copy of
 * the project and compares byte for byte. Fix with `npm run convex:codegen`.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { listFunctionModules, MODULE_MAP_PATH, renderModuleMap, runConvexCodegen } from "../scripts/convex-codegen";

const root = fileURLToPath(new URL("..", import.meta.url));
const convexDir = join(root, "convex");
const generatedDir = join(convexDir, "_generated");
const FIX = "stale: run `npm run convex:codegen` and commit the result";

describe("generated code", () => {
  const scratch = mkdtempSync(join(tmpdir(), "convex-codegen-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("the module map lists every module of convex/", () => {
    expect(readFileSync(join(root, MODULE_MAP_PATH), "utf8"), FIX).toBe(renderModuleMap(listFunctionModules(convexDir)));
  });

  it("the module map and _generated/api.d.ts name the same modules", () => {
    const apiModules = [...readFileSync(join(generatedDir, "api.d.ts"), "utf8").matchAll(/^import type \* as \w+ from "\.\.\/(.+)\.js";$/gm)]
      .map((match) => match[1])
      .sort();
    expect(apiModules, FIX).toEqual(listFunctionModules(convexDir));
  });

  it(
    "convex/_generated matches a fresh `convex codegen`",
    () => {
      cpSync(convexDir, join(scratch, "convex"), { recursive: true, filter: (src) => !src.startsWith(generatedDir) });
      for (const file of ["package.json", "tsconfig.json", "convex.json"]) {
        if (existsSync(join(root, file))) cpSync(join(root, file), join(scratch, file));
      }
      symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"), "dir");
      runConvexCodegen(scratch, "pipe");

      const fresh = join(scratch, "convex", "_generated");
      expect(readdirSync(generatedDir).sort(), FIX).toEqual(readdirSync(fresh).sort());
      for (const file of readdirSync(fresh)) {
        expect(readFileSync(join(generatedDir, file), "utf8"), `${file} ${FIX}`).toBe(readFileSync(join(fresh, file), "utf8"));
      }
    },
    20_000,
  );
});
