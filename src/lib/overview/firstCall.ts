/**
 * The overview's first call: a curl a newcomer can paste, against this portal's own address, for an agent the API
 * knows. The key stays a placeholder: keys are shown once, on the keys page, and never again.
 */
export const KEY_PLACEHOLDER = "<your key>";

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
