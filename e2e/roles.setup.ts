import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test as setup } from "@playwright/test";
import { openOutbox, signInByMagicLink } from "./helpers";
import { ROLES, type Role, type RolesTeam, rolesTeamFile, storageStateFile } from "./roles";

/** The link of the newest invite mail to `email`, from the dev outbox. */
async function inviteLink(page: Page, email: string): Promise<string> {
  await openOutbox(page);
  const href = await page
    .getByRole("listitem")
    .filter({ hasText: `To ${email}` })
    .getByRole("link", { name: /\/invites\// })
    .first()
    .getAttribute("href");
  expect(href).toBeTruthy();
  return new URL(href!).pathname;
}

setup("a team with a signed-in user in every role", async ({ browser }) => {
  setup.setTimeout(180_000);
  const stamp = Date.now();
  const emails = Object.fromEntries(ROLES.map((role) => [role, `${role}-${stamp}@roles.example.test`])) as Record<Role, string>;
  mkdirSync(path.dirname(rolesTeamFile()), { recursive: true });

  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signInByMagicLink(owner, emails.owner);
  await owner.getByLabel("Team name").fill("Role Fixture");
  await owner.getByRole("button", { name: "Create team" }).click();
  await owner.waitForURL(/\/t\/[^/]+$/);
  const teamPath = new URL(owner.url()).pathname;
  await ownerContext.storageState({ path: storageStateFile("owner") });

  for (const role of ROLES.filter((r) => r !== "owner")) {
    await owner.goto(`${teamPath}/members`);
    await owner.getByLabel("Email address", { exact: true }).fill(emails[role]);
    await owner.getByLabel("Role", { exact: true }).selectOption(role);
    await owner.getByRole("button", { name: "Send invite", exact: true }).click();
    await expect(owner.getByRole("list", { name: "Pending invites" })).toContainText(emails[role]);

    const context = await browser.newContext();
    const page = await context.newPage();
    await signInByMagicLink(page, emails[role]);
    await page.goto(await inviteLink(page, emails[role]));
    await page.getByRole("button", { name: "Accept invite" }).click();
    await page.waitForURL(`**${teamPath}`);
    await context.storageState({ path: storageStateFile(role) });
    await context.close();
  }
  await ownerContext.close();

  const team: RolesTeam = { teamId: teamPath.split("/")[2]!, teamPath, emails };
  writeFileSync(rolesTeamFile(), JSON.stringify(team));
});
