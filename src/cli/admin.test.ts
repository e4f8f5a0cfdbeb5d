import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real CLI in its own process, as an operator would, on a throwaway DATA_DIR. */
async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--import", "tsx", "src/cli/admin.ts", ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("operator CLI", () => {
  it("creates a team and a key, printing one JSON object each", async () => {
    const team = await admin("team", "create", "--name", "Acme", "--owner", "ops@acme.dev", "--plan", "growth");
    expect(team.code).toBe(0);
    const { teamId } = JSON.parse(team.stdout) as { teamId: string };
    expect(teamId).toMatch(/^\w+$/);

    const key = await admin("key", "create", "--team", teamId, "--env", "test", "--name", "ci");
    expect(key.code).toBe(0);
    expect(key.stdout.trim().split("\n")).toHaveLength(1);
    const created = JSON.parse(key.stdout) as { keyId: string; key: string };
    expect(created.key).toMatch(/^gs_test_[0-9A-Za-z]{40}$/);
  });

  it("lists, rotates and revokes keys", async () => {
    const { teamId } = JSON.parse((await admin("team", "create", "--name", "Keys", "--owner", "keys@acme.dev")).stdout) as { teamId: string };
    const { keyId } = JSON.parse((await admin("key", "create", "--team", teamId)).stdout) as { keyId: string };
    const rotated = JSON.parse((await admin("key", "rotate", "--key", keyId, "--grace", "15m")).stdout) as { keyId: string; key: string; graceUntil: number };
    expect(rotated.key).toMatch(/^gs_live_/);
    expect(JSON.parse((await admin("key", "revoke", "--key", rotated.keyId)).stdout)).toMatchObject({ keyId: rotated.keyId });
    const { keys } = JSON.parse((await admin("key", "list", "--team", teamId)).stdout) as { keys: { keyId: string; usable: boolean; graceUntil?: number }[] };
    expect(keys.map((k) => [k.keyId, k.usable])).toEqual([[rotated.keyId, false], [keyId, true]]);
    expect(keys[1].graceUntil).toBe(rotated.graceUntil);
    expect((await admin("key", "rotate", "--key", keyId, "--grace", "2h")).stderr).toMatch(/--grace/);
  });

  it("seeds the demo data once", async () => {
    const first = JSON.parse((await admin("demo", "seed")).stdout) as { created: boolean; key?: string };
    const second = JSON.parse((await admin("demo", "seed")).stdout) as { created: boolean; key?: string };
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^gs_live_/);
    expect(second).toMatchObject({ created: false });
    expect(second.key).toBeUndefined();
  });

  it.each([
    [["team", "create", "--name", "Acme", "--owner", "not-an-email"], /--owner/],
    [["team", "create", "--name", "Acme", "--owner", "a@b.dev", "--rate-limit", "10"], /only for enterprise/],
    [["key", "create", "--team", "nope"], /teams/],
    [["team", "create", "--bogus", "x"], /bogus/],
    [["launch", "rockets"], /unknown command/],
  ])("fails with a one-line reason and exit 1: %j", async (args, reason) => {
    const result = await admin(...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(reason);
  });
});
