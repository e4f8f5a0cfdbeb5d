import { expect, test } from "@playwright/test";
import { admin, screenshots, signInByMagicLink } from "./helpers";

test("a platform operator sees the operator dashboard and switches its window", async ({ page }) => {
  await signInByMagicLink(page, "Operator@example.test");
  const response = await page.goto("/operator");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Operator", level: 1 })).toBeVisible();
  for (const name of ["API", "Webhooks", "Business", "Teams", "Error tracking and analytics"]) await expect(page.getByRole("heading", { name, level: 2 })).toBeVisible();
  // The e2e server configures neither service: each says so and names the variable that turns it on.
  for (const variable of ["SENTRY_DSN", "SENTRY_BROWSER_DSN", "POSTHOG_KEY"]) await expect(page.getByText(`Not configured: set ${variable}`, { exact: true })).toBeVisible();
  await expect(page.getByText("Latency p95")).toBeVisible();
  await expect(page.getByText("Queue depth")).toBeVisible();

  await page.getByRole("link", { name: "7 days" }).click();
  await page.waitForURL("**/operator?window=7d");
  await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
});

test("a platform operator sees member growth and the API key distribution as charts", async ({ page }) => {
  // A known change: one more member (the new team's owner) and one more test key in use on the startup plan.
  const { teamId } = (await admin("team", "create", "--name", "Charted", "--owner", `charted-${Date.now()}@example.test`)) as { teamId: string };
  await admin("key", "create", "--team", teamId, "--env", "test");

  await signInByMagicLink(page, "operator@example.test");
  await page.goto("/operator?window=7d");
  const chart = (caption: string) => page.locator("figure").filter({ has: page.getByText(caption, { exact: true }) });
  for (const caption of ["Member growth", "API keys by state", "Keys in use by plan"]) {
    await expect(chart(caption).locator("svg.recharts-surface").first()).toBeVisible();
  }
  await expect(chart("Member growth").locator(".recharts-line-curve")).toHaveCount(1);
  await expect(chart("Keys in use by plan").locator(".recharts-bar-rectangle").first()).toBeVisible();

  const figure = async (label: string) => Number((await page.locator(`dt:text-is("${label}") + dd`).textContent())?.replace(/,/g, ""));
  expect(await figure("Members added")).toBeGreaterThanOrEqual(1);
  expect(await figure("Members")).toBeGreaterThanOrEqual(await figure("Members added"));
  expect(await figure("Test keys in use")).toBeGreaterThanOrEqual(1);
  await screenshots(page, "operator");
});

test("a platform operator sees API calls, latency and webhook attempts as charts", async ({ page }) => {
  // A known workload: one answered call and one for an unknown agent (404) in the current hour, on a new team's test key.
  const { teamId } = (await admin("team", "create", "--name", "Called", "--owner", `called-${Date.now()}@example.test`)) as { teamId: string };
  const { key } = (await admin("key", "create", "--team", teamId, "--env", "test")) as { key: string };
  expect((await page.request.get("/api/v1/usage", { headers: { "X-API-Key": key } })).status()).toBe(200);
  expect((await page.request.get("/api/v1/agents/So11111111111111111111111111111111111111112/score", { headers: { "X-API-Key": key } })).status()).toBe(404);

  await signInByMagicLink(page, "operator@example.test");
  await page.goto("/operator");
  const chart = (caption: string) => page.locator("figure").filter({ has: page.getByText(caption, { exact: true }) });
  for (const caption of ["API calls by outcome", "API latency p50 / p95 / p99 (ms)", "Webhook delivery attempts"]) {
    await expect(chart(caption).locator("svg.recharts-surface").first()).toBeVisible();
  }
  await expect(chart("API calls by outcome").locator(".recharts-bar-rectangle").first()).toBeVisible();
  for (const name of ["Success", "4xx", "5xx"]) await expect(chart("API calls by outcome").locator(".recharts-legend-item").filter({ hasText: name })).toHaveCount(1);
  for (const name of ["p50", "p95", "p99"]) await expect(chart("API latency p50 / p95 / p99 (ms)").locator(".recharts-legend-item").filter({ hasText: name })).toHaveCount(1);
  for (const name of ["Succeeded", "Failed"]) await expect(chart("Webhook delivery attempts").locator(".recharts-legend-item").filter({ hasText: name })).toHaveCount(1);
  // The figures stay beside the charts.
  await expect(page.getByText("Latency p95")).toBeVisible();
  await expect(page.getByText("Delivery success rate")).toBeVisible();
  await screenshots(page, "operator-series");
});

test("a team owner gets 404 on the operator area and no link to it", async ({ page }) => {
  await signInByMagicLink(page, `owner-${Date.now()}@example.test`);
  await page.getByLabel("Team name").fill("Not Operators");
  await page.getByRole("button", { name: "Create team" }).click();
  await page.waitForURL(/\/t\/[^/]+$/);
  await expect(page.getByRole("link", { name: /operator/i })).toHaveCount(0);

  const response = await page.goto("/operator");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Latency p95")).toHaveCount(0);
});
