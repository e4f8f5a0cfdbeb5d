import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { expect, type Page, test } from "@playwright/test";
import { screenshots } from "./helpers";
import { asRole, expectNoConsoleErrors, ROLES, rolesTeam, watchConsoleErrors } from "./roles";

const run = promisify(execFile);

/** Roles that see costs, webhooks and the audit log (SPEC §5). */
const SEES_BILLING = ["owner", "admin", "billing"];
const SEES_WEBHOOKS = ["owner", "admin", "member"];
const SEES_AUDIT = ["owner", "admin"];

const NO_COST_HEADER = "bucket_start_utc,endpoint,calls,client_errors,server_errors,latency_p50_ms,latency_p95_ms";
const FULL_HEADER = "bucket_start_utc,endpoint,calls,client_errors,server_errors,cost_usd,latency_p50_ms,latency_p95_ms";

async function exportedCsvHeader(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  return readFileSync((await download.path())!, "utf8").split("\r\n")[0]!;
}

test("each role of a team sees its overview: spend for billing roles only, audit events for owners and admins, webhook health for those who manage webhooks", async ({ browser }) => {
  const { teamPath } = rolesTeam();
  for (const role of ROLES) {
    const { context, page } = await asRole(browser, role);
    const errors = watchConsoleErrors(page);
    await page.goto(teamPath);
    await expect(page.getByRole("heading", { name: "Getting started" })).toBeVisible();
    await expect(page.getByTestId("calls-this-month")).toHaveText(/^\d[\d,]*$/);
    await expect(page.getByTestId("keys-in-use")).toHaveText(/^\d+ of 3$/);
    await expect(page.getByTestId("seats-in-use")).toHaveText(/^\d+ of 5$/);
    await expect(page.getByText("60 / min")).toBeVisible();

    const billing = SEES_BILLING.includes(role);
    await expect(page.getByTestId("spend-this-month")).toHaveCount(billing ? 1 : 0);
    await expect(page.getByTestId("projected-total")).toHaveCount(billing ? 1 : 0);
    await expect(page.getByTestId("included-usage")).toHaveCount(billing ? 1 : 0);
    if (billing) await expect(page.getByTestId("spend-this-month")).toHaveText(/^\$\d/);
    // Nothing on a member's overview is money.
    else await expect(page.getByText(/\$\d/)).toHaveCount(0);

    await expect(page.getByRole("heading", { name: "Webhook health" })).toHaveCount(SEES_WEBHOOKS.includes(role) ? 1 : 0);

    const audit = SEES_AUDIT.includes(role);
    await expect(page.getByRole("heading", { name: "Recent activity" })).toHaveCount(audit ? 1 : 0);
    if (audit) {
      // The fixture's own invites and accepts at least; never more than five.
      const events = page.getByRole("list", { name: "Latest audit events" }).getByRole("listitem");
      await expect(events.first()).toBeVisible();
      // Read as the audit log writes them: people by address, never raw ids.
      await expect(events.filter({ hasText: "@roles.example.test" }).first()).toBeVisible();
      for (const text of await events.allTextContents()) expect(text).not.toMatch(/\b[a-z0-9]{31,32}\b/);
      expect(await events.count()).toBeLessThanOrEqual(5);
      await expect(page.getByRole("link", { name: "Audit log" }).last()).toHaveAttribute("href", `${teamPath}/audit`);
    }

    // Billing viewers cannot manage keys: no step sends them to make one, whatever state the team is in.
    if (role === "billing") {
      await expect(page.getByRole("link", { name: "Create a key" })).toHaveCount(0);
      await expect(page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "API keys" })).toHaveCount(0);
    } else if (await page.getByRole("list").filter({ hasText: "Create an API key." }).isVisible()) {
      await expect(page.getByRole("link", { name: "Create a key" })).toHaveAttribute("href", `${teamPath}/keys`);
    }
    await screenshots(page, `overview-${role}`);
    await expectNoConsoleErrors(errors);
    await context.close();
  }
});

test("a new team follows the getting-started steps: copies the curl (the SDK snippet beside it), makes the call, and sees this month's calls go up", async ({ browser, baseURL }) => {
  // A team of its own (the fixture's owner creates it): its first call must be the one made here.
  const { context, page } = await asRole(browser, "owner");
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
  await page.goto("/dashboard");
  await page.getByLabel("Team name").fill(`Overview ${Date.now()}`);
  await page.getByRole("button", { name: "Create team" }).click();
  await page.waitForURL(/\/t\/[^/]+$/);
  const teamPath = new URL(page.url()).pathname;
  // From here on: the overview and keys pages (the dashboard is another page's business).
  const errors = watchConsoleErrors(page);

  const steps = page.getByRole("heading", { name: "Getting started" }).locator("xpath=..").getByRole("listitem");
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText("To do");
  await expect(steps.nth(1)).toContainText("To do");
  await expect(page.getByRole("link", { name: "every endpoint, its answers and errors" })).toHaveAttribute("href", "/docs/api");
  await expect(page.getByTestId("calls-this-month")).toHaveText("0");
  await expect(page.getByTestId("webhooks-healthy")).toHaveCount(0);
  await expect(page.getByText("No webhook endpoints yet.")).toBeVisible();

  // The curl names this portal's own address and a key placeholder, and the button copies exactly it.
  const curl = (await page.getByTestId("first-call-curl").textContent())!;
  expect(curl).toContain(`curl -X POST ${baseURL}/api/v1/verify`);
  expect(curl).toContain("X-API-Key: <your key>");
  await page.getByRole("button", { name: "Copy curl" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(curl);
  // Beside it, the same call with the TypeScript SDK, against the same address, copied by its own button.
  const sdk = (await page.getByTestId("first-call-sdk").textContent())!;
  expect(sdk).toContain('import { GhostSpeak } from "@ghostspeak/sdk";');
  expect(sdk).toContain(`new GhostSpeak({ apiKey: "<your key>", baseUrl: "${baseURL}" })`);
  expect(sdk).toContain("ghostspeak.verify({ agentAddress: ");
  await page.getByRole("button", { name: "Copy SDK snippet" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(sdk);
  await screenshots(page, "overview-new-team");

  // Step one: a key, from the step's link.
  await page.getByRole("link", { name: "Create a key" }).click();
  await page.waitForURL(`**${teamPath}/keys`);
  await page.getByLabel("Key name").fill("First call");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key").textContent())!;
  await page.goto(teamPath);
  await expect(steps.nth(0)).toContainText("Done");
  await expect(page.getByTestId("keys-in-use")).toHaveText("1 of 3");

  // Step two: the copied curl, run by a shell with the key in place, is answered by the API (a verification, or a
  // 404 when the server seeded no agents; recorded either way).
  const { stdout } = await run("bash", ["-c", `${curl.replace("<your key>", key)} --silent --show-error`]);
  const answer = JSON.parse(stdout) as { requestId?: string; code?: string; agentAddress?: string };
  expect(answer.requestId).toEqual(expect.any(String));
  expect(answer.code === "AGENT_NOT_FOUND" || curl.includes(answer.agentAddress!)).toBe(true);

  await page.reload();
  await expect(page.getByTestId("calls-this-month")).toHaveText("1");
  // Done: the steps fold into one line, the first call still at hand.
  await expect(page.getByText("Your team is calling the API.")).toBeVisible();
  await expect(steps).toHaveCount(0);
  await page.getByText("Show the first call again").click();
  await expect(page.getByTestId("first-call-curl")).toHaveText(curl);
  await expect(page.getByTestId("first-call-sdk")).toHaveText(sdk);
  await expectNoConsoleErrors(errors);
  await context.close();
});

test("usage: hours or days per range, and costs only for roles that see billing (chart and CSV)", async ({ browser }) => {
  const { teamPath } = rolesTeam();
  for (const role of ["member", "billing"] as const) {
    const { context, page } = await asRole(browser, role);
    const errors = watchConsoleErrors(page);
    await page.goto(`${teamPath}/usage`);
    const per = page.getByLabel("Per", { exact: true });
    const buckets = page.getByTestId("usage-buckets");
    // Seven days default to days: 7 or 8 bars (a rolling week touches 8 UTC days unless it ends at midnight).
    await expect(per).toHaveValue("day");
    await expect(buckets).toHaveText(/^[78] daily buckets/);
    await per.selectOption("hour");
    await expect(buckets).toHaveText(/^168 hourly buckets/);
    // A new range takes its own default: 24 hours by hour.
    await page.getByLabel("Range", { exact: true }).selectOption("24h");
    await expect(per).toHaveValue("hour");
    await expect(buckets).toHaveText(/^24 hourly buckets/);
    await per.selectOption("day");
    await expect(buckets).toHaveText(/^[12] daily buckets/);

    const billing = role === "billing";
    await expect(page.getByText("Cost (USD)")).toHaveCount(billing ? 1 : 0);
    await expect(page.getByRole("term").filter({ hasText: /^Cost$/ })).toHaveCount(billing ? 1 : 0);
    expect(await exportedCsvHeader(page)).toBe(billing ? FULL_HEADER : NO_COST_HEADER);
    await screenshots(page, `usage-${role}`);
    await expectNoConsoleErrors(errors);
    await context.close();
  }
});
