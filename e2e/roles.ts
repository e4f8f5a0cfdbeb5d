import { readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, expect } from "@playwright/test";

/** The four team roles of SPEC §5, as the portal's role select names them. */
export const ROLES = ["owner", "admin", "member", "billing"] as const;
export type Role = (typeof ROLES)[number];

/** One team with a signed-in user in each role, made once per run by `roles.setup.ts`. */
export interface RolesTeam {
  teamId: string;
  teamPath: string;
  emails: Record<Role, string>;
}

const dir = () => path.join(process.env.E2E_DATA_DIR!, "e2e-roles");
export const rolesTeamFile = () => path.join(dir(), "team.json");
export const storageStateFile = (role: Role) => path.join(dir(), `${role}.json`);

export function rolesTeam(): RolesTeam {
  return JSON.parse(readFileSync(rolesTeamFile(), "utf8")) as RolesTeam;
}

/**
 * A fresh browser context signed in as `role` of the shared team: its session cookie, not a new sign-in, so the
 * suite stays under the sign-in mail limit per client (SPEC §9) however many role checks it adds.
 */
export async function asRole(browser: Browser, role: Role): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: storageStateFile(role) });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Every console error and uncaught exception a page reports, to assert on at the end of a test. Missing files
 * (a favicon 404) count: the browser logs them as console errors.
 */
export function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // Until issue 15's public/ folder is merged (then the lead removes this): the browser's one /favicon.ico 404.
    if (message.text().includes("status of 404") && message.location().url.endsWith("/favicon.ico")) return;
    errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

export async function expectNoConsoleErrors(errors: string[]): Promise<void> {
  expect(errors, "console errors").toEqual([]);
}
