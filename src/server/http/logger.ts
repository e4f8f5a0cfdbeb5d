import { pino } from "pino";

/**
 * One structured logger for the server. Logs go to stderr so that stdout stays free for what a command prints
 * (the operator CLI shares these modules). `LOG_LEVEL` tunes it; tests set it to "warn" to keep output short.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    redact: { paths: ["*.authorization", "*.cookie", "*.apiKey", "*.token", "*.secret"], censor: "[redacted]" },
  },
  pino.destination(2),
);
