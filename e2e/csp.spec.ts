import { expect, type Page, test } from "@playwright/test";
import { admin, signInByMagicLink } from "./helpers";

/** Every CSP violation a page reports, from the console and from the DOM's own event (registered before any script). */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => {
    if (/Content Security Policy/i.test(error.message)) violations.push(`${page.url()}: ${error.message}`);
  });
  return violations;
}

async function scriptSrc(page: Page, path: string): Promise<string> {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  const csp = (await response!.headerValue("content-security-policy")) ?? "";
  return csp.split(";").map((part) => part.trim()).find((part) => part.startsWith("script-src")) ?? "";
}

/**
 * The page hydrated: React attached itself to the server-rendered DOM, which it can only do with the flight data
 * Next's inline scripts carry (a blocked one leaves a static page behind).
 */
async function expectHydrated(page: Page, path: string): Promise<void> {
  await page
    .waitForFunction(
      () => {
        const main = document.querySelector("#main");
        return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber"));
      },
      undefined,
      { timeout: 15_000 },
    )
    .catch(() => {
      throw new Error(`${path} did not hydrate`);
    });
}

test("every page sends a script-src with a fresh nonce and no 'unsafe-inline', and runs with no CSP violation", async ({ page }) => {
  test.setTimeout(180_000);
  const violations = watchCsp(page);

  const first = await scriptSrc(page, "/");
  const second = await scriptSrc(page, "/");
  expect(first).toMatch(/'nonce-[A-Za-z0-9+/=_-]{16,}'/);
  expect(first).not.toContain("'unsafe-inline'");
  expect(first.match(/'nonce-[^']+'/)?.[0]).not.toBe(second.match(/'nonce-[^']+'/)?.[0]);

  const email = "operator@example.test";
  const signedOut = ["/", "/docs", "/docs/score", "/docs/api", "/signin", "/invites/not-a-real-invite-token", "/no-such-page"];
  for (const path of signedOut) {
    const src = await scriptSrc(page, path);
    expect(src, path).toMatch(/'nonce-/);
    expect(src, path).not.toContain("'unsafe-inline'");
    await expectHydrated(page, path);
  }
  // Scalar draws its sidebar from the live document: the reference page works, not merely loads.
  await page.goto("/docs/api");
  await expect(page.getByRole("navigation", { name: /Sidebar/ }).getByRole("button", { name: "Verify an agent (1¢) HTTP Method:" })).toBeVisible({ timeout: 20_000 });

  await signInByMagicLink(page, email);
  const { teamId } = (await admin("team", "create", "--name", "Nonce Works", "--owner", email)) as { teamId: string };
  const signedIn = ["/dashboard", "/dev/outbox", "/operator", "/operator?window=7d"].concat(
    ["", "/members", "/keys", "/usage", "/webhooks", "/audit", "/billing"].map((tail) => `/t/${teamId}${tail}`),
  );
  for (const path of signedIn) {
    const src = await scriptSrc(page, path);
    expect(src, path).toMatch(/'nonce-/);
    expect(src, path).not.toContain("'unsafe-inline'");
    await expectHydrated(page, path);
  }
  // Client navigation and a client component's action still work under the policy.
  await page.goto(`/t/${teamId}/keys`);
  await page.getByLabel("Key name").fill("Under CSP");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-key")).toHaveText(/^gs_live_/);

  expect(violations, "CSP violations").toEqual([]);
});
