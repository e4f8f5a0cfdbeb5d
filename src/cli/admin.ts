/**
 * The operator CLI (SPEC §10): `npm run admin -- <command>`. One JSON object on stdout, logs on stderr,
 * a failure exits non-zero with a one-line reason. It opens the same backend as the server (the embedded
 * database in DATA_DIR, or CONVEX_URL), also while the server runs.
 */
import "./logLevel";
import { closeBackend, getBackend } from "@/server/backend";
import { commands, usage } from "./commands";
import { CliError } from "./errors";

async function main(argv: string[]): Promise<void> {
  const [group, verb, ...rest] = argv;
  const command = commands.find((c) => c.group === group && c.verb === verb);
  if (!command) throw new CliError(`unknown command "${[group, verb].filter(Boolean).join(" ")}"; ${usage()}`);
  const backend = await getBackend({ runScheduler: false });
  try {
    const result = await command.run(backend, rest);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await closeBackend();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`error: ${reason(error)}\n`);
  process.exit(1);
});

function reason(error: unknown): string {
  if (error instanceof CliError) return error.message;
  const data = (error as { data?: unknown }).data;
  if (data && typeof data === "object" && "message" in data) return String((data as { message: unknown }).message);
  if (data !== undefined) return JSON.stringify(data);
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
