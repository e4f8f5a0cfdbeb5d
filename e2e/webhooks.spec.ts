import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startWebhookReceiver } from "../src/testing/webhookReceiver";
import { screenshots, signInByMagicLink } from "./helpers";

test("an owner adds a webhook endpoint, sends a test event that a local receiver verifies, reveals and rotates the secret, then deletes the endpoint", async ({ page }) => {
  test.setTimeout(120_000);
  const receiver = await startWebhookReceiver();
  const { received, url: receiverUrl } = receiver;
  // standardwebhooks reads the headers as a plain record of strings.
  const headersOf = (i: number) => received[i]!.headers as Record<string, string>;

  try {
    await signInByMagicLink(page, `webhooks-${Date.now()}@example.test`);
    await page.getByLabel("Team name").fill("Hook Labs");
    await page.getByRole("button", { name: "Create team" }).click();
    await page.waitForURL(/\/t\/[^/]+$/);
    await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByTestId("webhook-limit")).toHaveText("0 of 3 endpoints on the startup plan.");
    await expect(page.getByTestId("verification-snippet")).toContainText('import { Webhook } from "standardwebhooks";');

    // The browser's own checks first, then a real endpoint.
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Enter the full URL")).toBeVisible();
    await page.getByLabel("URL").fill(receiverUrl);
    await page.getByLabel("Description (optional)").fill("Local receiver");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await expect(page.getByTestId("webhook-limit")).toHaveText("1 of 3 endpoints on the startup plan.");
    await screenshots(page, "webhooks");

    await page.getByRole("table", { name: "Webhook endpoints" }).getByRole("link", { name: receiverUrl }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Webhook endpoint" })).toBeVisible();
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => received.length).toBe(1);
    const payload = new Webhook(secret).verify(received[0].body, headersOf(0)) as { id: string; type: string };
    expect(payload.type).toBe("webhook.test");
    const deliveries = page.getByRole("table", { name: "Deliveries" });
    await expect(deliveries).toContainText("delivered", { timeout: 15_000 });
    await expect(deliveries).toContainText(payload.id);

    await page.getByRole("button", { name: "Reveal secret" }).click();
    await expect(page.getByTestId("revealed-secret")).toHaveText(secret);
    // Rotation is confirmed in-page: cancelled, the secret is unchanged; confirmed, a new one is shown.
    const rotateDialog = page.getByRole("dialog", { name: "Rotate the signing secret?" });
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await rotateDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(rotateDialog).toBeHidden();
    await expect(page.getByText("The previous secret also signs until")).toHaveCount(0);
    await expect(page.getByTestId("revealed-secret")).toHaveText(secret);
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Secret rotated" })).toBeVisible();
    await expect(page.getByText("The previous secret also signs until")).toBeVisible();
    const fresh = (await page.getByTestId("revealed-secret").textContent())!;
    expect(fresh).not.toBe(secret);
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => received.length).toBe(2);
    new Webhook(fresh).verify(received[1].body, headersOf(1));
    new Webhook(secret).verify(received[1].body, headersOf(1));
    await page.getByRole("button", { name: `Redeliver ${payload.id}` }).click();
    await expect.poll(() => received.length).toBe(3);
    expect(received[2].headers["webhook-id"]).toBe(payload.id);
    await screenshots(page, "webhook-endpoint");

    await page.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByText("disabled: disabled by hand")).toBeVisible();

    // Deletion is confirmed in-page: cancelled, the endpoint stays; confirmed, it is gone.
    const deleteDialog = page.getByRole("dialog", { name: "Delete this endpoint?" });
    const endpointPath = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "Delete endpoint" }).click();
    await expect(deleteDialog).toContainText(receiverUrl);
    await deleteDialog.getByRole("button", { name: "Cancel" }).click();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Webhook endpoint" })).toBeVisible();
    await page.getByRole("button", { name: "Delete endpoint" }).click();
    await deleteDialog.getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Webhook endpoint deleted." })).toBeVisible();
    await expect(page.getByTestId("webhook-limit")).toHaveText("0 of 3 endpoints on the startup plan.");

    // The deleted endpoint's address says so at once: a refusal is not retried behind "Loading…" (7 s of backoff).
    await page.goto(endpointPath);
    await expect(page.getByRole("alert").filter({ hasText: /not found/i })).toBeVisible({ timeout: 3_000 });
  } finally {
    await receiver.close();
  }
});
