// Webhook endpoints for organizers in real Chromium against a real server on a real database:
// create one (the secret shown once, never again), edit it, see its deliveries, replay one,
// rotate the secret, switch it off (a replay is then EVWHI as the registry's sentence), delete.
import t from "tap";
import type { Page } from "playwright-core";
import { createTestDb, sqlAs } from "../helpers.ts";
import { startApi } from "../rest/client.ts";
import { errorCodes } from "../../src/errors.ts";
import { browserSkip, checkAccessibility, launchBrowser, newPage, screenshot, screenshotDir } from "./browser.ts";

const skip = browserSkip();
const password = "a long enough password";

async function logIn(page: Page, base: string, email: string, next: string): Promise<void> {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${base}${next}`);
}

t.test("webhook endpoints in Chromium", { skip }, async (t) => {
  const db = await createTestDb(t);
  const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
  const stamp = Date.now();
  const adminEmail = `olga-${stamp}@example.com`;
  const reply = await api.call("post", "/api/v1/auth/register", { body: { email: adminEmail, password, name: "Olga Organizer" } });
  const adminId = reply.body.id as string;
  const buyer = await api.call("post", "/api/v1/auth/register", { body: { email: `bea-${stamp}@example.com`, password, name: "Bea Buyer" } });
  await db.pool.query("update evently.users set role = 'admin' where id = $1", [adminId]);
  const [event] = await sqlAs(db.pool, adminId,
    "select id from evently.create_event(name => 'Hooked Gig', starts_at => now() + interval '2 days', capacity => 30, price_cents => 2000)");

  const browser = await launchBrowser(t);
  t.comment(`screenshots: ${screenshotDir}`);
  const page = await newPage(browser);
  await logIn(page, api.base, adminEmail, "/admin/webhooks");
  await page.getByRole("heading", { name: "Webhooks" }).waitFor();
  await checkAccessibility(t, page, "the webhooks page (empty)");

  // Create: the secret appears once.
  await page.getByLabel("URL").fill("https://hooks.example.com/evently");
  await page.getByLabel("Description (optional)").fill("CRM sync");
  await page.getByRole("checkbox", { name: /Booking cancelled/ }).check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = (await page.getByTestId("secret").textContent()) ?? "";
  t.match(secret, /^whsec_[A-Za-z0-9+/=]{20,}$/, "the new secret is shown");
  const { rows: [hook] } = await db.pool.query("select id, url, event_types, description from evently.webhook_endpoints");
  t.same({ url: hook.url, types: hook.event_types, description: hook.description },
    { url: "https://hooks.example.com/evently", types: ["booking.confirmed", "booking.cancelled"], description: "CRM sync" }, "the endpoint is in the database");
  await checkAccessibility(t, page, "a new endpoint with its secret");
  await screenshot(page, "admin-webhook-created");
  await page.reload();
  await page.getByTestId("webhooks").waitFor();
  t.notOk((await page.content()).includes(secret), "the secret is not shown again");

  // A booking makes a delivery (relayed as the worker would; nothing is sent here).
  await sqlAs(db.pool, buyer.body.id, "select evently.book_tickets(event_id => $1, quantity => 1)", [event.id]);
  await db.pool.query("select evently_private.relay_webhook_events(100)");
  await page.getByRole("link", { name: "https://hooks.example.com/evently" }).click();
  const deliveries = page.getByTestId("deliveries");
  await deliveries.waitFor();
  t.equal(await deliveries.locator("tbody tr").count(), 1, "one delivery listed");
  t.match(await deliveries.locator("tbody tr").first().textContent(), /booking\.confirmed.*pending/);
  await checkAccessibility(t, page, "an endpoint with its deliveries");
  await screenshot(page, "admin-webhook");

  // Replay: a new delivery with replay_of.
  await deliveries.getByRole("button", { name: "Replay" }).click();
  await page.getByRole("status").filter({ hasText: "Sent again" }).waitFor();
  await deliveries.locator("tbody tr").nth(1).waitFor();
  const { rows: replays } = await db.pool.query("select count(*)::int as n from evently.webhook_deliveries where replay_of is not null");
  t.equal(replays[0].n, 1, "a replay was made");

  // Rotate: a new secret, shown once.
  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page.getByTestId("secret").waitFor();
  const rotated = (await page.getByTestId("secret").textContent()) ?? "";
  t.ok(rotated.startsWith("whsec_") && rotated !== secret, "a new secret");

  // Edit: a new description, switched off; then a replay is EVWHI.
  await page.getByLabel("Description").fill("CRM sync (paused)");
  await page.getByRole("checkbox", { name: /^On/ }).uncheck();
  await page.getByRole("button", { name: "Save endpoint" }).click();
  await page.getByRole("status").filter({ hasText: "Endpoint saved." }).waitFor();
  const { rows: [edited] } = await db.pool.query("select active, description from evently.webhook_endpoints where id = $1", [hook.id]);
  t.same(edited, { active: false, description: "CRM sync (paused)" }, "edited in the database");
  await deliveries.getByRole("button", { name: "Replay" }).first().click();
  await page.getByRole("alert").filter({ hasText: errorCodes.get("EVWHI")!.forPeople }).waitFor();
  t.pass("EVWHI as the registry's sentence");

  // Delete.
  await page.getByRole("button", { name: "Delete…" }).click();
  await page.getByRole("button", { name: "Delete for good" }).click();
  await page.waitForURL(`${api.base}/admin/webhooks`);
  await page.getByText("No endpoints yet.").waitFor();
  const { rows: gone } = await db.pool.query("select count(*)::int as n from evently.webhook_endpoints");
  t.equal(gone[0].n, 0, "deleted");

  const phone = await newPage(browser, { width: 390, height: 844, colorScheme: "dark" });
  await logIn(phone, api.base, adminEmail, "/admin/webhooks");
  await phone.getByRole("heading", { name: "New endpoint" }).waitFor();
  t.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), "no horizontal scroll at 390 px");
  await checkAccessibility(t, phone, "the webhooks page at 390 px in the dark theme");
});
