import { expect, test } from "@playwright/test";
import { signInByMagicLink } from "./helpers";

test("a platform operator sees the operator dashboard and switches its window", async ({ page }) => {
  await signInByMagicLink(page, "Operator@example.test");
  const response = await page.goto("/operator");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Operator", level: 1 })).toBeVisible();
  for (const name of ["API", "Webhooks", "Business", "Teams"]) await expect(page.getByRole("heading", { name, level: 2 })).toBeVisible();
  await expect(page.getByText("Latency p95")).toBeVisible();
  await expect(page.getByText("Queue depth")).toBeVisible();

  await page.getByRole("link", { name: "7 days" }).click();
  await page.waitForURL("**/operator?window=7d");
  await expect(page.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "page");
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
