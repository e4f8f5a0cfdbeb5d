/**
 * Finds secrets in captured server logs (SPEC §9: no secret, key or token in logs). Two nets: the exact values a
 * test run knows it handed out or used (tokens without a recognisable shape), and the shapes of credentials the
 * platform issues, which catch keys and signing secrets that any test made without telling anyone.
 */

export interface KnownSecret {
  /** What the value is, for the report; the value itself is never reported. */
  name: string;
  value: string;
}

export interface Finding {
  source: string;
  /** 1-based line number within the source. */
  line: number;
  what: string;
}

/** Shorter values would match by accident, so a scan refuses them rather than report noise. */
export const MIN_SECRET_LENGTH = 8;

const SHAPES: { what: string; pattern: RegExp }[] = [
  // Full keys only: the display form "gs_live_Ab3x…wxyz" carries 4 secret characters.
  { what: "an API key", pattern: /gs_(?:live|test)_[0-9A-Za-z]{16,}/ },
  { what: "a webhook signing secret", pattern: /whsec_[0-9A-Za-z+/=]{16,}/ },
  // "[redacted]" is what the logger and the Sentry scrubber (src/server/observability/scrub.ts) leave.
  { what: "a bearer credential", pattern: /\bBearer\s+(?!\[redacted\])[^\s"\\]{8,}/i },
  { what: "a credential header value", pattern: /"(?:authorization|cookie|set-cookie|x-api-key)"\s*:\s*"(?!\[redacted\]")/i },
  { what: "a session cookie", pattern: /session-token=(?!\[redacted\])[^\s;"]/i },
  // Mail links (the dev outbox printed them once): a magic link's token parameter, an invite's 32-byte token.
  { what: "a sign-in link token", pattern: /[?&]token=[0-9A-Za-z_-]{16,}/ },
  { what: "an invite link token", pattern: /\/invites\/[0-9A-Za-z_-]{43}/ },
];

export function scanLog(source: string, text: string, secrets: readonly KnownSecret[]): Finding[] {
  for (const secret of secrets) {
    if (secret.value.length < MIN_SECRET_LENGTH) throw new Error(`the ${secret.name} is too short to scan for (${secret.value.length} characters)`);
  }
  const findings: Finding[] = [];
  text.split("\n").forEach((content, index) => {
    for (const secret of secrets) {
      if (content.includes(secret.value)) findings.push({ source, line: index + 1, what: `the ${secret.name}` });
    }
    for (const shape of SHAPES) {
      if (shape.pattern.test(content)) findings.push({ source, line: index + 1, what: shape.what });
    }
  });
  return findings;
}

export interface LogStats {
  lines: number;
  /** Distinct `requestId` values among the JSON lines. */
  requestIds: number;
}

export function logStats(text: string): LogStats {
  const ids = new Set<string>();
  let lines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    lines++;
    try {
      const parsed = JSON.parse(line) as { requestId?: unknown };
      if (typeof parsed.requestId === "string") ids.add(parsed.requestId);
    } catch {
      // Not a JSON line (a crash trace, a printed mail): scanned all the same, counted as a line.
    }
  }
  return { lines, requestIds: ids.size };
}
