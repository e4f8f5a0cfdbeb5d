/** `team limits`, `team disable` and `team enable` of the operator CLI, run as an operator would (own process). */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-cli-team-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--import", "tsx", "src/cli/admin.ts", ...args], { env: { ...process.env, DATA_DIR: dataDir } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const teamOf = async (plan: string) =>
  (JSON.parse((await admin("team", "create", "--name", "Contract", "--owner", `${plan}@acme.dev`, "--plan", plan)).stdout) as { teamId: string }).teamId;

describe("operator CLI: team limits, disable, enable", () => {
  it("sets an enterprise team's limits and prints them all", async () => {
    const teamId = await teamOf("enterprise");
    const result = await admin("team", "limits", "--team", teamId, "--rate-limit", "5000", "--members", "300", "--keys", "80", "--webhooks", "120");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ teamId, limits: { rateLimitPerMinute: 5000, maxMembers: 300, maxApiKeys: 80, maxWebhookEndpoints: 120 } });
  });

  it("disables and enables a team", async () => {
    const teamId = await teamOf("growth");
    expect(JSON.parse((await admin("team", "disable", "--team", teamId, "--reason", "chargeback review")).stdout)).toEqual({ teamId, status: "disabled" });
    expect(JSON.parse((await admin("team", "enable", "--team", teamId)).stdout)).toEqual({ teamId, status: "active" });
  });

  it("fails with a one-line reason and exit 1", async () => {
    const startup = await teamOf("startup");
    for (const [args, reason] of [
      [["team", "limits", "--team", startup, "--members", "10"], /only enterprise/],
      [["team", "limits", "--team", startup], /at least one/],
      [["team", "limits", "--team", startup, "--keys", "0"], /--keys/],
      [["team", "disable", "--team", startup], /--reason/],
      [["team", "enable", "--team", startup], /not disabled/],
    ] as const) {
      const result = await admin(...args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(reason);
    }
  });
});
