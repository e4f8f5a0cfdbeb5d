// Spawning worker.ts as a real child process (its own SQLite connections, its
// own event loop), for the crash and multi-process tests.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export type Child = { proc: ChildProcess; stdout: () => string; exited: Promise<number | null> };

export function spawnWorker(args: string[]): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    proc.on("exit", (code, signal) => {
      if (code !== 0 && signal !== "SIGKILL") process.stderr.write(`worker ${args[0]} exited ${code}: ${err}\n`);
      resolve(code);
    }),
  );
  return { proc, stdout: () => out, exited };
}

export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
