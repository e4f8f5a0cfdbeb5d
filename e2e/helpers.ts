import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page } from "@playwright/test";
import { outboxAccessSecret, outboxOpenUrl } from "../src/server/auth/outboxAccess";
import { OUTBOX_KEY_FILE } from "../src/server/auth/outboxSeal";

const run = promisify(execFile);

/** Full-page screenshots at a phone and a desktop width, under test-results/screenshots. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const dir = path.resolve("test-results/screenshots");
  mkdirSync(dir, { recursive: true });
  for (const width of [375, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    // Nothing may overflow sideways at either width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} overflows horizontally at ${width}px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Opens the dev outbox the way a developer does, through the link the server printed on its console: the same
 * secret, derived from the key in the e2e server's DATA_DIR. Each test's browser context needs it once.
 */
export async function openOutbox(page: Page): Promise<void> {
  const key = readFileSync(path.join(process.env.E2E_DATA_DIR!, OUTBOX_KEY_FILE), "utf8").trim();
  await page.goto(outboxOpenUrl("", outboxAccessSecret(key)));
  await expect(page).toHaveURL(/\/dev\/outbox$/);
}

/** Accepts, in `page`'s signed-in browser, the newest invite mailed to `email` for the team named `teamName`. */
export async function acceptInvite(page: Page, email: string, teamName: string): Promise<void> {
  await openOutbox(page);
  const invite = await page
    .getByRole("listitem")
    .filter({ hasText: `To ${email}` })
    .filter({ hasText: teamName })
    .getByRole("link", { name: /\/invites\// })
    .first()
    .getAttribute("href");
  await page.goto(new URL(invite!).pathname);
  await page.getByRole("button", { name: "Accept invite" }).click();
}

/** Signs in by magic link, the way a newcomer without SMTP does: the form, then the link in the dev outbox. */
export async function signInByMagicLink(page: Page, email: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText(email);

  await openOutbox(page);
  // The newest mail to this address that carries a sign-in link (they may also have had usage or webhook mail).
  const signInLink = /\/api\/auth\/callback\/email/;
  const mail = page.getByRole("listitem").filter({ hasText: `To ${email}` }).filter({ has: page.getByRole("link", { name: signInLink }) }).first();
  await mail.getByRole("link", { name: signInLink }).click();
  await page.waitForURL("**/dashboard");
}

/** The operator CLI against the server's own data directory, as an operator would run it beside the server. */
export async function admin(...args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli/admin.ts", ...args], {
    env: { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: "warn" },
  });
  return JSON.parse(stdout) as unknown;
}
