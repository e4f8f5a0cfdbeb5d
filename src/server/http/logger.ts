import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";

/**
 * Where secrets could sit in a logged object: request headers that carry credentials (whatever object holds the
 * headers), and fields named after a secret. A defence in depth: nothing should log these in the first place
 * (SPEC §9); a test scans captured server logs for every secret the suite used.
 */
export const REDACT_PATHS = [
  "headers.authorization",
  "headers.cookie",
  'headers["x-api-key"]',
  'headers["set-cookie"]',
  "*.headers.authorization",
  "*.headers.cookie",
  '*.headers["x-api-key"]',
  '*.headers["set-cookie"]',
  "*.authorization",
  "*.cookie",
  "*.apiKey",
  "*.key",
  "*.token",
  "*.secret",
  "*.serverSecret",
  "*.password",
];

export const loggerOptions: LoggerOptions = {
  level: process.env.LOG_LEVEL ?? "info",
  redact: { paths: REDACT_PATHS, censor: "[redacted]" },
};

export function createLogger(destination: DestinationStream): Logger {
  return pino(loggerOptions, destination);
}

/**
 * One structured logger for the server: JSON lines. Logs go to stderr so that stdout stays free for what a
 * command prints (the operator CLI shares these modules). `LOG_LEVEL` tunes it; tests set it to "warn".
 */
export const logger = createLogger(pino.destination(2));

/** The logger of one request: every line it writes carries the request id the caller sees in `X-Request-Id`. */
export function requestLogger(requestId: string): Logger {
  return logger.child({ requestId });
}
