import { expect, type Page, test } from "@playwright/test";
import { admin } from "./helpers";
import { asRole, expectNoConsoleErrors, rolesTeam, watchConsoleErrors } from "./roles";

/**
 * Live pages (issue 17): what another browser changes shows on an open page without a reload. A team of its own,
 * owned by the fixture's owner (signed in in two browser contexts), so the shared team's keys stay as they are.
 */

const statusOf = (page: Page, name: string) =>
  page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) }).locator('td[data-label="Status"]');

test("keys: a key revoked in a second browser shows revoked in the first within 1 s, without a reload", async ({ browser }) => {
  test.setTimeout(120_000);
  const { emails } = rolesTeam();
  const { teamId } = (await admin("team", "create", "--name", "Live Lab", "--owner", emails.owner)) as { teamId: string };
  const name = `Live ${Date.now()}`;
  await admin("key", "create", "--team", teamId, "--name", name);

  const watcher = await asRole(browser, "owner");
  const errors = watchConsoleErrors(watcher.page);
  await watcher.page.goto(`/t/${teamId}/keys`);
  await expect(watcher.page.locator('[data-live="on"]')).toBeVisible();
  await expect(statusOf(watcher.page, name)).toHaveText(/^active/);
  let reloads = 0;
  watcher.page.on("framenavigated", (frame) => {
    if (frame === watcher.page.mainFrame()) reloads++;
  });

  const other = await asRole(browser, "owner");
  await other.page.goto(`/t/${teamId}/keys`);
  await other.page.getByRole("button", { name: `Revoke ${name}` }).click();
  await other.page.getByRole("dialog", { name: `Revoke “${name}”?` }).getByRole("button", { name: "Revoke key" }).click();
  await expect(other.page.locator("[data-sonner-toast]").filter({ hasText: "” revoked." })).toBeVisible();
  const committed = Date.now();
  await expect(statusOf(watcher.page, name)).toHaveText(/^revoked/, { timeout: 1_000 });
  const seenAfterMs = Date.now() - committed;
  expect(seenAfterMs).toBeLessThan(1_000);
  expect(reloads).toBe(0);
  test.info().annotations.push({ type: "seen after", description: `${seenAfterMs} ms` });

  await expectNoConsoleErrors(errors);
  await other.context.close();
  await watcher.context.close();
});

test("usage: a call made from outside the browser shows on the open usage page within 1 s, without a reload", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { emails } = rolesTeam();
  const { teamId } = (await admin("team", "create", "--name", "Live Usage", "--owner", emails.owner)) as { teamId: string };
  const { key } = (await admin("key", "create", "--team", teamId, "--env", "test")) as { key: string };

  const { context, page } = await asRole(browser, "owner");
  const errors = watchConsoleErrors(page);
  await page.goto(`/t/${teamId}/usage`);
  await expect(page.locator('[data-live="on"]')).toBeVisible();
  await expect(page.getByTestId("usage-calls")).toHaveText("0");

  // From outside the page: the test's own HTTP client, as curl would.
  expect((await request.get("/api/v1/usage", { headers: { "X-API-Key": key } })).status()).toBe(200);
  const called = Date.now();
  await expect(page.getByTestId("usage-calls")).toHaveText("1", { timeout: 1_000 });
  expect(Date.now() - called).toBeLessThan(1_000);

  await expectNoConsoleErrors(errors);
  await context.close();
});
