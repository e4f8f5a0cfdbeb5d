/**
 * The operator CLI (SPEC §10): `npm run admin -- <command>`. One JSON object on stdout, logs on stderr,
 * a failure exits non-zero with a one-line reason. It opens the same backend as the server (the embedded
 * database in DATA_DIR, or CONVEX_URL), also while the server runs.
 */
import "./logLevel";
import { closeBackend, getBackend } from "@/server/backend";
import { backendKind } from "@/server/backend/config";
import { captureUnexpected, flushSentry, initSentry } from "@/server/observability/sentry";
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

main(process.argv.slice(2)).catch(async (error: unknown) => {
  process.stderr.write(`error: ${reason(error)}\n`);
  // A usage error or a refusal from convex/ (an error with data) is the operator's business; anything else is a
  // crash, reported to Sentry when SENTRY_DSN is set (the SDK is loaded on this path only) and sent before exiting.
  if (!(error instanceof CliError) && !(error instanceof Object && (error as { data?: unknown }).data !== undefined)) {
    try {
      await initSentry({ component: "cli", backend: backendKind() });
      const [group, verb] = process.argv.slice(2);
      captureUnexpected(error, { route: `cli ${[group, verb].filter(Boolean).join(" ")}` });
      await flushSentry();
    } catch {
      // Reporting must not hide the failure: it is printed above and the exit code says it.
    }
  }
  process.exit(1);
});

function reason(error: unknown): string {
  if (error instanceof CliError) return error.message;
  const data = (error as { data?: unknown }).data;
  if (data && typeof data === "object" && "message" in data) return String((data as { message: unknown }).message);
  if (data !== undefined) return JSON.stringify(data);
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
