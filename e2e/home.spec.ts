import { expect, test } from "@playwright/test";
import { screenshots } from "./helpers";

test("the home page says what GhostSpeak is and links to sign-in and the API docs", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("AI agent");
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/signin");
  await expect(page.getByRole("link", { name: "Read the API docs" })).toHaveAttribute("href", "/docs");
  await screenshots(page, "home");

  await page.getByRole("link", { name: "Read the API docs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API docs" })).toBeVisible();
  await expect(page.locator("#validation-error")).toContainText("VALIDATION_ERROR");
  await screenshots(page, "docs");
});

test("pages and the API beside them carry the security headers", async ({ request }) => {
  for (const path of ["/", "/signin", "/api/health", "/api/trpc/health.check"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});

test("the REST fast path answers beside the portal, with problems for unknown API routes", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(await health.json()).toMatchObject({ status: "ok", backend: "embedded" });
  const missing = await request.get("/api/v1/no-such-thing");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-type"]).toBe("application/problem+json");
});

test("the site's icons, share card and robots.txt are served, and the header shows the logo, with no console error", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  await page.goto("/");
  const logo = page.getByRole("banner").locator('img[src="/logo.svg"]');
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveCount(1);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", /\/og\.png$/);

  for (const [path, type] of [
    ["/favicon.ico", "image/x-icon"],
    ["/icon.svg", "image/svg+xml"],
    ["/apple-touch-icon.png", "image/png"],
    ["/og.png", "image/png"],
    ["/robots.txt", "text/plain"],
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toContain(type);
  }
  expect(await (await request.get("/robots.txt")).text()).toMatch(/^Disallow: \/t\/$/m);
  expect(errors).toEqual([]);
});
