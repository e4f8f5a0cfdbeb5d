import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeBase58 } from "../../convex/lib/solanaAddress";

const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-cli-signals-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real CLI in its own process, feeding `stdin` when given. */
function admin(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/admin.ts", ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

const address = () => encodeBase58(randomBytes(32));
const job = (id: string, agentAddress: string) =>
  JSON.stringify({ id, type: "job", agentAddress, at: "2026-01-05T12:00:00Z", success: true, responseTimeMs: 900 });

describe("signals ingest", () => {
  it("streams a file in chunks: counts, line numbers, duplicates, progress on stderr", async () => {
    const agents = [address(), address(), address()];
    const lines = Array.from({ length: 2_500 }, (_, i) => job(`file-${i}`, agents[i % 3]!));
    lines.splice(10, 0, "{broken", job("file-0", agents[0]!));
    const file = path.join(dataDir, "signals.ndjson");
    writeFileSync(file, `${lines.join("\n")}\n`);

    const result = await admin(["signals", "ingest", file]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({
      accepted: 2_500,
      duplicates: 1,
      rejected: 1,
      agentsUpdated: 3,
      errors: [{ line: 11, message: "not valid JSON" }],
    });
    // Not a terminal: plain progress lines, the last one with the total.
    expect(result.stderr).toMatch(/^ingest: 100% 2,502 signals, [\d,]+\/s$/m);

    const again = JSON.parse((await admin(["signals", "ingest", file])).stdout) as Record<string, number>;
    expect(again).toMatchObject({ accepted: 0, duplicates: 2_501, rejected: 1, agentsUpdated: 0 });
  });

  it("reads stdin with -", async () => {
    const a = address();
    const input = [job("stdin-1", a), "", JSON.stringify({ id: "stdin-2", type: "review", agentAddress: a, at: "2026-01-05T12:00:00Z", rating: 5 })].join("\n");
    const result = await admin(["signals", "ingest", "-"], input);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ accepted: 2, duplicates: 0, rejected: 0, agentsUpdated: 1, errors: [] });
  });

  it("fails with a one-line reason for a missing file or a missing argument", async () => {
    for (const args of [["signals", "ingest", path.join(dataDir, "nope.ndjson")], ["signals", "ingest"]]) {
      const result = await admin(args);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("agent flag / unflag and demo seed --agents", () => {
  it("seeds a small population, then flags and unflags one of its agents", async () => {
    const seeded = await admin(["demo", "seed", "--agents", "8"]);
    expect(seeded.code).toBe(0);
    const { agents } = JSON.parse(seeded.stdout) as { agents: { agents: number; sampleAgentAddress: string; tiers: Record<string, number> } };
    expect(agents.agents).toBe(8);
    expect(Object.values(agents.tiers).every((n) => n > 0)).toBe(true);

    const target = agents.sampleAgentAddress;
    const flagged = await admin(["agent", "flag", "--address", target, "--reason", "under review"]);
    expect(JSON.parse(flagged.stdout)).toEqual({ address: target, status: "flagged", flaggedReason: "under review" });
    const unflagged = await admin(["agent", "unflag", "--address", target]);
    expect(JSON.parse(unflagged.stdout)).toEqual({ address: target, status: "active" });

    const unknown = await admin(["agent", "flag", "--address", address(), "--reason", "x"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No agent with address/);
    const bad = await admin(["agent", "unflag", "--address", "not-base58"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--address: not a Solana address/);
  });
});
