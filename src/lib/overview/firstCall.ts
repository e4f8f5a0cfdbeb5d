/**
 * The first call the overview and the API reference show: a curl a newcomer can paste, and the same call with the
 * TypeScript SDK, against this portal's own address, for an agent the API knows (the overview) or a placeholder (the
 * reference). The key stays a placeholder: keys are shown once, on the keys page, and never again.
 */
export const KEY_PLACEHOLDER = "<your key>";
export const AGENT_PLACEHOLDER = "<agent address>";

/**
 * Where the API answers: the configured public address (NEXTAUTH_URL, which the server sets to where it listens when
 * unset), else the address the browser used.
 */
export function apiBaseUrl(configured: string | undefined, request: { host: string | null; proto: string | null }): string {
  if (configured) return new URL(configured).origin;
  return `${request.proto === "https" ? "https" : "http"}://${request.host ?? "localhost:3000"}`;
}

/** Single quotes keep the shell from reading the JSON; the address is base58, so it needs no escaping. */
export function firstCallCurl(baseUrl: string, agentAddress: string): string {
  return [
    `curl -X POST ${baseUrl}/api/v1/verify \\`,
    `  -H 'X-API-Key: ${KEY_PLACEHOLDER}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"agentAddress":"${agentAddress}"}'`,
  ].join("\n");
}

/** The same call with `@ghostspeak/sdk` (src/sdk); JSON.stringify quotes each value as a JavaScript string. */
export function firstCallSdk(baseUrl: string, agentAddress: string): string {
  return [
    `import { GhostSpeak } from "@ghostspeak/sdk";`,
    "",
    `const ghostspeak = new GhostSpeak({ apiKey: ${JSON.stringify(KEY_PLACEHOLDER)}, baseUrl: ${JSON.stringify(baseUrl)} });`,
    `const { data } = await ghostspeak.verify({ agentAddress: ${JSON.stringify(agentAddress)} });`,
    "console.log(data.verified, data.ghostScore, data.tier);",
  ].join("\n");
}
