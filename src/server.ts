/**
 * What `npm start` runs: one Node HTTP server. The REST paths go straight to the Hono app; everything else is
 * Next (portal pages, tRPC, next-auth). Run directly (`tsx src/server.ts [--dev]`) it listens on PORT.
 */
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { closeBackend, getBackend } from "./server/backend";
import { bodyLimitFor, limitRequestBody } from "./server/http/bodyLimit";
import { isRestPath } from "./server/http/fastPath";
import { logger } from "./server/http/logger";
import { trustedProxyHops } from "./server/http/clientAddress";
import { pageRequestPreparer } from "./server/http/pageHeaders";
import { answerPortalBuilding, type PortalBuildStatus } from "./server/http/portalBuilding";
import { runtimeHeaderOptions } from "./server/http/securityHeaders";
import { eventStreams } from "./server/http/eventStreams";
import { drain } from "./server/http/shutdown";
import { startOptionsFromEnv } from "./server/http/startOptions";
import { checkMailAtStart, mailDelivery, pinDevOutbox } from "./server/auth/mailDelivery";
import { outboxOpenUrl } from "./server/auth/outboxAccess";
import { localOutboxAccessSecret } from "./server/auth/outboxSeal";
import { resolveAuthSecret } from "./server/auth/secret";
import { backendKind } from "./server/backend/config";
import { captureUnexpected, flushSentry, initSentry } from "./server/observability/sentry";
import { createAnalyticsDrain } from "./server/observability/posthogDrain";
import { checkObservabilitySettings, posthogSettings } from "./server/observability/settings";
import { restApp } from "./server/rest/app";

/** A portal build the server runs after it starts listening (`npm start` passes `next build`; tests a fake). */
export interface BackgroundBuild {
  /** Builds the portal; rejects when the build fails. */
  run(): Promise<void>;
  /** How long it is expected to take, for the building page's estimate. */
  expectedMs: number;
}

export interface StartOptions {
  port: number;
  hostname?: string;
  /** Next's development server (compiles on demand, hot reload). */
  dev?: boolean;
  /**
   * Serve the portal through Next. Default: in dev always, otherwise when a build exists (`.next/BUILD_ID`);
   * without it only the API is served and other paths answer 404. `true` without a build fails at start.
   */
  portal?: boolean;
  /**
   * Build the portal after listening: the API answers at once, portal paths answer a "building" page (503) until
   * the build is done, then Next serves them in this same process. A failed build leaves the API running.
   */
  portalBuild?: BackgroundBuild;
  /** How long shutdown waits for in-flight requests before cutting them. */
  drainMs?: number;
  /** Exit the process on SIGTERM/SIGINT after a graceful shutdown (off for callers that manage their own). */
  handleSignals?: boolean;
}

export interface RunningServer {
  url: string;
  /** Whether Next serves the portal (and with it the dev outbox), or will once its background build is done. */
  portal: boolean;
  /** Resolves true once Next serves the portal, false when it never will (no portal, or its build failed). */
  portalReady: Promise<boolean>;
  close(): Promise<void>;
}

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function portalBuilt(): boolean {
  return existsSync(path.join(projectDir, ".next", "BUILD_ID"));
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

type PreparePage = ReturnType<typeof pageRequestPreparer>;

interface PortalHandler {
  handle: Handler;
  close(): Promise<void>;
}

async function createPortalHandler(prepare: PreparePage, dev: boolean, hostname: string, port: number): Promise<PortalHandler> {
  const app = next({ dev, dir: projectDir, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handle: (req, res) => {
      prepare(req, res);
      return handle(req, res);
    },
    close: () => app.close(),
  };
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { port, hostname = "0.0.0.0", dev = false, drainMs = 10_000, handleSignals = true, portalBuild } = options;
  // A malformed SENTRY_DSN or POSTHOG_HOST fails here, naming the variable, rather than sending nowhere.
  checkObservabilitySettings();
  const portal = portalBuild !== undefined || (options.portal ?? (dev || portalBuilt()));
  if (portal && !dev && !portalBuild && !portalBuilt()) {
    throw new Error("The portal has no production build (.next/BUILD_ID is missing): run `npm run build`, or start with PORTAL=false");
  }
  // Only the portal sends mail. With the NODE_ENV this process was started with: Next's bundle always sees "production".
  if (portal) checkMailAtStart();
  // The outbox's default depends on that NODE_ENV too, so its outcome is written down for the bundle to read.
  pinDevOutbox();

  // Open the backend first: a server that cannot reach its database should fail to start, not on the first call.
  // The engine gets a thread of its own, so HTTP and transactions run on two cores.
  await getBackend({ engineThread: true });
  // Error tracking, only when SENTRY_DSN is set (nothing of the SDK is loaded otherwise).
  await initSentry({ component: "server", backend: backendKind() });
  // Product analytics: the outbox's funnel events go to PostHog from here, only when POSTHOG_KEY is set.
  const posthog = posthogSettings();
  const analytics = posthog ? createAnalyticsDrain({ settings: posthog, backend: () => getBackend() }) : undefined;
  analytics?.start();
  // Resolved here rather than in Next's bundle, which always sees NODE_ENV as "production" (see secret.ts).
  // An empty value counts as unset, so production cannot start with a blank secret.
  if (!process.env.NEXTAUTH_SECRET) process.env.NEXTAUTH_SECRET = resolveAuthSecret();

  // The adapter's default swaps the global Request/Response for light versions that are only turned into web
  // objects (streams included) when something asks: an API answer is written without building a stream, ~20 % more
  // REST throughput (prisma-free-notes/rest-api.md). They behave as the originals for Next too (the e2e suite runs
  // the portal beside the API in this very process).
  const rest = getRequestListener(restApp.fetch);
  // Read before Next starts: a production Next server sets NODE_ENV itself, and the REST app read it at load.
  const prepare = pageRequestPreparer({ ...runtimeHeaderOptions("page", dev), proxyHops: trustedProxyHops() });
  let next = portal && !portalBuild ? await createPortalHandler(prepare, dev, hostname, port) : undefined;
  // Set while the background build runs (and after it failed): portal paths then answer the building page.
  let building: PortalBuildStatus | undefined = portalBuild && { startedAt: Date.now(), expectedMs: portalBuild.expectedMs, failed: false };
  const buildingPage = (status: PortalBuildStatus): Handler => (req, res) => {
    prepare(req, res);
    answerPortalBuilding(req, res, status);
  };
  let shuttingDown = false;
  const liveStreams = eventStreams();

  const serve = (handler: Handler, req: IncomingMessage, res: ServerResponse) => {
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      // The path only: a query string can carry a token (a magic link's, for one).
      const route = (req.url ?? "/").split("?")[0];
      logger.error({ err: error, path: route }, "request handler failed");
      captureUnexpected(error, { route: `${req.method ?? "GET"} ${route}` });
      // Past the headers the answer cannot become an error any more; cut it short rather than corrupt it.
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { "Content-Type": "text/plain" }).end("Internal error");
    });
  };

  const server = createServer((req, res) => {
    if (shuttingDown) res.setHeader("Connection", "close");
    const url = req.url ?? "/";
    // REST bounds its bodies itself (its 413 is a problem document); every other route is bounded here, before Next.
    if (isRestPath(url)) return void serve(rest, req, res);
    if (!limitRequestBody(req, res, bodyLimitFor(url))) return;
    liveStreams.track(req, res);
    serve(next ? next.handle : building ? buildingPage(building) : rest, req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const url = `http://${hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname}:${actualPort}`;
  // next-auth builds its links (the magic link among them) from NEXTAUTH_URL; default to where we listen.
  process.env.NEXTAUTH_URL ??= url;
  logger.info(
    { url, dev, portal },
    portalBuild ? "serving the API; the portal is building" : portal ? "serving portal and API" : "serving the API only (PORTAL=false, or no portal build)",
  );

  /** Runs the background build, then loads Next's handler in place of the building page. */
  const finishBuild = async (build: BackgroundBuild, status: PortalBuildStatus): Promise<boolean> => {
    try {
      await build.run();
      if (shuttingDown) return false;
      const handler = await createPortalHandler(prepare, dev, hostname, port);
      // A shutdown that began while Next prepared has already passed the point where it closes Next.
      if (shuttingDown) {
        await handler.close();
        return false;
      }
      next = handler;
      building = undefined;
      logger.info({ url }, "portal built: serving portal and API");
      return true;
    } catch (error) {
      status.failed = true;
      logger.error({ err: error }, "the portal's build failed; the API keeps running");
      return false;
    }
  };
  const portalReady = portalBuild && building ? finishBuild(portalBuild, building) : Promise.resolve(portal);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      liveStreams.cutAll();
      await drain(server, drainMs);
      await next?.close();
      // What the last requests committed still goes out, before the backend closes.
      await analytics?.close();
      await closeBackend();
      await flushSentry();
      logger.info("server stopped");
    })();
    return closing;
  };

  if (handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, "shutting down: draining in-flight requests");
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  }

  return { url, portal, portalReady, close };
}

const executedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);

if (executedDirectly) {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // Inside the promise chain: a bad PORT or PORTAL is logged like any other failure to start.
  Promise.resolve()
    .then(() => startServer({ ...startOptionsFromEnv(), dev: process.argv.includes("--dev") }))
    .then(({ url, portal }) => {
      // The outbox's access secret goes to the console only, never through the logger (npm start prints its own banner).
      if (portal && mailDelivery() === "outbox") console.log(`Dev outbox (sign-in mail): ${outboxOpenUrl(url, localOutboxAccessSecret())}`);
    })
    .catch((error: unknown) => {
      logger.fatal({ err: error }, "server failed to start");
      process.exit(1);
    });
}
