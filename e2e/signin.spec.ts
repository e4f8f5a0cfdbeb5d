import { expect, test } from "@playwright/test";
import { admin, openOutbox, screenshots, signInByMagicLink } from "./helpers";
import { asRole, expectNoConsoleErrors, rolesTeam, watchConsoleErrors } from "./roles";

test("a visitor is sent to sign-in from the dashboard", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard|\/signin\?callbackUrl=\/dashboard/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await screenshots(page, "signin");
});

test("the sign-in form explains an invalid address next to the field", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
});

test("a newcomer signs in by magic link from the dev outbox and sees the empty state, then their team", async ({ page }) => {
  const email = `newcomer-${Date.now()}@example.test`;
  await signInByMagicLink(page, email);
  // The dashboard right after sign-in hydrates without an error (it once rendered differently on the server).
  const errors = watchConsoleErrors(page);
  await page.reload();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "No teams yet" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectNoConsoleErrors(errors);
  await screenshots(page, "dashboard-empty");

  await admin("team", "create", "--name", "Acme Robotics", "--owner", email);
  await page.reload();
  const teams = page.getByRole("list", { name: "Your teams" });
  await expect(teams.getByRole("heading", { name: "Acme Robotics" })).toBeVisible();
  await expect(teams).toContainText("owner");
  await screenshots(page, "dashboard-teams");

  await page.goto("/dev/outbox");
  await screenshots(page, "dev-outbox");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin/);
});

test("a magic link works once", async ({ page, browser }) => {
  const email = `once-${Date.now()}@example.test`;
  await page.goto("/signin");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText(email);
  await openOutbox(page);
  const link = await page
    .getByRole("listitem")
    .filter({ hasText: `To ${email}` })
    .first()
    .getByRole("link", { name: /\/api\/auth\/callback\/email/ })
    .getAttribute("href");
  expect(link).toBeTruthy();

  await page.goto(link!);
  await page.waitForURL("**/dashboard");

  const other = await browser.newContext();
  const second = await other.newPage();
  // Another browser on this machine, without the console's link, sees no mail.
  await second.goto("/dev/outbox");
  await expect(second.getByText("open the dev outbox link printed in the server's console")).toBeVisible();
  await expect(second.getByRole("list", { name: "Captured mail" })).toHaveCount(0);
  await second.goto(link!);
  await expect(second).toHaveURL(/\/signin\?error=Verification/);
  await expect(second.getByText("That sign-in link has expired or was already used.")).toBeVisible();
  await other.close();
});

test("sign-in mail is rate limited per address: the sixth request in 15 minutes is refused, readably, and sends nothing", async ({ page }) => {
  const email = `limited-${Date.now()}@example.test`;
  const request = async () => {
    await page.goto("/signin");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  };
  for (let i = 0; i < 5; i++) {
    await request();
    await expect(page.getByRole("status")).toContainText(email);
  }
  await request();
  // Next's route announcer is an (empty) alert too.
  await expect(page.getByRole("alert").filter({ hasText: "Too many sign-in links were asked for this address in the last 15 minutes." })).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0);

  await openOutbox(page);
  const mails = page.getByRole("list", { name: "Captured mail" }).getByRole("listitem").filter({ hasText: `To ${email}` });
  await expect(mails).toHaveCount(5);
});

test("an invite's sign-in link fills in the invited address", async ({ browser }) => {
  const { teamPath } = rolesTeam();
  const email = `prefill-${Date.now()}@roles.example.test`;
  const { context, page } = await asRole(browser, "owner");
  await page.goto(`${teamPath}/members`);
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("billing");
  await page.getByRole("button", { name: "Send invite", exact: true }).click();
  await expect(page.getByRole("list", { name: "Pending invites" })).toContainText(email);
  await openOutbox(page);
  const href = await page.getByRole("listitem").filter({ hasText: `To ${email}` }).getByRole("link", { name: /\/invites\// }).first().getAttribute("href");
  const invitePath = new URL(href!).pathname;

  const visitor = await browser.newContext();
  const invitee = await visitor.newPage();
  await invitee.goto(invitePath);
  await expect(invitee.getByText(`${email} is invited as a billing viewer.`)).toBeVisible();
  await invitee.getByRole("link", { name: `Sign in as ${email} to accept` }).click();
  await invitee.waitForURL(/\/signin\?/);
  expect(new URL(invitee.url()).searchParams.get("callbackUrl")).toBe(invitePath);
  await expect(invitee.getByLabel("Email address")).toHaveValue(email);
  await visitor.close();

  // The shared team keeps no invite of this test's.
  await page.goto(`${teamPath}/members`);
  await page.getByRole("button", { name: `Revoke invite to ${email}` }).click();
  await page.getByRole("dialog", { name: `Revoke the invite to ${email}?` }).getByRole("button", { name: "Revoke invite" }).click();
  await expect(page.getByRole("button", { name: `Revoke invite to ${email}` })).toHaveCount(0);
  await context.close();
});
