import { expect, type Page, test } from "@playwright/test";
import { startWebhookReceiver } from "../src/testing/webhookReceiver";
import { acceptInvite, admin } from "./helpers";
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

test("webhooks: a test delivery sent from outside shows its attempt in the open delivery log within 1 s, without a reload", async ({ browser, request }) => {
  test.setTimeout(120_000);
  const receiver = await startWebhookReceiver();
  try {
    const { emails } = rolesTeam();
    const { teamId } = (await admin("team", "create", "--name", "Live Hooks", "--owner", emails.owner)) as { teamId: string };
    const { key } = (await admin("key", "create", "--team", teamId, "--env", "test")) as { key: string };
    const headers = { "X-API-Key": key };
    const created = await request.post("/api/v1/webhooks", { headers, data: { url: receiver.url, events: ["webhook.test"] } });
    expect(created.status()).toBe(201);
    const { id } = ((await created.json()) as { webhook: { id: string } }).webhook;

    const { context, page } = await asRole(browser, "owner");
    const errors = watchConsoleErrors(page);
    await page.goto(`/t/${teamId}/webhooks/${id}`);
    await expect(page.locator('[data-live="on"]')).toBeVisible();
    await expect(page.getByText("No deliveries yet.")).toBeVisible();

    // From outside the page, as curl would; the attempt is recorded once the receiver has answered.
    expect((await request.post(`/api/v1/webhooks/${id}/test`, { headers })).status()).toBe(202);
    await expect.poll(() => receiver.received[0]?.answeredAt ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    const answered = receiver.received[0]!.answeredAt!;
    const deliveries = page.getByRole("table", { name: "Deliveries" });
    await expect(deliveries.getByRole("row").nth(1)).toContainText("delivered", { timeout: 1_000 });
    const seenAfterMs = Date.now() - answered;
    expect(seenAfterMs).toBeLessThan(1_000);
    await expect(deliveries.getByRole("row").nth(1).locator("summary")).toHaveText("1");
    test.info().annotations.push({ type: "seen after", description: `${seenAfterMs} ms` });

    await expectNoConsoleErrors(errors);
    await context.close();
  } finally {
    await receiver.close();
  }
});

test("members: a member removed while viewing the team has their live view ended with a clear message", async ({ browser }) => {
  test.setTimeout(120_000);
  const { emails } = rolesTeam();
  const { teamId } = (await admin("team", "create", "--name", "Live Leavers", "--owner", emails.owner)) as { teamId: string };

  const owner = await asRole(browser, "owner");
  await owner.page.goto(`/t/${teamId}/members`);
  await owner.page.getByLabel("Email address", { exact: true }).fill(emails.member);
  await owner.page.getByLabel("Role", { exact: true }).selectOption("member");
  await owner.page.getByRole("button", { name: "Send invite", exact: true }).click();
  await expect(owner.page.getByRole("list", { name: "Pending invites" })).toContainText(emails.member);

  const member = await asRole(browser, "member");
  const errors = watchConsoleErrors(member.page);
  await acceptInvite(member.page, emails.member, "Live Leavers");
  await member.page.waitForURL(`**/t/${teamId}`);
  await expect(member.page.locator('[data-live="on"]')).toBeVisible();

  // The owner's members page is live too: the new member appears there without a reload.
  const members = owner.page.getByRole("table", { name: "Members" });
  await expect(members).toContainText(emails.member);
  await owner.page.getByRole("button", { name: `Remove ${emails.member}` }).click();
  await owner.page.getByRole("dialog", { name: `Remove ${emails.member}?` }).getByRole("button", { name: "Remove member" }).click();
  await expect(members).not.toContainText(emails.member);

  const ended = member.page.locator('[data-live="ended"]');
  await expect(ended).toHaveText("Live updates stopped: You are no longer a member of this team. Go to your teams", { timeout: 2_000 });
  await ended.getByRole("link", { name: "Go to your teams" }).click();
  await member.page.waitForURL("**/dashboard");
  await expect(member.page.getByRole("link", { name: "Live Leavers" })).toHaveCount(0);

  await expectNoConsoleErrors(errors);
  await member.context.close();
  await owner.context.close();
});
