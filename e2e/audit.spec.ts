import { expect, test } from "@playwright/test";
import { AUDIT_ACTIONS } from "../convex/lib/auditActions";
import { screenshots } from "./helpers";
import { asRole, expectNoConsoleErrors, rolesTeam, watchConsoleErrors } from "./roles";

test("the audit log reads as sentences naming people, offers every action, and holds at 1,360 and 390 px", async ({ browser }) => {
  const { teamId, teamPath, emails } = rolesTeam();
  const { context, page } = await asRole(browser, "owner");
  const errors = watchConsoleErrors(page);
  await page.goto(`${teamPath}/audit`);
  const log = page.getByRole("table", { name: "Audit log" });
  // The fixture's invites, by address and with each role's name.
  await expect(log).toContainText(`${emails.owner} invited ${emails.admin} as an admin.`);
  await expect(log).toContainText(`${emails.billing} accepted the invite from ${emails.owner} and joined as a billing viewer.`);
  await expect(log).toContainText(`${emails.owner} created the team “Role Fixture” on the startup plan.`);
  // No raw id and no field name of the stored details.
  const text = (await log.innerText()).replace(teamPath, "");
  expect(text).not.toContain(teamId);
  expect(text).not.toMatch(/invitedBy|newKeyId|targetId|viaApiKeyId|: j[0-9a-z]{6}/);

  const filter = page.getByLabel("Action");
  await expect(filter.locator("option")).toHaveCount(AUDIT_ACTIONS.length + 1);
  await filter.selectOption({ label: "Invite accepted" });
  await expect(log.getByRole("row")).toHaveCount(4);
  await filter.selectOption("");

  for (const width of [1360, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const measured = await page.evaluate(() => {
      const wrap = document.querySelector(".table-wrap")!;
      const table = wrap.querySelector("table")!;
      const event = table.querySelector("tbody td:last-child")!;
      const rows = [...table.querySelectorAll("tbody tr")].map((row) => row.getBoundingClientRect().height);
      const time = table.querySelector("tbody time")!.getBoundingClientRect().height;
      return { overflow: wrap.scrollWidth - wrap.clientWidth, table: table.getBoundingClientRect().width, event: event.getBoundingClientRect().width, tallest: Math.max(...rows), time };
    });
    // Nothing scrolls sideways, the sentence has most of the row, and no row grows into a column of words.
    expect(measured.overflow, `sideways overflow at ${width}px`).toBeLessThanOrEqual(0);
    expect(measured.event / measured.table, `sentence column share at ${width}px`).toBeGreaterThan(0.55);
    expect(measured.tallest, `tallest row at ${width}px`).toBeLessThan(width === 390 ? 260 : 90);
    // One line of time on a wide screen (a line is 16 px × 1.55).
    if (width === 1360) expect(measured.time, "time height at 1360px").toBeLessThan(30);
  }
  await screenshots(page, "audit-log-roles");
  await expectNoConsoleErrors(errors);
  await context.close();
});
