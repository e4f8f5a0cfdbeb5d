import { expect, test } from "@playwright/test";
import { screenshots } from "./helpers";

test("the API reference renders the live OpenAPI document, offline, from the docs page, after a first call with curl and the SDK", async ({ page, baseURL }) => {
  const external: string[] = [];
  const cspViolations: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol.startsWith("http")) external.push(request.url());
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  await page.goto("/docs");
  await page.getByRole("link", { name: "interactive API reference" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  // A first call against this site's address: curl, and the TypeScript SDK beside it.
  await expect(page.getByTestId("first-call-curl")).toContainText(`curl -X POST ${baseURL}/api/v1/verify`);
  await expect(page.getByTestId("first-call-sdk")).toContainText(`new GhostSpeak({ apiKey: "<your key>", baseUrl: "${baseURL}" })`);
  await expect(page.getByRole("button", { name: "Copy SDK snippet" })).toBeVisible();
  // Scalar's sidebar lists every operation by its summary, from the document the server generated.
  const sidebar = page.getByRole("navigation", { name: /Sidebar/ });
  for (const summary of ["Verify an agent (1¢)", "An agent's Ghost Score (0.5¢)", "Verify up to 100 agents (0.5¢ per unique found agent)", "The team's usage (free)"]) {
    // Each entry is a button named by the summary and its method ("… HTTP Method: POST").
    await expect(sidebar.getByRole("button", { name: `${summary} HTTP Method:` })).toBeVisible({ timeout: 20_000 });
  }
  await expect(page.getByRole("button", { name: "Ask AI" })).toHaveCount(0);
  // Dark like the portal: Scalar's page background is the portal's (--bg), whatever the system prefers.
  await expect(page.locator("body")).toHaveClass(/dark-mode/);
  const background = await page.locator(".scalar-app, .scalar-api-reference").first().evaluate((el) => getComputedStyle(el).getPropertyValue("--scalar-background-1").trim());
  expect(background).toBe("#0b0d12");
  await screenshots(page, "api-reference");
  expect(external, "requests that left the site").toEqual([]);
  expect(cspViolations, "CSP violations").toEqual([]);
});
