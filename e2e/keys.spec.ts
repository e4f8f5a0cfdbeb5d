import { expect, type Page, test } from "@playwright/test";
import { acceptInvite, admin, screenshots } from "./helpers";
import { asRole, expectNoConsoleErrors, rolesTeam, watchConsoleErrors } from "./roles";

/**
 * The API keys page and the confirmations (issue 15): a table that holds at 1,360 and 390 px after rotations with
 * long statuses, rotated keys under their successors, the per-key page with its rate limit honoured by REST, and
 * every confirmation cancelled first (nothing changes), then confirmed, with a toast. Destructive steps run in a
 * team of their own, owned by the fixture's owner; the shared fixture team is only looked at.
 */

test.describe.configure({ mode: "serial" });

let teamPath = "";
let currentKey = "";

async function rest(page: Page, key: string): Promise<{ status: number; limit: string | null }> {
  const response = await page.request.get("/api/v1/usage", { headers: { "X-API-Key": key } });
  return { status: response.status(), limit: response.headers()["x-ratelimit-limit"] ?? null };
}

const toast = (page: Page, text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });

/** What the layout checks need, measured in the page: widths of the table and its box, buttons, rows, cells. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const table = document.querySelector<HTMLTableElement>('table[aria-label="API keys"]')!;
    const buttons = [...table.querySelectorAll<HTMLButtonElement>("button")].map((button) => ({
      label: button.textContent,
      clientWidth: button.clientWidth,
      scrollWidth: button.scrollWidth,
      height: button.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(button).lineHeight),
    }));
    return {
      table: table.getBoundingClientRect().width,
      container: table.parentElement!.clientWidth,
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      buttons,
      rowHeights: [...table.tBodies[0]!.rows].map((row) => row.getBoundingClientRect().height),
      cellOverflow: Math.max(...[...table.querySelectorAll("td")].map((cell) => cell.scrollWidth - cell.clientWidth)),
      statuses: [...table.querySelectorAll('td[data-label="Status"]')].map((cell) => cell.textContent),
    };
  });
}

test.beforeAll(async () => {
  const { teamId } = (await admin("team", "create", "--name", "Keys Lab", "--owner", rolesTeam().emails.owner)) as { teamId: string };
  teamPath = `/t/${teamId}`;
});

test("keys: rotate and revoke are confirmed in-page, rotated keys sit under their successor, and the table holds at 1,360 and 390 px", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const { context, page } = await asRole(browser, "owner");
  const errors = watchConsoleErrors(page);
  await page.goto(`${teamPath}/keys`);
  await page.getByLabel("Key name").fill("Production");
  await page.getByRole("button", { name: "Create key" }).click();
  const first = (await page.getByTestId("new-key").textContent())!;
  await expect(toast(page, "Key “Production” created")).toBeVisible();
  await page.getByRole("button", { name: "Done" }).click();
  expect((await rest(page, first)).status).toBe(200);

  // Rotate, cancelled twice (Escape, then Cancel): no new key, the old one still works, focus back on the button.
  const rotateButton = page.getByRole("button", { name: "Rotate Production" });
  await rotateButton.click();
  const rotateDialog = page.getByRole("dialog", { name: "Rotate “Production”?" });
  await expect(rotateDialog).toBeVisible();
  await expect(rotateDialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await rotateDialog.getByLabel("Grace period for the old key").selectOption("24h");
  await expect(rotateDialog.getByTestId("rotate-consequence")).toContainText("With a grace period of 24 hours, the old key");
  await rotateDialog.getByLabel("Grace period for the old key").selectOption("0");
  await expect(rotateDialog.getByTestId("rotate-consequence")).toContainText("stops working at once");
  await page.keyboard.press("Escape");
  await expect(rotateDialog).toBeHidden();
  await expect(rotateButton).toBeFocused();
  await rotateButton.click();
  await rotateDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(rotateDialog).toBeHidden();
  await expect(page.getByTestId("new-key")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "API keys" }).getByRole("row")).toHaveCount(2);
  expect((await rest(page, first)).status).toBe(200);

  // Confirmed twice with 24 hours of grace: three keys named Production, the older two as predecessors.
  const keys: string[] = [first];
  for (let i = 0; i < 2; i++) {
    await page.getByRole("button", { name: "Rotate Production", exact: true }).click();
    await rotateDialog.getByLabel("Grace period for the old key").selectOption("24h");
    await rotateDialog.getByRole("button", { name: "Rotate key" }).click();
    await expect(page.getByTestId("new-key")).toBeVisible();
    await expect(toast(page, /“Production” rotated; the old key works until/).first()).toBeVisible();
    keys.push((await page.getByTestId("new-key").textContent())!);
    await page.getByRole("button", { name: "Done" }).click();
  }
  for (const key of keys) expect((await rest(page, key)).status).toBe(200);
  currentKey = keys[2]!;
  const names = page.getByRole("table", { name: "API keys" }).locator('td[data-label="Name"] a');
  await expect(names).toHaveText([/^Production$/, /^Production \(rotated [A-Z][a-z]{2} \d{1,2}\)$/, /^Production \(rotated [A-Z][a-z]{2} \d{1,2}\)$/]);

  for (const [width, height] of [
    [1360, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    const m = await measure(page);
    expect(m.statuses.filter((s) => s?.startsWith("rotated, valid until")), `${width}px`).toHaveLength(2);
    expect(m.table, `table within its box at ${width}px`).toBeLessThanOrEqual(m.container);
    expect(m.pageOverflow, `no sideways scroll at ${width}px`).toBeLessThanOrEqual(0);
    expect(m.cellOverflow, `no cell overflows (long statuses wrap) at ${width}px`).toBeLessThanOrEqual(0);
    // Rotate and Revoke on the key in use, Revoke on each predecessor.
    expect(m.buttons).toHaveLength(4);
    for (const button of m.buttons) {
      expect(button.clientWidth, `${button.label} keeps its label at ${width}px`).toBeGreaterThanOrEqual(button.scrollWidth);
      expect(button.height, `${button.label} is one line at ${width}px`).toBeLessThan(2 * button.lineHeight);
    }
    // Rows of a table stay short (at most four lines: a 38-character address wraps in its column; one letter per
    // line was 308 px); cards stacked on a phone hold one labelled line per field.
    for (const rowHeight of m.rowHeights) expect(rowHeight, `row height at ${width}px`).toBeLessThanOrEqual(width > 800 ? 120 : 340);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshots(page, "api-keys-rotated");

  // Revoke the oldest: cancelled, it still works; confirmed, it is refused.
  const revokeOldest = page.getByRole("button", { name: /^Revoke Production \(rotated/ }).last();
  await revokeOldest.click();
  const revokeDialog = page.getByRole("dialog", { name: /^Revoke “Production \(rotated/ });
  await expect(revokeDialog).toContainText(`${first.slice(0, 12)}…${first.slice(-4)}`);
  await revokeDialog.getByRole("button", { name: "Cancel" }).click();
  await expect(revokeDialog).toBeHidden();
  expect((await rest(page, first)).status).toBe(200);
  await revokeOldest.click();
  await revokeDialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(toast(page, "” revoked.")).toBeVisible();
  await expect.poll(async () => (await rest(page, first)).status, { timeout: 10_000 }).toBe(401);
  expect((await rest(page, keys[1]!)).status).toBe(200);

  await expectNoConsoleErrors(errors);
  await context.close();
});

test("keys: the per-key page shows the key, renames it and sets a limit REST then answers with; one over the plan is refused", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await asRole(browser, "owner");
  const errors = watchConsoleErrors(page);
  await page.goto(`${teamPath}/keys`);
  await page.getByRole("table", { name: "API keys" }).getByRole("link", { name: "Production", exact: true }).click();
  await page.waitForURL(/\/keys\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "API key" })).toBeVisible();
  const facts = page.locator("dl.key-facts");
  await expect(facts).toContainText("Environment");
  await expect(facts).toContainText("live");
  await expect(facts).toContainText(rolesTeam().emails.owner);
  await expect(facts).toContainText(`${currentKey.slice(0, 12)}…${currentKey.slice(-4)}`);
  await expect(page.getByTestId("key-rate-limit")).toHaveText("60 per minute, the startup plan's");
  // The calls made with it above, by day, calls only (no costs for a page members see).
  await expect(page.getByRole("table", { name: "Calls per day" }).getByRole("row")).toHaveCount(9);
  await expect(page.getByTestId("key-usage-total")).not.toHaveText("0");
  await expect(page.getByRole("table", { name: "Calls per day" })).not.toContainText("$");

  // Over the plan: a readable message, nothing changes.
  const limitInput = page.getByLabel("Requests per minute");
  await limitInput.fill("61");
  await page.getByRole("button", { name: "Save limit" }).click();
  await expect(page.getByText("At most 60 per minute: a key's limit cannot exceed its plan's.")).toBeVisible();
  await expect(limitInput).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("key-rate-limit")).toHaveText("60 per minute, the startup plan's");
  expect((await rest(page, currentKey)).limit).toBe("60");

  await limitInput.fill("5");
  await page.getByRole("button", { name: "Save limit" }).click();
  await expect(toast(page, "Rate limit set to 5 per minute.")).toBeVisible();
  await expect(page.getByTestId("key-rate-limit")).toHaveText("5 per minute (the startup plan allows 60)");
  expect((await rest(page, currentKey)).limit).toBe("5");

  await page.getByLabel("Key name").fill("Production EU");
  await page.getByRole("button", { name: "Rename key" }).click();
  await expect(toast(page, "Key renamed to “Production EU”.")).toBeVisible();
  await expect(page.getByTestId("key-name")).toHaveText("Production EU");
  await screenshots(page, "api-key-detail");

  await page.getByRole("button", { name: "Use the plan's limit" }).click();
  await expect(page.getByTestId("key-rate-limit")).toHaveText("60 per minute, the startup plan's");
  expect((await rest(page, currentKey)).limit).toBe("60");
  await page.goto(`${teamPath}/keys`);
  await expect(page.getByRole("table", { name: "API keys" }).getByRole("link", { name: "Production EU", exact: true })).toBeVisible();

  await expectNoConsoleErrors(errors);
  await context.close();
});

test("keys: a billing viewer of the shared team sees no key actions, a member does", async ({ browser }) => {
  const { teamPath: fixturePath } = rolesTeam();
  const billing = await asRole(browser, "billing");
  await billing.page.goto(`${fixturePath}/keys`);
  await expect(billing.page.getByText("Your role (billing viewer) cannot manage API keys")).toBeVisible();
  await expect(billing.page.getByRole("button", { name: /Create key|Rotate|Revoke/ })).toHaveCount(0);
  await billing.page.goto(`${fixturePath}/keys/not-a-key`);
  await expect(billing.page.getByText("Your role (billing viewer) cannot manage API keys")).toBeVisible();
  await billing.context.close();

  const member = await asRole(browser, "member");
  await member.page.goto(`${fixturePath}/keys`);
  await expect(member.page.getByRole("button", { name: "Create key" })).toBeVisible();
  await member.context.close();
});

test("confirmations: a plan change, an ownership transfer, a member removal and a team deletion change nothing when cancelled, then happen", async ({ browser }) => {
  test.setTimeout(180_000);
  const { emails } = rolesTeam();
  const owner = await asRole(browser, "owner");
  const page = owner.page;
  const errors = watchConsoleErrors(page);

  // Plan: old price → new price, effective at once; cancelled, still startup.
  await page.goto(`${teamPath}/billing`);
  await page.getByRole("button", { name: "Switch to growth" }).click();
  const planDialog = page.getByRole("dialog", { name: "Switch from startup to growth?" });
  await expect(planDialog.getByTestId("plan-change-summary")).toContainText("Base fee: $49.00 → $499.00 a month");
  await expect(planDialog).toContainText("Takes effect immediately");
  await page.keyboard.press("Escape");
  await expect(planDialog).toBeHidden();
  await page.reload();
  await expect(page.locator(".team-heading .badge", { hasText: "startup" })).toBeVisible();
  await page.getByRole("button", { name: "Switch to growth" }).click();
  await planDialog.getByRole("button", { name: "Switch to growth" }).click();
  await expect(toast(page, "Plan changed to growth.")).toBeVisible();
  await expect(page.locator(".team-heading .badge", { hasText: "growth" })).toBeVisible();

  // Renaming is not confirmed, only reported.
  await page.goto(teamPath);
  await page.getByLabel("Name", { exact: true }).fill("Keys Lab Two");
  await page.getByRole("button", { name: "Rename team" }).click();
  await expect(toast(page, "Team renamed to “Keys Lab Two”.")).toBeVisible();

  // The fixture's admin joins as a member, to be handed the team.
  await page.goto(`${teamPath}/members`);
  await page.getByLabel("Email address", { exact: true }).fill(emails.admin);
  await page.getByLabel("Role", { exact: true }).selectOption("member");
  await page.getByRole("button", { name: "Send invite", exact: true }).click();
  await expect(page.getByRole("list", { name: "Pending invites" })).toContainText(emails.admin);
  const heir = await asRole(browser, "admin");
  await acceptInvite(heir.page, emails.admin, "Keys Lab");
  await heir.page.waitForURL(`**${teamPath}`);

  // Transfer: cancelled, the owner is unchanged; confirmed, the heir owns the team.
  await page.goto(teamPath);
  await page.getByLabel("New owner").selectOption({ label: `${emails.admin} (member)` });
  await page.getByRole("button", { name: "Transfer ownership…" }).click();
  const transferDialog = page.getByRole("dialog", { name: `Make ${emails.admin} the owner?` });
  await transferDialog.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.locator(".team-heading .badge").first()).toHaveText("owner");
  await page.getByLabel("New owner").selectOption({ label: `${emails.admin} (member)` });
  await page.getByRole("button", { name: "Transfer ownership…" }).click();
  await transferDialog.getByRole("button", { name: "Transfer ownership" }).click();
  await expect(toast(page, `${emails.admin} now owns the team; you are an admin.`)).toBeVisible();
  await expect(page.locator(".team-heading .badge").first()).toHaveText("admin");
  await expectNoConsoleErrors(errors);
  await owner.context.close();

  // The new owner removes the old one (now an admin): cancelled, they stay; confirmed, they are gone.
  const heirErrors = watchConsoleErrors(heir.page);
  await heir.page.goto(`${teamPath}/members`);
  const members = heir.page.getByRole("table", { name: "Members" });
  await heir.page.getByRole("button", { name: `Remove ${emails.owner}` }).click();
  const removeDialog = heir.page.getByRole("dialog", { name: `Remove ${emails.owner}?` });
  await removeDialog.getByRole("button", { name: "Cancel" }).click();
  await heir.page.reload();
  await expect(members).toContainText(emails.owner);
  await heir.page.getByRole("button", { name: `Remove ${emails.owner}` }).click();
  await removeDialog.getByRole("button", { name: "Remove member" }).click();
  await expect(toast(heir.page, `${emails.owner} removed from the team.`)).toBeVisible();
  await expect(members).not.toContainText(emails.owner);

  // Delete, by the new owner: the confirmation needs the name typed; cancelled, the team is still there.
  await heir.page.goto(teamPath);
  await heir.page.getByRole("button", { name: "Delete this team…" }).click();
  const deleteDialog = heir.page.getByRole("dialog", { name: "Delete “Keys Lab Two”?" });
  await expect(deleteDialog.getByLabel("Type “Keys Lab Two” to confirm")).toBeFocused();
  await deleteDialog.getByLabel("Type “Keys Lab Two” to confirm").fill("Keys Lab");
  await expect(deleteDialog.getByRole("button", { name: "Delete this team" })).toBeDisabled();
  await heir.page.keyboard.press("Escape");
  await expect(deleteDialog).toBeHidden();
  expect((await heir.page.goto(teamPath))?.status()).toBe(200);
  await heir.page.getByRole("button", { name: "Delete this team…" }).click();
  await deleteDialog.getByLabel("Type “Keys Lab Two” to confirm").fill("Keys Lab Two");
  await deleteDialog.getByRole("button", { name: "Delete this team" }).click();
  await heir.page.waitForURL("**/dashboard");
  await expect(toast(heir.page, "Team “Keys Lab Two” deleted.")).toBeVisible();
  await expectNoConsoleErrors(heirErrors);
  expect((await heir.page.goto(teamPath))?.status()).toBe(404);
  await heir.context.close();
});
