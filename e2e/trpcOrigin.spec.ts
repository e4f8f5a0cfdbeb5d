import { expect, test } from "@playwright/test";
import { signInByMagicLink } from "./helpers";

/**
 * tRPC mutations answer only the portal's own origin (defence in depth beside SameSite cookies and tRPC's JSON
 * content type): a signed-in browser's cookie is sent here with headers as another site's page would make them.
 */
test("a tRPC mutation from another origin is refused and changes nothing; the portal's own origin works", async ({ page, baseURL }) => {
  const email = `origin-${Date.now()}@example.test`;
  await signInByMagicLink(page, email);
  const createTeam = (name: string, headers: Record<string, string>) =>
    page.request.post("/api/trpc/teams.create", { headers: { "content-type": "application/json", ...headers }, data: JSON.stringify({ json: { name } }) });

  const refused: Record<string, string>[] = [
    { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    // Same site, other origin: a sibling app on another port of this host.
    { origin: "http://127.0.0.1:1", "sec-fetch-site": "same-site" },
    { origin: "null" },
    // No Origin: what Fetch Metadata or the Referer say.
    { "sec-fetch-site": "cross-site" },
    { referer: "https://evil.example/page" },
  ];
  for (const headers of refused) {
    const response = await createTeam("Forged", headers);
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expect(await response.text()).toContain("FORBIDDEN");
  }

  const own = await createTeam("Own Origin", { origin: baseURL!, "sec-fetch-site": "same-origin" });
  expect(own.status()).toBe(200);
  // A caller that is no browser (no Origin, no Fetch Metadata, no Referer) is not a cross-site request.
  expect((await createTeam("Scripted", {})).status()).toBe(200);

  await page.goto("/dashboard");
  const teams = page.getByRole("list", { name: "Your teams" });
  await expect(teams.getByRole("heading", { name: "Own Origin" })).toBeVisible();
  await expect(teams.getByRole("heading", { name: "Forged" })).toHaveCount(0);
});
