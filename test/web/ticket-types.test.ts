// Ticket types in real Chromium against a real server on a real database: the organizer adds
// and edits types on the event's page and sees sales by type; the buyer sees each type's price,
// what is left, its sales window (a type not yet on sale says when it goes on sale; a sold-out
// type cannot be picked), picks one and books it (the database has the booking with that
// ticket_type_id); joins a sold-out type's own waitlist and accepts its offer; an event
// without types looks as before. axe on every page, 390 px.
import t from "tap";
import type { Page } from "playwright-core";
import { createTestDb, sqlAs } from "../helpers.ts";
import { startApi } from "../rest/client.ts";
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

t.test("ticket types in Chromium", { skip }, async (t) => {
  const db = await createTestDb(t);
  const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
  const register = async (email: string, name: string) => {
    const reply = await api.call("post", "/api/v1/auth/register", { body: { email, password, name } });
    t.equal(reply.status, 201);
    return reply.body.id as string;
  };
  const stamp = Date.now();
  const adminEmail = `olga-${stamp}@example.com`;
  const buyerEmail = `bea-${stamp}@example.com`;
  const adminId = await register(adminEmail, "Olga Organizer");
  const buyerId = await register(buyerEmail, "Bea Buyer");
  const otherId = await register(`oscar-${stamp}@example.com`, "Oscar Other");
  await db.pool.query("update evently.users set role = 'admin' where id = $1", [adminId]);
  const [festival] = await sqlAs(db.pool, adminId,
    "select id from evently.create_event(name => 'Harbour Festival', starts_at => now() + interval '20 days', capacity => 100, price_cents => 3000, max_tickets_per_user => 6)");
  const [plain] = await sqlAs(db.pool, adminId,
    "select id from evently.create_event(name => 'Plain Concert', starts_at => now() + interval '21 days', capacity => 10, price_cents => 1500)");
  // Two types made in SQL: one sold out (its only ticket booked by someone else), one on sale later.
  const [single] = await sqlAs(db.pool, adminId,
    "select id from evently.create_ticket_type(event_id => $1, name => 'Backstage', capacity => 1, price_cents => 20000)", [festival.id]);
  await sqlAs(db.pool, otherId, "select evently.book_ticket_type(ticket_type_id => $1, quantity => 1)", [single.id]);
  await sqlAs(db.pool, adminId,
    "select evently.create_ticket_type(event_id => $1, name => 'Late Bird', capacity => 20, price_cents => 4500, sales_start => now() + interval '3 days', sort_order => 5)", [festival.id]);

  const browser = await launchBrowser(t);
  t.comment(`screenshots: ${screenshotDir}`);

  // The organizer adds "Standing" and "VIP" on the event's page, then edits VIP's price.
  const admin = await newPage(browser);
  await logIn(admin, api.base, adminEmail, `/admin/events/${festival.id}`);
  const typesPanel = admin.getByRole("region", { name: "Sales by ticket type" });
  await typesPanel.waitFor();
  const addType = async (name: string, capacity: string, price: string, perPerson = "") => {
    await admin.getByRole("button", { name: "Add a ticket type" }).click();
    const form = admin.getByTestId("type-form");
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Tickets").fill(capacity);
    await form.getByLabel("Price (€)").fill(price);
    if (perPerson) await form.getByLabel("Per person").fill(perPerson);
    await form.getByRole("button", { name: "Add ticket type" }).click();
    await admin.getByRole("status").filter({ hasText: `Added “${name}”` }).waitFor();
  };
  await addType("Standing", "60", "35", "4");
  await addType("VIP", "10", "80");
  // A capacity above the event's is the server's refusal, as a sentence naming the field.
  await admin.getByRole("button", { name: "Add a ticket type" }).click();
  await admin.getByTestId("type-form").getByLabel("Name").fill("Too big");
  await admin.getByTestId("type-form").getByLabel("Tickets").fill("500");
  await admin.getByTestId("type-form").getByRole("button", { name: "Add ticket type" }).click();
  const refusal = await admin.getByTestId("type-form").getByRole("alert").textContent();
  t.ok(refusal && !/EV[A-Z]{3}/.test(refusal), `a refused type reads as a sentence: ${refusal}`);
  await admin.getByTestId("type-form").getByRole("button", { name: "Cancel" }).click();
  await admin.getByRole("button", { name: "Edit VIP" }).click();
  await admin.getByTestId("type-form").getByLabel("Price (€)").fill("90");
  await admin.getByRole("button", { name: "Save ticket type" }).click();
  await admin.getByRole("status").filter({ hasText: "Saved “VIP”" }).waitFor();
  const { rows: made } = await db.pool.query(
    "select name, capacity, price_cents, max_tickets_per_user from evently.ticket_types where event_id = $1 order by name", [festival.id]);
  t.same(made.filter((r) => r.name === "Standing" || r.name === "VIP"), [
    { name: "Standing", capacity: 60, price_cents: 3500, max_tickets_per_user: 4 },
    { name: "VIP", capacity: 10, price_cents: 9000, max_tickets_per_user: null },
  ], "types created and edited through the page are in the database");
  await typesPanel.locator("tbody tr").nth(3).waitFor();
  t.equal(await typesPanel.locator("tbody tr").count(), 4, "four types listed");
  await checkAccessibility(t, admin, "the organizer's event page with ticket types");
  await screenshot(admin, "admin-ticket-types");

  // The buyer: every type with its price and state; sold out and not-yet-on-sale cannot be picked.
  const page = await newPage(browser);
  await logIn(page, api.base, buyerEmail, `/events/${festival.id}`);
  const picker = page.getByTestId("ticket-types");
  await picker.waitFor();
  t.match(await page.locator(".price").textContent(), /From €35\.00/, "the lowest type price");
  const option = (name: string) => picker.locator(".ticket-type", { hasText: name });
  t.match(await option("Standing").textContent(), /€35\.00.*60 left.*up to 4 per person/);
  t.match(await option("VIP").textContent(), /€90\.00.*10 left/);
  t.match(await option("Backstage").textContent(), /Sold out/);
  t.match(await option("Late Bird").textContent(), /On sale from \d/, "a type outside its window says when it goes on sale");
  t.ok(await option("Backstage").getByRole("radio").isDisabled(), "a sold-out type cannot be picked");
  t.ok(await option("Late Bird").getByRole("radio").isDisabled(), "a type not on sale cannot be picked");
  await checkAccessibility(t, page, "the event page with ticket types");
  await screenshot(page, "event-ticket-types");

  // Pick VIP, 2 tickets, book: the booking names the type.
  await option("VIP").getByRole("radio").check();
  await page.getByLabel("Tickets").selectOption("2");
  await page.locator("form.buy", { hasText: "VIP · €180.00" }).waitFor();
  t.pass("the picked type and its total");
  await page.getByRole("button", { name: "Book now" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();
  const { rows: booked } = await db.pool.query(
    "select b.quantity, b.total_cents, tt.name from evently.bookings b join evently.ticket_types tt on tt.id = b.ticket_type_id where b.user_id = $1 and b.status = 'confirmed'",
    [buyerId]);
  t.same(booked, [{ quantity: 2, total_cents: 18000, name: "VIP" }], "the database has the booking with VIP's ticket_type_id");

  // Hold a Standing ticket, then confirm: the hold names the type too.
  await page.goto(`${api.base}/events/${festival.id}`);
  await option("Standing").getByRole("radio").check();
  await page.getByRole("button", { name: "Hold", exact: true }).click();
  await page.getByTestId("countdown").waitFor();
  const { rows: held } = await db.pool.query(
    "select tt.name from evently.holds h join evently.ticket_types tt on tt.id = h.ticket_type_id where h.user_id = $1 and h.status = 'active'", [buyerId]);
  t.same(held, [{ name: "Standing" }], "the hold is of the picked type");
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();

  // Backstage is sold out and has its own waitlist: Bea joins it; when Oscar cancels, his
  // ticket is offered to her (live), and she accepts it.
  await page.goto(`${api.base}/events/${festival.id}`);
  const lines = page.getByTestId("type-waitlists");
  await lines.getByRole("button", { name: "Join the Backstage waitlist" }).click();
  await lines.getByRole("status").filter({ hasText: "You're on the Backstage waitlist for 1 ticket" }).waitFor();
  const { rows: waiting } = await db.pool.query("select status, ticket_type_id from evently.waitlist_entries where user_id = $1", [buyerId]);
  t.same(waiting, [{ status: "waiting", ticket_type_id: single.id }], "the entry is in Backstage's own line");
  await option("Backstage").filter({ hasText: "Sold out · 1 waiting" }).waitFor();
  await checkAccessibility(t, page, "the event page with a ticket type's waitlist");
  await screenshot(page, "event-ticket-type-waitlist");
  const { rows: [oscars] } = await db.pool.query("select id from evently.bookings where user_id = $1", [otherId]);
  await sqlAs(db.pool, otherId, "select evently.cancel_booking($1)", [oscars.id]);
  const offer = page.getByTestId("offer");
  await offer.waitFor({ timeout: 10_000 });
  await offer.getByRole("button", { name: "Accept" }).click();
  await page.getByRole("status").filter({ hasText: "Booked: 1 ticket for Harbour Festival" }).waitFor();
  const { rows: backstage } = await db.pool.query(
    "select b.quantity from evently.bookings b where b.user_id = $1 and b.ticket_type_id = $2 and b.status = 'confirmed'", [buyerId, single.id]);
  t.same(backstage, [{ quantity: 1 }], "the offer, accepted, is a Backstage booking");

  // The organizer's sales by type follow (live: the page re-reads on eventChanged).
  const vipRow = typesPanel.locator("tr", { hasText: "VIP" });
  await vipRow.getByTestId("type-sold").filter({ hasText: /^2$/ }).waitFor({ timeout: 5000 });
  t.equal(await vipRow.getByTestId("type-revenue").textContent(), "€180.00", "revenue by type from analytics_ticket_types");

  // An event without types: one price, no picker, booking as before.
  await page.goto(`${api.base}/events/${plain.id}`);
  await page.getByRole("button", { name: "Book now" }).waitFor();
  t.equal(await page.getByTestId("ticket-types").count(), 0, "no type picker without types");
  t.match(await page.locator(".price").textContent(), /€15\.00 per ticket/);

  // 390 px, dark: the picker fits.
  const phone = await newPage(browser, { width: 390, height: 844, colorScheme: "dark" });
  await logIn(phone, api.base, buyerEmail, `/events/${festival.id}`);
  await phone.getByTestId("ticket-types").waitFor();
  t.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), "no horizontal scroll at 390 px");
  await checkAccessibility(t, phone, "the ticket types at 390 px in the dark theme");
  await screenshot(phone, "event-ticket-types-phone-dark");
});
