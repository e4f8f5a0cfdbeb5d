/**
 * The server's options from the environment (README's configuration table: PORT, HOST, PORTAL), read in one place
 * so `npm start` (scripts/start.ts) and `tsx src/server.ts` start the same server for the same variables.
 */
export interface EnvStartOptions {
  port: number;
  hostname?: string;
  /** undefined: the server decides (the portal is served when a build exists). */
  portal?: boolean;
}

export function startOptionsFromEnv(env: Record<string, string | undefined> = process.env): EnvStartOptions {
  const port = Number(env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return { port, hostname: env.HOST || undefined, portal: portalFromEnv(env.PORTAL) };
}

function portalFromEnv(value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`PORTAL must be "true" or "false", got "${value}"`);
}
