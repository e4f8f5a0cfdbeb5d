import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, isAuditAction } from "./auditActions";

const convexDir = path.resolve(__dirname, "..");

/** The source of every convex/ module (not tests, not generated code). */
function sources(dir = convexDir): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "_generated" ? [] : sources(full);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) return [];
    return [{ file: path.relative(convexDir, full), text: readFileSync(full, "utf8") }];
  });
}

/** Action names as the writers spell them: `action: "x.y"`, auditChange's argument, and a chosen `const action`. */
function writtenActions(text: string): string[] {
  const found = [...text.matchAll(/\baction:\s*"([^"]+)"/g)].map((m) => m[1]!);
  for (const call of text.matchAll(/auditChange\(ctx, \{[^}]*\}, "([^"]+)"/g)) found.push(call[1]!);
  // A conditional's outcomes, not what it compares against.
  for (const chosen of text.matchAll(/const action =([^;]+);/g)) found.push(...[...chosen[1]!.matchAll(/[?:]\s*"([^"]+)"/g)].map((m) => m[1]!));
  return found;
}

describe("AUDIT_ACTIONS", () => {
  const files = sources().filter(({ text }) => /writeAudit\(|auditChange\(/.test(text));

  it("lists every action a convex/ function writes", () => {
    const written = files.flatMap(({ file, text }) => writtenActions(text).map((action) => `${file}: ${action}`));
    expect(written.length).toBeGreaterThan(AUDIT_ACTIONS.length);
    expect(written.filter((entry) => !isAuditAction(entry.split(": ")[1]!))).toEqual([]);
  });

  it("lists no action that nothing writes", () => {
    const written = new Set(files.flatMap(({ text }) => writtenActions(text)));
    expect(AUDIT_ACTIONS.filter((action) => !written.has(action))).toEqual([]);
  });

  it("has no duplicates", () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
