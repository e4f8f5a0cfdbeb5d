/**
 * What the portal's paths answer while `npm start` builds the portal in the background (src/server.ts), and
 * after that build failed: a 503 the API's clients and browsers both understand. The REST API is not behind
 * this; it answers from the first second.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

export interface PortalBuildStatus {
  /** When the build started (ms since the epoch). */
  startedAt: number;
  /** How long it is expected to take: the last build's duration, or a default the first time. */
  expectedMs: number;
  failed: boolean;
}

/** Seconds a browser waits before asking again; the page refreshes itself as often. */
export const BUILDING_RETRY_S = 5;

/** The estimate counted down from the start; never below zero (the build took longer than the last one). */
export function secondsLeft(status: PortalBuildStatus, now: number): number {
  return Math.max(0, Math.ceil((status.startedAt + status.expectedMs - now) / 1000));
}

function estimate(status: PortalBuildStatus, now: number): string {
  const left = secondsLeft(status, now);
  return left > 0 ? `about ${left} s left` : "longer than expected (a busy machine builds slower); the server's console shows its progress";
}

// The site's icon, inline: nothing else is served while the portal builds, so the page asks for nothing more.
const icon = `data:image/svg+xml,${encodeURIComponent(readFileSync(new URL("../../../public/icon.svg", import.meta.url), "utf8").trim())}`;

function page(title: string, message: string, refresh: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${BUILDING_RETRY_S}">\n` : ""}<title>${title} · GhostSpeak</title>
<link rel="icon" href="${icon}">
<style>
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #0b0d12; color: #e8ebf2; font: 16px/1.55 system-ui, sans-serif; }
main { max-width: 32rem; padding: 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
p { color: #9aa3b5; margin: 0.5rem 0; }
a { color: #8b7dff; }
</style>
</head>
<body>
<main>
<h1>${title}</h1>
${message}
</main>
</body>
</html>
`;
}

function body(req: IncomingMessage, status: PortalBuildStatus, now: number): { type: string; text: string } {
  const path = (req.url ?? "/").split("?")[0];
  // tRPC, next-auth and the Stripe webhook live under /api/ too: their callers read JSON, not a page.
  if (path.startsWith("/api/")) {
    const error = status.failed
      ? "The portal's build failed; the server's console says why. The REST API (/api/v1) is running."
      : `The portal is still building (${estimate(status, now)}). The REST API (/api/v1) is running.`;
    return { type: "application/json", text: JSON.stringify({ error }) };
  }
  if (status.failed) {
    return {
      type: "text/html; charset=utf-8",
      text: page(
        "The portal could not be built",
        "<p><code>next build</code> failed; the server's console says why. Fix it and start the server again.</p>" +
          '<p>The REST API is running: <a href="/api/health">/api/health</a>, <a href="/api/v1/openapi.json">the OpenAPI document</a>.</p>',
        false,
      ),
    };
  }
  return {
    type: "text/html; charset=utf-8",
    text: page(
      "The portal is building",
      `<p>The portal is being built: ${estimate(status, now)}. This page reloads itself.</p>` +
        '<p>The REST API is already running: try the verify call the console printed, <a href="/api/health">/api/health</a> or <a href="/api/v1/openapi.json">the OpenAPI document</a>.</p>',
      true,
    ),
  };
}

/** Answers a portal request with 503 and the build's state (the caller has set the page's security headers). */
export function answerPortalBuilding(req: IncomingMessage, res: ServerResponse, status: PortalBuildStatus, now = Date.now()): void {
  const { type, text } = body(req, status, now);
  const headers: Record<string, string> = { "Content-Type": type, "Cache-Control": "no-store" };
  // A failed build does not fix itself: no retry is promised.
  if (!status.failed) headers["Retry-After"] = String(BUILDING_RETRY_S);
  res.writeHead(503, headers);
  res.end(req.method === "HEAD" ? undefined : text);
}
