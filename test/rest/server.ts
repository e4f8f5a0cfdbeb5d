/**
 * Starts the real server (`src/server.ts`) as a child process on a free port with a fresh DATA_DIR, the way
 * `npm start` runs it, and stops it with SIGTERM. Shared by the suite's globalSetup and the shutdown test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@/testing/freePort";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** The server's DATA_DIR: tests open the same database beside it (the engine supports several processes). */
  dataDir: string;
  /**
   * Sends SIGTERM and resolves with the exit code (SIGKILL after `graceMs`, then the code is null). The data
   * directory is removed unless the caller passed its own.
   */
  stop(graceMs?: number): Promise<number | null>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it answered`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer ${url}/api/health within ${timeoutMs} ms`);
}

/** The server secret the suite's servers run with, so a test process can call the same functions. */
export const REST_SUITE_SERVER_SECRET = "rest-suite-server-secret-6f2c9a41d8";
/** The token `GET /api/metrics` asks for on the suite's servers. */
export const REST_SUITE_METRICS_TOKEN = "rest-suite-metrics-token-3b81e07c";
export const REST_SUITE_WEBHOOK_KEY = Buffer.alloc(32, 0x5a).toString("base64");

export interface ChildServerOptions {
  dataDir?: string;
  /** Receives the server's stderr (its JSON log lines) instead of it going to the test's stderr. */
  onLog?: (chunk: string) => void;
}

export async function startChildServer(env: Record<string, string> = {}, options: ChildServerOptions = {}): Promise<ChildServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "ghostspeak-rest-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      PORTAL: "false",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      GHOSTSPEAK_SERVER_SECRET: REST_SUITE_SERVER_SECRET,
      // A fixed key: the suite's servers then neither generate a development key nor warn about it.
      WEBHOOK_ENCRYPTION_KEY: REST_SUITE_WEBHOOK_KEY,
      METRICS_TOKEN: REST_SUITE_METRICS_TOKEN,
      ...env,
    },
    // stderr shows the server's warnings and errors next to the failing test, unless the caller reads it.
    stdio: ["ignore", "ignore", options.onLog ? "pipe" : "inherit"],
  });
  const { onLog } = options;
  if (onLog) child.stderr?.on("data", (chunk: Buffer) => onLog(chunk.toString("utf8")));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 15_000, keepData = options.dataDir !== undefined) => {
    const done = exited(child);
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    const code = await done;
    clearTimeout(timer);
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop(1_000);
    throw error;
  }
  return { url, child, dataDir, stop };
}
