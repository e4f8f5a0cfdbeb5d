import { parseArgs } from "node:util";
import { z } from "zod";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import type { Backend } from "@/server/backend";
import { CliError } from "./errors";

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
    group: "demo",
    verb: "seed",
    synopsis: "demo seed",
    async run(backend, argv) {
      options(argv, [], z.object({}));
      return backend.mutation(api.demo.seed, {});
    },
  },
];

export function usage(): string {
  return `commands: ${commands.map((c) => c.synopsis).join(" | ")}`;
}
