/**
 * `GET /api/metrics`: the token guard, output a real Prometheus parser reads, and figures that move by exactly a
 * known workload made over HTTP. The suite shares one server, so figures are compared before and after the
 * workload rather than read as absolutes.
 */
import parsePrometheusTextFormat, { type PrometheusFamily } from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { baseUrl, call, testAddress, useDatabase, verifyCall } from "./fixtures";
import { REST_SUITE_METRICS_TOKEN } from "./server";

const fx = useDatabase();

interface Scrape {
  families: PrometheusFamily[];
  text: string;
}

async function scrape(): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/api/metrics`, { headers: { Authorization: `Bearer ${REST_SUITE_METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const text = await response.text();
  // The parser throws on any line that is not valid exposition format: this is the format check.
  return { families: parsePrometheusTextFormat(text), text };
}

/**
 * The `_count` of one labelled histogram series. parse-prometheus-text-format folds every series of a
 * histogram into one unlabelled entry, so labelled series are read from the sample lines it has validated.
 */
function histogramCount({ text }: Scrape, name: string, labels: Record<string, string>): number {
  for (const line of text.split("\n")) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== `${name}_count`) continue;
    const found = Object.fromEntries([...match[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v) && Object.keys(found).length === Object.keys(labels).length) return Number(match[3]);
  }
  return 0;
}

function family(families: PrometheusFamily[], name: string): PrometheusFamily {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no metric ${name}`);
  return found;
}

/** The gauge sample whose labels include `labels`, as a number (0 when the series does not exist yet). */
function value({ families }: Scrape, name: string, labels: Record<string, string> = {}): number {
  const sample = family(families, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? 0);
}

describe("GET /api/metrics", () => {
  it("answers 401 without the token, with a wrong one or with another scheme", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${REST_SUITE_METRICS_TOKEN}`, `Bearer ${REST_SUITE_METRICS_TOKEN}x`]) {
      const response = await fetch(`${baseUrl}/api/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
      expect(response.status, authorization).toBe(401);
      expect(await response.text()).not.toContain("ghostspeak_");
    }
  });

  it("serves the Prometheus text format, every family with help and type", async () => {
    const response = await fetch(`${baseUrl}/api/metrics`, { headers: { Authorization: `Bearer ${REST_SUITE_METRICS_TOKEN}` } });
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const families = parsePrometheusTextFormat(text);
    for (const name of [
      "ghostspeak_http_request_duration_seconds",
      "ghostspeak_webhook_deliveries",
      "ghostspeak_webhook_delivery_attempts_24h",
      "ghostspeak_api_calls_24h",
      "ghostspeak_revenue_usd_24h",
      "ghostspeak_api_calls_by_plan_24h",
      "ghostspeak_active_teams_24h",
      "ghostspeak_process_resident_memory_bytes",
    ]) {
      expect(family(families, name).help, name).not.toBe("");
    }
    expect(family(families, "ghostspeak_http_request_duration_seconds").type).toBe("HISTOGRAM");
    for (const status of ["pending", "failed"]) expect(Number.isFinite(value({ families, text }, "ghostspeak_webhook_deliveries", { status }))).toBe(true);
  });

  it("moves by exactly a known workload: latency by route template and status, calls, errors, revenue, plans", async () => {
    const teamId = await fx.team("enterprise");
    const { key } = await fx.key(teamId);
    const agents = [await fx.agent(), await fx.agent()];
    const before = await scrape();

    for (let i = 0; i < 3; i++) expect((await verifyCall(key, agents[i % 2].address)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await verifyCall(key, testAddress(7_100_000 + i))).status).toBe(404);
    for (const agent of agents) expect((await call(`/api/v1/agents/${agent.address}/score`, { key })).status).toBe(200);
    expect((await verifyCall("gs_live_notakeyatall0000000000000000", agents[0].address)).status).toBe(401);
    expect((await call("/api/v1/no-such-route", { key })).status).toBe(404);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    const latency = "ghostspeak_http_request_duration_seconds";
    const requests = (labels: Record<string, string>) => histogramCount(after, latency, labels) - histogramCount(before, latency, labels);
    expect(requests({ method: "POST", route: "/api/v1/verify", status: "200" })).toBe(3);
    expect(requests({ method: "POST", route: "/api/v1/verify", status: "404" })).toBe(2);
    expect(requests({ method: "POST", route: "/api/v1/verify", status: "401" })).toBe(1);
    expect(requests({ method: "GET", route: "/api/v1/agents/{address}/score", status: "200" })).toBe(2);
    expect(requests({ method: "GET", route: "unmatched", status: "404" })).toBe(1);
    // Never the raw path: no series carries an agent's address.
    for (const agent of agents) expect(after.text).not.toContain(agent.address);
    expect(after.text).not.toContain("no-such-route");

    // Business figures from rollups: the unauthenticated call is recorded nowhere, the 404s are free.
    expect(delta("ghostspeak_api_calls_24h", { endpoint: "/api/v1/verify" })).toBe(5);
    expect(delta("ghostspeak_api_billable_calls_24h", { endpoint: "/api/v1/verify" })).toBe(3);
    expect(delta("ghostspeak_api_errors_24h", { endpoint: "/api/v1/verify", class: "4xx" })).toBe(2);
    expect(delta("ghostspeak_api_calls_24h", { endpoint: "/api/v1/agents/{address}/score" })).toBe(2);
    expect(delta("ghostspeak_revenue_usd_24h", { endpoint: "/api/v1/verify" })).toBeCloseTo(0.03, 9);
    expect(delta("ghostspeak_revenue_usd_24h", { endpoint: "/api/v1/agents/{address}/score" })).toBeCloseTo(0.01, 9);
    expect(delta("ghostspeak_api_calls_by_plan_24h", { plan: "enterprise" })).toBe(7);
    expect(delta("ghostspeak_active_teams_24h")).toBe(1);
  });
});
