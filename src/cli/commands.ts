import { parseArgs } from "node:util";
import { z } from "zod";
import { api } from "../../convex/_generated/api";
import { ROTATION_GRACE_PERIODS } from "../../convex/lib/keyLifecycle";
import type { Id } from "../../convex/_generated/dataModel";
import { isSolanaAddress } from "../../convex/lib/solanaAddress";
import type { Backend } from "@/server/backend";
import { CliError } from "./errors";
import { ingestFile } from "./ingestFile";
import { createProgress } from "./progress";

export interface Command {
  group: string;
  verb: string;
  synopsis: string;
  run(backend: Backend, argv: string[]): Promise<unknown>;
}

/** Parses `--flag value` options and validates them with zod, so a bad call fails before touching data. */
function options<S extends z.ZodObject>(argv: string[], names: (keyof z.infer<S> & string)[], schema: S): z.infer<S> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError(`--${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

const positiveInt = z.coerce.number().int().positive();
const solanaAddress = z.string().refine(isSolanaAddress, "not a Solana address (base58 of 32 bytes)");

/** The one positional argument a command takes (`-` included), and no options. */
function positional(argv: string[], name: string): string {
  if (argv.length !== 1 || (argv[0]!.startsWith("-") && argv[0] !== "-")) throw new CliError(`expected exactly one ${name} argument`);
  return argv[0]!;
}

export const commands: Command[] = [
  {
    group: "team",
    verb: "create",
    synopsis: "team create --name NAME --owner EMAIL [--plan startup|growth|enterprise] [--rate-limit N]",
    async run(backend, argv) {
      const o = options(
        argv,
        ["name", "owner", "plan", "rate-limit"],
        z.object({
          name: z.string().trim().min(1).max(100),
          owner: z.email(),
          plan: z.enum(["startup", "growth", "enterprise"]).default("startup"),
          "rate-limit": positiveInt.optional(),
        }),
      );
      if (o["rate-limit"] !== undefined && o.plan !== "enterprise") {
        throw new CliError("--rate-limit is only for enterprise teams");
      }
      return backend.mutation(api.teams.create, {
        name: o.name,
        ownerEmail: o.owner,
        plan: o.plan,
        ...(o["rate-limit"] !== undefined ? { rateLimit: o["rate-limit"] } : {}),
      });
    },
  },
  {
    group: "team",
    verb: "limits",
    synopsis: "team limits --team TEAM_ID [--rate-limit N] [--members N] [--keys N] [--webhooks N] (enterprise only)",
    async run(backend, argv) {
      const o = options(
        argv,
        ["team", "rate-limit", "members", "keys", "webhooks"],
        z.object({
          team: z.string().min(1),
          "rate-limit": positiveInt.optional(),
          members: positiveInt.optional(),
          keys: positiveInt.optional(),
          webhooks: positiveInt.optional(),
        }),
      );
      const limits = { rateLimitPerMinute: o["rate-limit"], maxMembers: o.members, maxApiKeys: o.keys, maxWebhookEndpoints: o.webhooks };
      const given = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
      if (Object.keys(given).length === 0) throw new CliError("name at least one of --rate-limit, --members, --keys, --webhooks");
      return backend.mutation(api.teamAdmin.setLimits, { teamId: o.team, ...given });
    },
  },
  {
    group: "team",
    verb: "disable",
    synopsis: "team disable --team TEAM_ID --reason REASON",
    async run(backend, argv) {
      const o = options(argv, ["team", "reason"], z.object({ team: z.string().min(1), reason: z.string().trim().min(1).max(500) }));
      return backend.mutation(api.teamAdmin.disable, { teamId: o.team, reason: o.reason });
    },
  },
  {
    group: "team",
    verb: "enable",
    synopsis: "team enable --team TEAM_ID",
    async run(backend, argv) {
      const o = options(argv, ["team"], z.object({ team: z.string().min(1) }));
      return backend.mutation(api.teamAdmin.enable, { teamId: o.team });
    },
  },
  {
    group: "key",
    verb: "create",
    synopsis: "key create --team TEAM_ID [--env live|test] [--name NAME] [--rate-limit N]",
    async run(backend, argv) {
      const o = options(
        argv,
        ["team", "env", "name", "rate-limit"],
        z.object({
          team: z.string().min(1),
          env: z.enum(["live", "test"]).default("live"),
          name: z.string().trim().min(1).max(100).optional(),
          "rate-limit": positiveInt.optional(),
        }),
      );
      return backend.mutation(api.apiKeys.create, {
        teamId: o.team as Id<"teams">,
        env: o.env,
        ...(o.name !== undefined ? { name: o.name } : {}),
        ...(o["rate-limit"] !== undefined ? { rateLimit: o["rate-limit"] } : {}),
      });
    },
  },
  {
    group: "key",
    verb: "list",
    synopsis: "key list --team TEAM_ID",
    async run(backend, argv) {
      const o = options(argv, ["team"], z.object({ team: z.string().min(1) }));
      return { keys: await backend.query(api.apiKeys.list, { teamId: o.team as Id<"teams"> }) };
    },
  },
  {
    group: "key",
    verb: "revoke",
    synopsis: "key revoke --key KEY_ID",
    async run(backend, argv) {
      const o = options(argv, ["key"], z.object({ key: z.string().min(1) }));
      return backend.mutation(api.apiKeys.revoke, { keyId: o.key as Id<"apiKeys"> });
    },
  },
  {
    group: "key",
    verb: "rotate",
    synopsis: "key rotate --key KEY_ID [--grace 0|15m|1h|24h]",
    async run(backend, argv) {
      const o = options(argv, ["key", "grace"], z.object({ key: z.string().min(1), grace: z.enum(ROTATION_GRACE_PERIODS).default("1h") }));
      return backend.mutation(api.apiKeys.rotate, { keyId: o.key as Id<"apiKeys">, gracePeriod: o.grace });
    },
  },
  {
    group: "demo",
    verb: "seed",
    synopsis: "demo seed [--agents N]",
    async run(backend, argv) {
      const o = options(argv, ["agents"], z.object({ agents: z.coerce.number().int().min(0).max(10_000).default(200) }));
      const team = await backend.mutation(api.demo.seed, {});
      const agents = await backend.action(api.demo.seedAgents, { agents: o.agents });
      return { ...team, agents };
    },
  },
  {
    group: "signals",
    verb: "ingest",
    synopsis: "signals ingest FILE (NDJSON; - for stdin)",
    async run(backend, argv) {
      const file = positional(argv, "FILE");
      return ingestFile(backend, file, createProgress(process.stderr));
    },
  },
  {
    group: "agent",
    verb: "flag",
    synopsis: "agent flag --address ADDRESS --reason REASON",
    async run(backend, argv) {
      const o = options(argv, ["address", "reason"], z.object({ address: solanaAddress, reason: z.string().trim().min(1).max(500) }));
      return backend.mutation(api.agentFlags.flag, { address: o.address, reason: o.reason });
    },
  },
  {
    group: "agent",
    verb: "unflag",
    synopsis: "agent unflag --address ADDRESS",
    async run(backend, argv) {
      const o = options(argv, ["address"], z.object({ address: solanaAddress }));
      return backend.mutation(api.agentFlags.unflag, { address: o.address });
    },
  },
];

export function usage(): string {
  return `commands: ${commands.map((c) => c.synopsis).join(" | ")}`;
}
