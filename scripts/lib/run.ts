import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** Runs a command with inherited output; resolves with its exit code (never rejects on failure). */
export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs a command in the background, handing each line it prints (stdout and stderr) to `onLine`; resolves with its
 * exit code. The command is stopped if this process exits first, so a stopped server leaves no build behind.
 */
export function runLines(command: string, args: string[], env: Record<string, string>, onLine: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    const stop = () => child.kill();
    process.once("exit", stop);
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", onLine);
    child.on("error", (error) => {
      process.off("exit", stop);
      reject(error);
    });
    child.on("close", (code, signal) => {
      process.off("exit", stop);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export const npx = (args: string[], env?: Record<string, string>) => run("npx", ["--no-install", ...args], env);
