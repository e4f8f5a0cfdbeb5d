/**
 * `npm start`: serve the API at once on the embedded backend (or CONVEX_URL) and the portal once built (it is
 * built in the background when missing or stale), seed demo data on first start, and tell a newcomer where to go.
 */
import { api } from "../convex/_generated/api";
import { getBackend } from "../src/server/backend";
import { type BackgroundBuild, startServer } from "../src/server";
import { mailDelivery } from "../src/server/auth/mailDelivery";
import { outboxOpenUrl } from "../src/server/auth/outboxAccess";
import { localOutboxAccessSecret } from "../src/server/auth/outboxSeal";
import { startOptionsFromEnv } from "../src/server/http/startOptions";
import { backgroundBuild, buildIsStale } from "./lib/build";

process.env.NEXT_TELEMETRY_DISABLED = "1";

const DEMO_AGENTS = 200;

/**
 * Where the magic link goes; the link itself is never printed (SPEC §9: no token in logs). The outbox's open
 * link carries its access secret: it goes to this console only (stdout), never through the logger, because
 * having this console is what proves the reader is the one who started the server.
 */
function signInMailLine(url: string): string {
  switch (mailDelivery()) {
    case "smtp":
      return "            The magic link is sent through SMTP_URL.";
    case "outbox":
      return `            No SMTP configured: the magic link is kept for 15 minutes in the dev outbox. Open it here:\n            ${outboxOpenUrl(url, localOutboxAccessSecret())}`;
    case "none":
      return "            No mail is configured, so no magic link can be sent: set SMTP_URL and EMAIL_FROM (or, on your own machine outside production, drop DEV_OUTBOX=false to use the dev outbox).";
  }
}

/** The try-it lines: one verify and one batch over the showcase agents, with the key when it is known. */
function tryItLines(url: string, key: string, agents: { tier: string; address: string }[]): string[] {
  if (agents.length === 0) return ["            No demo agents yet: `npm run admin -- demo seed --agents 200` adds them."];
  const width = Math.max(...agents.map((a) => a.tier.length));
  const headers = `-H "X-API-Key: ${key}" -H "Content-Type: application/json"`;
  return [
    `            One per tier: ${agents.map((a) => `${a.tier.padEnd(width)}  ${a.address}`).join("\n                          ")}`,
    `            Verify one:   curl -X POST ${url}/api/v1/verify ${headers} \\`,
    `                            -d '{"agentAddress":"${agents[0].address}","returnMetrics":true}'`,
    `            Verify all:   curl -X POST ${url}/api/v1/verify/batch ${headers} \\`,
    `                            -d '{"agents":${JSON.stringify(agents.map((a) => a.address))}}'`,
  ];
}

function portalLine(url: string, portal: false | "ready" | BackgroundBuild): string {
  if (portal === false) return "  Portal:   not served (PORTAL=false); what follows about signing in applies once it is.";
  const signIn = `sign in at ${url}/signin as demo@ghostspeak.dev to see the demo team`;
  if (portal === "ready") return `  Portal:   ${url}/  — ${signIn}`;
  const estimate = Math.round(portal.expectedMs / 1000);
  return `  Portal:   building in the background (about ${estimate} s, progress marked [portal build]; the API answers meanwhile), then ${url}/ — ${signIn}`;
}

async function main(): Promise<void> {
  // PORT, HOST and PORTAL as `tsx src/server.ts` reads them; the API alone needs no build.
  const options = startOptionsFromEnv();
  // A missing or stale build is made while the server already answers the API (the portal's pages say so).
  const build = options.portal !== false && buildIsStale() ? backgroundBuild() : undefined;
  const buildStarted = Date.now();
  const { url, portalReady } = await startServer({ ...options, portalBuild: build });
  const backend = await getBackend();
  const demo = await backend.mutation(api.demo.seed, {});
  // The demo agents come with the demo team, on the first start only (reseeding would only find duplicates).
  const agents = demo.created ? await backend.action(api.demo.seedAgents, { agents: DEMO_AGENTS }) : undefined;
  const showcase = await backend.query(api.demo.showcase, {});
  // Ready to paste on the first start, when the key is shown; afterwards the key is the reader's to fill in.
  const curlKey = demo.created ? demo.key : "<your key>";
  const lines = [
    "",
    `GhostSpeak is running at ${url} (backend: ${backend.kind})`,
    portalLine(url, options.portal === false ? false : (build ?? "ready")),
    "            (any other address signs in too, with no team yet).",
    signInMailLine(url),
    `  API:      ${url}/docs/api (interactive reference)   ${url}/api/v1/openapi.json   health: ${url}/api/health`,
    agents
      ? `  Agents:   seeded ${agents.agents} demo agents (${agents.signals.accepted} signals, every tier, ${agents.flagged} flagged)`
      : "  Agents:   the demo agents were seeded on an earlier start (`npm run admin -- demo seed --agents N` adds more).",
    ...tryItLines(url, curlKey, showcase),
    `            How the Ghost Score is computed: ${url}/docs/score`,
    `  Team:     the demo team is ${demo.teamId}; more keys: npm run admin -- key create --team ${demo.teamId}`,
  ];
  if (demo.created) lines.push(`  Demo key (shown once, store it now): ${demo.key}`);
  console.log(lines.join("\n"));
  if (build) {
    const ready = await portalReady;
    console.log(
      ready
        ? `\nPortal ready at ${url}/ (${Math.round((Date.now() - buildStarted) / 1000)} s after start).`
        : `\nThe portal's build failed (its output is above, marked [portal build]); the API keeps running at ${url}/api/v1.`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
