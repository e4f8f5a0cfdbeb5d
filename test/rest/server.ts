/**
 * Starts the real server (`src/server.ts`) as a child process on a free port with a fresh DATA_DIR, the way
 * `npm start` runs it, and stops it with SIGTERM. Shared by the suite's globalSetup and the shutdown test.
 * During the REST suite every server's output is captured for the log scan after it (test/rest/logCapture.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { outboxAccessSecret } from "@/server/auth/outboxAccess";
import { OUTBOX_KEY_FILE } from "@/server/auth/outboxSeal";
import { freePort } from "@/testing/freePort";
import { captureDir, logFile, recordSecrets } from "./logCapture";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** The server's DATA_DIR: tests open the same database beside it (the engine supports several processes). */
  dataDir: string;
  /** The file name of its captured output in the REST suite's log directory. */
  log: string;
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

/** Environment variables whose values are secrets, by name. */
const SECRET_ENV = /SECRET|TOKEN|_KEY$/;
/** Secrets a server generates for itself in DATA_DIR when none is configured (nextauth-secret, the webhook key). */
const DEV_SECRET_FILE = /secret|key/i;

/** The secrets a server was given or made for itself, for the log scan. */
function serverSecrets(env: Record<string, string>, dataDir: string): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (SECRET_ENV.test(name)) secrets[name] = value;
  const files = existsSync(dataDir) ? readdirSync(dataDir) : [];
  for (const file of files.filter((f) => DEV_SECRET_FILE.test(f))) {
    const full = path.join(dataDir, file);
    if (!statSync(full).isFile()) continue;
    secrets[`DATA_DIR/${file}`] = readFileSync(full, "utf8").trim();
    // The console prints the outbox's access secret (stdout, not captured); the logs must never hold it.
    if (file === OUTBOX_KEY_FILE) secrets["dev outbox access secret"] = outboxAccessSecret(secrets[`DATA_DIR/${file}`]);
  }
  return secrets;
}

/**
 * Splits output into lines and passes on the server's warnings and errors (and anything not JSON, such as a
 * crash trace), so they still show next to a failing test while debug lines only go to the capture.
 */
function warningsTo(write: (line: string) => void): (chunk: string) => void {
  let partial = "";
  return (chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      let level = Infinity;
      try {
        level = (JSON.parse(line) as { level?: number }).level ?? Infinity;
      } catch {
        // Not JSON: shown.
      }
      if (line.trim() !== "" && level >= 40) write(`${line}\n`);
    }
  };
}

export interface ChildServerOptions {
  dataDir?: string;
  /** Receives the server's stderr (its JSON log lines) instead of it going to the test's stderr. */
  onLog?: (chunk: string) => void;
  /** The script to run instead of `src/server.ts`, e.g. `scripts/start.ts` (what `npm start` runs). */
  entry?: string;
  /** Receives what the server prints on stdout (`npm start`'s banner), which is otherwise ignored and never captured. */
  onStdout?: (chunk: string) => void;
  /** A command the server runs under (`strace …`), which must run the rest of its arguments as its one child. */
  wrapper?: string[];
}

/** The wrapped server's process: the wrapper's one child (a signal to the wrapper would not reach it). */
function wrappedPid(wrapperPid: number): number {
  const [pid] = readFileSync(`/proc/${wrapperPid}/task/${wrapperPid}/children`, "utf8").trim().split(" ");
  if (!pid) throw new Error("the wrapped server has no process");
  return Number(pid);
}

export async function startChildServer(env: Record<string, string> = {}, options: ChildServerOptions = {}): Promise<ChildServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "ghostspeak-rest-"));
  const given = {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    PORTAL: "false",
    // Captured servers log every answer (a debug access line), so the scan reads each request's lines; a bench
    // reusing this pays for no access log.
    LOG_LEVEL: captureDir() ? "debug" : "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    GHOSTSPEAK_SERVER_SECRET: REST_SUITE_SERVER_SECRET,
    // A fixed key: the suite's servers then neither generate a development key nor warn about it.
    WEBHOOK_ENCRYPTION_KEY: REST_SUITE_WEBHOOK_KEY,
    METRICS_TOKEN: REST_SUITE_METRICS_TOKEN,
    ...env,
  };
  const label = `server-${port}`;
  const capture = logFile(label);
  const { onLog, onStdout } = options;
  recordSecrets(label, serverSecrets(given, dataDir));
  const [command = process.execPath, ...args] = [...(options.wrapper ?? []), process.execPath, "--import", "tsx", options.entry ?? "src/server.ts"];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...given },
    // stderr shows the server's warnings and errors next to the failing test, unless the caller reads it.
    stdio: ["ignore", onStdout ? "pipe" : "ignore", onLog || capture ? "pipe" : "inherit"],
  });
  child.stdout?.on("data", (chunk: Buffer) => onStdout?.(chunk.toString("utf8")));
  const show = onLog ? undefined : warningsTo((line) => process.stderr.write(line));
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    capture?.(text);
    (onLog ?? show)?.(text);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 15_000, keepData = options.dataDir !== undefined) => {
    const done = exited(child);
    const signal = (name: NodeJS.Signals) => {
      if (!options.wrapper) return void child.kill(name);
      // Once the server has exited, the wrapper is about to: nothing left to signal.
      if (child.exitCode === null) {
        try {
          process.kill(wrappedPid(child.pid!), name);
        } catch {}
      }
    };
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), graceMs);
    const code = await done;
    clearTimeout(timer);
    // Secrets the server made for itself in DATA_DIR exist only once it ran.
    recordSecrets(label, serverSecrets(given, dataDir));
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop(1_000);
    throw error;
  }
  return { url, child, dataDir, log: `${label}.log`, stop };
}
