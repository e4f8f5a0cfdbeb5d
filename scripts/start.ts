/**
 * `npm start`: build the portal when needed, serve portal + API on the embedded backend (or CONVEX_URL),
 * seed demo data on first start, and tell a newcomer where to go.
 */
import { api } from "../convex/_generated/api";
import { demoAgentAddress } from "../convex/lib/demoPopulation";
import { getBackend } from "../src/server/backend";
import { startServer } from "../src/server";
import { mailDelivery } from "../src/server/auth/mailDelivery";
import { outboxOpenUrl } from "../src/server/auth/outboxAccess";
import { localOutboxAccessSecret } from "../src/server/auth/outboxSeal";
import { startOptionsFromEnv } from "../src/server/http/startOptions";
import { buildIfStale } from "./lib/build";

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

async function main(): Promise<void> {
  // PORT, HOST and PORTAL as `tsx src/server.ts` reads them; the API alone needs no build.
  const options = startOptionsFromEnv();
  if (options.portal !== false) await buildIfStale();
  const { url } = await startServer(options);
  const backend = await getBackend();
  const demo = await backend.mutation(api.demo.seed, {});
  // The demo agents come with the demo team, on the first start only (reseeding would only find duplicates).
  const agents = demo.created ? await backend.action(api.demo.seedAgents, { agents: DEMO_AGENTS }) : undefined;
  // Ready to paste on the first start, when the key is shown; afterwards the key is the reader's to fill in.
  const curlKey = demo.created ? demo.key : "<your key>";
  const lines = [
    "",
    `GhostSpeak is running at ${url} (backend: ${backend.kind})`,
    options.portal === false
      ? "  Portal:   not served (PORTAL=false); what follows about signing in applies once it is."
      : `  Portal:   ${url}/  — sign in at ${url}/signin as demo@ghostspeak.dev to see the demo team`,
    "            (any other address signs in too, with no team yet).",
    signInMailLine(url),
    `  API:      ${url}/docs/api (interactive reference)   ${url}/api/v1/openapi.json   health: ${url}/api/health`,
    agents
      ? `  Agents:   seeded ${agents.agents} demo agents (${agents.signals.accepted} signals, every tier, ${agents.flagged} flagged)`
      : "  Agents:   the demo agents were seeded on an earlier start (`npm run admin -- demo seed --agents N` adds more).",
    `            Try one: curl -X POST ${url}/api/v1/verify -H "X-API-Key: ${curlKey}" -H "Content-Type: application/json" \\`,
    `                       -d '{"agentAddress":"${demoAgentAddress(0)}","returnMetrics":true}'`,
    `            How the Ghost Score is computed: ${url}/docs/score`,
  ];
  if (demo.created) {
    lines.push(`  Demo key (shown once, store it now): ${demo.key}`);
  } else {
    lines.push("  Demo data was seeded on an earlier start; create keys with `npm run admin -- key create --team …`.");
  }
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
