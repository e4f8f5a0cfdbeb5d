import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { auditActionLabel } from "../src/lib/audit/actionLabels";
import { openOutbox, screenshots, signInByMagicLink } from "./helpers";

/** The link of the newest mail to `email` whose link matches `pattern`, from the dev outbox. */
async function linkFromOutbox(page: Page, email: string, pattern: RegExp): Promise<string> {
  await openOutbox(page);
  const href = await page
    .getByRole("listitem")
    .filter({ hasText: `To ${email}` })
    .getByRole("link", { name: pattern })
    .first()
    .getAttribute("href");
  expect(href).toBeTruthy();
  return new URL(href!).pathname;
}

async function usageStatus(page: Page, key: string): Promise<number> {
  return (await page.request.get("/api/v1/usage", { headers: { "X-API-Key": key } })).status();
}

test("an owner runs a team: creates it, issues, rotates and revokes keys, invites a member who joins, changes roles, reads the audit log", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const ownerEmail = `owner-${stamp}@example.test`;
  const memberEmail = `member-${stamp}@example.test`;

  // Sign in and create a team: it starts on the startup plan and its owner lands on it.
  await signInByMagicLink(page, ownerEmail);
  await page.getByLabel("Team name").fill("");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText("Give the team a name.")).toBeVisible();
  await page.getByLabel("Team name").fill("Portal Robotics");
  await page.getByRole("button", { name: "Create team" }).click();
  await page.waitForURL(/\/t\/[^/]+$/);
  const teamPath = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1, name: "Portal Robotics" })).toBeVisible();
  await expect(page.getByText("on the startup plan")).toBeVisible();
  const teamNav = page.getByRole("navigation", { name: "Team" });
  await expect(teamNav.getByRole("link")).toHaveText(["Overview", "Members", "Usage", "API keys", "Webhooks", "Audit log", "Billing"]);
  await screenshots(page, "team-overview");

  // Create a key: shown once, and it works against the REST API.
  await teamNav.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByTestId("key-limit")).toHaveText("0 of 3 active keys on the startup plan.");
  await page.getByLabel("Key name").fill("CI");
  await page.getByRole("button", { name: "Create key" }).click();
  const firstKey = (await page.getByTestId("new-key").textContent())!;
  expect(firstKey).toMatch(/^gs_live_[0-9A-Za-z]{40}$/);
  await expect(page.getByTestId("key-limit")).toHaveText("1 of 3 active keys on the startup plan.");
  const keys = page.getByRole("table", { name: "API keys" });
  await expect(keys.getByRole("row", { name: /CI/ })).toContainText(ownerEmail);
  await expect(keys).toContainText(`${firstKey.slice(0, 12)}…${firstKey.slice(-4)}`);
  expect(await usageStatus(page, firstKey)).toBe(200);
  await screenshots(page, "api-keys");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-key")).toHaveCount(0);

  // Rotate with no grace (chosen in the confirmation): the old key stops at once, the new one works; then revoke the new one.
  await page.getByRole("button", { name: "Rotate CI" }).click();
  const rotateDialog = page.getByRole("dialog", { name: "Rotate “CI”?" });
  await rotateDialog.getByLabel("Grace period for the old key").selectOption("0");
  await rotateDialog.getByRole("button", { name: "Rotate key" }).click();
  await expect(page.getByTestId("new-key")).toBeVisible();
  const rotatedKey = (await page.getByTestId("new-key").textContent())!;
  expect(rotatedKey).not.toBe(firstKey);
  expect(await usageStatus(page, firstKey)).toBe(401);
  expect(await usageStatus(page, rotatedKey)).toBe(200);
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Revoke CI" }).first().click();
  await page.getByRole("dialog", { name: "Revoke “CI”?" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(keys.getByRole("row").filter({ hasText: "revoked" })).toHaveCount(1);
  expect(await usageStatus(page, rotatedKey)).toBe(401);

  // Invite a second user as a member; they accept in their own browser.
  await teamNav.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email address").fill("not-an-address");
  await page.getByRole("button", { name: "Send invite", exact: true }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await page.getByLabel("Email address").fill(memberEmail);
  await page.getByLabel("Role").selectOption("member");
  await page.getByRole("button", { name: "Send invite", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`Invite sent to ${memberEmail}`);
  await expect(page.getByRole("list", { name: "Pending invites" })).toContainText(memberEmail);
  await screenshots(page, "members");

  // Another invite, resent (a new link by mail) and then revoked.
  const thirdEmail = `third-${stamp}@example.test`;
  await page.getByLabel("Email address").fill(thirdEmail);
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Send invite", exact: true }).click();
  const pending = page.getByRole("list", { name: "Pending invites" });
  await expect(pending).toContainText(thirdEmail);
  const firstLink = await linkFromOutbox(page, thirdEmail, /\/invites\//);
  await page.goto(`${teamPath}/members`);
  await page.getByRole("button", { name: `Resend invite to ${thirdEmail}` }).click();
  await expect.poll(async () => linkFromOutbox(page, thirdEmail, /\/invites\//)).not.toBe(firstLink);
  await page.goto(firstLink);
  await expect(page.getByRole("heading", { name: "Invite not found" })).toBeVisible();
  await page.goto(`${teamPath}/members`);
  const revokeInvite = page.getByRole("dialog", { name: `Revoke the invite to ${thirdEmail}?` });
  await page.getByRole("button", { name: `Revoke invite to ${thirdEmail}` }).click();
  await revokeInvite.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(pending).toContainText(thirdEmail);
  await page.getByRole("button", { name: `Revoke invite to ${thirdEmail}` }).click();
  await revokeInvite.getByRole("button", { name: "Revoke invite" }).click();
  await expect(pending).not.toContainText(thirdEmail);
  await expect(pending).toContainText(memberEmail);

  const other = await browser.newContext();
  const memberPage = await other.newPage();
  await signInByMagicLink(memberPage, memberEmail);
  // Before accepting, the team is not theirs to see.
  expect((await memberPage.goto(teamPath))?.status()).toBe(404);
  const invitePath = await linkFromOutbox(memberPage, memberEmail, /\/invites\//);
  await memberPage.goto(invitePath);
  await expect(memberPage.getByRole("heading", { name: "Join Portal Robotics" })).toBeVisible();
  await screenshots(memberPage, "invite-accept");
  await memberPage.getByRole("button", { name: "Accept invite" }).click();
  await memberPage.waitForURL(`**${teamPath}`);

  // A member manages keys but sees neither billing nor the audit log.
  const memberNav = memberPage.getByRole("navigation", { name: "Team" });
  await expect(memberNav.getByRole("link")).toHaveText(["Overview", "Members", "Usage", "API keys", "Webhooks"]);
  await expect(memberPage.getByRole("link", { name: /billing/i })).toHaveCount(0);
  await memberPage.goto(`${teamPath}/audit`);
  await expect(memberPage.getByText("Your role (member) cannot read the audit log")).toBeVisible();
  await memberPage.goto(`${teamPath}/billing`);
  await expect(memberPage.getByText("Your role (member) cannot see billing")).toBeVisible();
  await expect(memberPage.getByRole("heading", { name: "Current period" })).toHaveCount(0);
  // The link works once.
  await memberPage.goto(invitePath);
  await expect(memberPage.getByText("This invite has already been used.")).toBeVisible();

  // The inviter is told by mail.
  expect(await linkFromOutbox(page, ownerEmail, /\/members/)).toBe(`${teamPath}/members`);

  // The owner makes them a billing viewer: nothing to manage any more.
  await page.goto(`${teamPath}/members`);
  await page.getByLabel(`Role of ${memberEmail}`).selectOption("billing");
  await expect(page.getByLabel(`Role of ${memberEmail}`)).toHaveValue("billing");
  await memberPage.goto(teamPath);
  await expect(memberNav.getByRole("link")).toHaveText(["Overview", "Members", "Usage", "Billing"]);
  // They see billing, and nothing there to manage.
  await memberNav.getByRole("link", { name: "Billing" }).click();
  await expect(memberPage.getByRole("heading", { name: "Current period" })).toBeVisible();
  await expect(memberPage.getByText("startup plan")).toBeVisible();
  await expect(memberPage.getByText("Billing is local")).toBeVisible();
  await expect(memberPage.getByText(/Included usage: \$0\.00 of \$10\.00 used/)).toBeVisible();
  await expect(memberPage.getByRole("table").getByRole("row")).toHaveCount(2);
  await expect(memberPage.getByLabel("Monthly cap (USD)")).toHaveCount(0);
  await expect(memberPage.getByRole("button", { name: /Switch to|Set cap/ })).toHaveCount(0);
  await screenshots(memberPage, "billing-viewer-billing");
  // And usage: the owner's calls above are charted, and the export is a CSV of them.
  await memberNav.getByRole("link", { name: "Usage" }).click();
  await expect(memberPage.getByText("Calls by endpoint")).toBeVisible();
  await expect(memberPage.getByTestId("usage-calls")).not.toHaveText("0");
  await memberPage.getByLabel("Range", { exact: true }).selectOption("24h");
  const firstKeyOption = memberPage.locator("#usage-key option", { hasText: firstKey.slice(0, 12) });
  await memberPage.getByLabel("API key", { exact: true }).selectOption((await firstKeyOption.getAttribute("value"))!);
  await expect(memberPage.getByTestId("usage-calls")).not.toHaveText("0");
  const [download] = await Promise.all([memberPage.waitForEvent("download"), memberPage.getByRole("button", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^usage-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("bucket_start_utc,endpoint,calls,client_errors,server_errors,cost_usd,latency_p50_ms,latency_p95_ms");
  const usageRow = csv.find((line) => line.includes(",/api/v1/usage,"))!.split(",");
  expect(Number(usageRow[2])).toBeGreaterThanOrEqual(1);
  expect(usageRow[5]).toBe("0");
  await screenshots(memberPage, "billing-viewer-usage");
  await memberPage.goto(`${teamPath}/keys`);
  await expect(memberPage.getByText("Your role (billing viewer) cannot manage API keys")).toBeVisible();
  await expect(memberPage.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await memberPage.goto(`${teamPath}/members`);
  await expect(memberPage.getByRole("button", { name: "Send invite", exact: true })).toHaveCount(0);
  await expect(memberPage.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await screenshots(memberPage, "billing-viewer-members");
  await other.close();

  // The owner caps spending (never below the base fee) and moves the team to growth at once.
  await page.goto(`${teamPath}/billing`);
  await page.getByLabel("Monthly cap (USD)").fill("20");
  await page.getByRole("button", { name: "Set cap" }).click();
  await expect(page.getByText("at least the startup plan's base fee of $49.00")).toBeVisible();
  await page.getByLabel("Monthly cap (USD)").fill("600");
  await page.getByRole("button", { name: "Set cap" }).click();
  await expect(page.getByText("Capped at $600.00 a month")).toBeVisible();
  await page.getByRole("button", { name: "Switch to growth" }).click();
  await page.getByRole("dialog", { name: "Switch from startup to growth?" }).getByRole("button", { name: "Switch to growth" }).click();
  await expect(page.getByText("growth plan ·")).toBeVisible();
  await expect(page.getByText(/Included usage: \$0\.00 of \$200\.00 used/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch to startup" })).toBeVisible();
  // The team heading above every page follows too.
  await expect(page.locator(".team-heading .badge", { hasText: "growth" })).toBeVisible();
  await screenshots(page, "billing-owner");

  // Everything above is in the audit log, filterable by action.
  await page.goto(`${teamPath}/audit`);
  const log = page.getByRole("table", { name: "Audit log" });
  for (const action of ["team.create", "key.create", "key.rotate", "key.revoke", "invite.create", "invite.accept", "member.role_change", "billing.spend_cap", "plan.change"]) {
    await expect(log.getByText(auditActionLabel(action), { exact: true }).first()).toBeVisible();
  }
  // As sentences, with keys by name and display and people by address.
  const display = (key: string) => `${key.slice(0, 12)}…${key.slice(-4)}`;
  await expect(log).toContainText(`${ownerEmail} changed ${memberEmail}'s role from member to billing viewer.`);
  await expect(log).toContainText(`${ownerEmail} capped monthly spend at $600.00.`);
  await expect(log.getByRole("row").filter({ hasText: `${ownerEmail} rotated key ` })).toContainText(
    new RegExp(`\\(${display(firstKey)}\\) with no grace period; its successor is .*\\(${display(rotatedKey)}\\)\\.`),
  );
  await page.getByLabel("Action").selectOption("key.rotate");
  await expect(log.getByRole("row")).toHaveCount(2);
  await screenshots(page, "audit-log");
});

test("an owner renames and then deletes a team after typing its name", async ({ page }) => {
  await signInByMagicLink(page, `deleter-${Date.now()}@example.test`);
  await page.getByLabel("Team name").fill("Short Lived");
  await page.getByRole("button", { name: "Create team" }).click();
  await page.waitForURL(/\/t\/[^/]+$/);
  const teamPath = new URL(page.url()).pathname;

  await page.getByLabel("Name", { exact: true }).fill("Shorter Lived");
  await page.getByRole("button", { name: "Rename team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shorter Lived" })).toBeVisible();

  await page.getByRole("button", { name: "Delete this team…" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “Shorter Lived”?" });
  const remove = confirm.getByRole("button", { name: "Delete this team" });
  await expect(remove).toBeDisabled();
  await confirm.getByLabel("Type “Shorter Lived” to confirm").fill("Shorter Lived");
  await remove.click();
  await page.waitForURL("**/dashboard");
  await expect(page.getByRole("heading", { name: "No teams yet" })).toBeVisible();
  const response = await page.goto(teamPath);
  expect(response?.status()).toBe(404);
});
