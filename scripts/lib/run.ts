import { spawn } from "node:child_process";

/** Runs a command with inherited output; resolves with its exit code (never rejects on failure). */
export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export const npx = (args: string[], env?: Record<string, string>) => run("npx", ["--no-install", ...args], env);
