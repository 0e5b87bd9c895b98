// The organizer in real Chromium against a real server on a real database: refused when not
// an admin; the dashboard's figures move live when a booking is made through the API; a
// counter mismatch raises the alert; an event's bookings searched by email and ticket code;
// axe-core on every page; 390 px in the dark theme.
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

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

t.test("organizer flows in Chromium", { skip }, async (t) => {
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
  await db.pool.query("update evently.users set role = 'admin' where id = $1", [adminId]);
  const buyerToken = (await api.call("post", "/api/v1/auth/login", { body: { email: buyerEmail, password } })).body.token as string;
  const [event] = await sqlAs(db.pool, adminId,
    "select id from evently.create_event(name => 'Harbour Jazz Night', starts_at => now() + interval '5 days', capacity => 40, price_cents => 2500, max_tickets_per_user => 6)");

  const browser = await launchBrowser(t);
  t.comment(`screenshots: ${screenshotDir}`);

  // Not an admin: signed out, then signed in as a buyer. The page says why; no figures load.
  const buyer = await newPage(browser);
  const buyerScripts: string[] = [];
  buyer.on("request", (r) => { if (r.resourceType() === "script") buyerScripts.push(new URL(r.url()).pathname); });
  await buyer.goto(`${api.base}/`);
  await buyer.getByRole("link", { name: "Harbour Jazz Night" }).waitFor();
  t.equal(buyerScripts.length, 1, `a buyer's first load is one script (${buyerScripts.join(", ")}): no organizer chunk, no chart library`);
  await buyer.goto(`${api.base}/admin`);
  await buyer.getByRole("heading", { name: "Organizer pages" }).waitFor();
  await logIn(buyer, api.base, buyerEmail, "/admin");
  await buyer.getByRole("heading", { name: "Organizers only" }).waitFor();
  t.match(await buyer.getByTestId("admin-refused").textContent(), /for organizers \(admins\)/);
  t.equal(await buyer.getByRole("link", { name: "Organizer" }).count(), 0, "no Organizer link for a buyer");
  await checkAccessibility(t, buyer, "the refusal for non-admins");
  t.notOk(buyerScripts.some((p) => /admin|analytics/.test(p)), "the organizer chunks are never loaded for a buyer");
  await screenshot(buyer, "admin-refused");
  const direct = await buyer.evaluate(async (id) => (await fetch(`/api/v1/events/${id}/bookings`)).status, event.id);
  t.equal(direct, 403, "the API refuses the buyer too");

  // The admin's dashboard: figures per event, live.
  const page = await newPage(browser);
  await logIn(page, api.base, adminEmail, "/admin");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  const row = page.locator(`tr[data-event-id="${event.id}"]`);
  await row.waitFor();
  t.equal(await row.getByTestId("sold").textContent(), "0");
  t.equal(await row.getByTestId("available").textContent(), "40");
  await checkAccessibility(t, page, "the dashboard");

  // A booking made through the API (not the page) shows up without a reload.
  await page.waitForTimeout(500); // the subscription's LISTEN is in place
  const booked = await api.call("post", "/api/v1/bookings", { token: buyerToken, body: { event_id: event.id, quantity: 3 } });
  t.equal(booked.status, 201);
  await row.getByTestId("sold").filter({ hasText: /^3$/ }).waitFor({ timeout: 5000 });
  t.equal(await row.getByTestId("available").textContent(), "37", "available follows, live");
  const hold = await api.call("post", "/api/v1/holds", { token: buyerToken, body: { event_id: event.id, quantity: 2 } });
  t.equal(hold.status, 201);
  await row.getByTestId("held").filter({ hasText: /^2$/ }).waitFor({ timeout: 5000 });

  // A counter that disagrees with its rows (a hand edit), recorded by reconciliation: the alert.
  const client = await db.pool.connect();
  await client.query("begin");
  await client.query("update evently.events set booked = booked + 5 where id = $1", [event.id]);
  await client.query("select evently_private.reconcile_counters()");
  await client.query("commit");
  client.release();
  const alert = page.getByTestId("mismatch-alert");
  await alert.waitFor({ timeout: 5000 });
  t.match(await alert.textContent(), /Harbour Jazz Night: tickets sold recorded as 8, the rows say 3/);
  await checkAccessibility(t, page, "the dashboard with a mismatch alert");
  await screenshot(page, "admin-dashboard");
  const { rows: [mismatch] } = await db.pool.query("select id from evently.counter_mismatches where event_id = $1", [event.id]);
  await db.pool.query("select evently_private.repair_counter($1, 'test')", [mismatch.id]);
  await page.reload();
  await row.waitFor();
  t.equal(await alert.count(), 0, "no alert once repaired");

  // The event's page: its bookings, searched by email and by ticket code.
  const other = await register(`carl-${stamp}@example.com`, "Carl Concert");
  await sqlAs(db.pool, other, "select evently.book_tickets(event_id => $1, quantity => 1)", [event.id]);
  await row.getByRole("link", { name: "Harbour Jazz Night" }).click();
  await page.getByRole("heading", { name: "Harbour Jazz Night" }).waitFor();
  const bookings = page.getByTestId("bookings");
  await bookings.waitFor();
  t.equal(await bookings.locator("tbody tr").count(), 2);
  await page.getByLabel("Email or ticket code").fill("BEA-");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByText("1 booking matches").waitFor();
  t.match(await bookings.textContent(), new RegExp(buyerEmail));
  const { rows: [carlTicket] } = await db.pool.query("select code from evently.tickets where user_id = $1", [other]);
  await page.getByLabel("Email or ticket code").fill(carlTicket.code);
  await page.getByRole("button", { name: "Search" }).click();
  await bookings.getByText("Carl Concert").waitFor();
  t.equal(await bookings.locator("tbody tr").count(), 1, "a ticket code finds its booking");
  await checkAccessibility(t, page, "the event's organizer page");
  await screenshot(page, "admin-event");

  // Create a general-admission event through the form; a missing capacity is the server's
  // EVINV as a sentence, naming the field.
  await page.getByRole("link", { name: "New event" }).first().click();
  await page.getByRole("heading", { name: "New event" }).waitFor();
  await page.getByLabel("Name").fill("City Choir");
  await page.getByLabel("Starts").fill("2031-05-04T19:30");
  await page.getByLabel("Price per ticket, €").fill("12.50");
  await page.getByLabel("Hold time, minutes").fill("10");
  await page.getByLabel("Waitlist offer time, minutes").fill("30");
  await page.getByLabel("Tickets per person").fill("4");
  await page.getByRole("button", { name: "Create event" }).click();
  t.equal(await page.getByRole("alert").textContent(), errorCodes.get("EVINV")!.forPeople, "EVINV as the registry's sentence");
  t.equal(await page.getByTestId("bad-field").textContent(), "Check: Capacity");
  t.equal(await page.getByLabel("Capacity").getAttribute("aria-invalid"), "true");
  await checkAccessibility(t, page, "the new-event form with an error");
  await page.getByLabel("Capacity").fill("30");
  await page.getByRole("button", { name: "Create event" }).click();
  await page.getByRole("heading", { name: "City Choir", exact: true }).waitFor();
  const choirId = page.url().split("/").pop()!;
  const { rows: [choir] } = await db.pool.query(
    `select price_cents, extract(epoch from hold_ttl)::int as hold, extract(epoch from offer_ttl)::int as offer,
            max_tickets_per_user, capacity, seating, starts_at = '2031-05-04T19:30+02:00'::timestamptz as starts_ok
       from evently.events where id = $1`, [choirId]);
  t.same(choir, { price_cents: 1250, hold: 600, offer: 1800, max_tickets_per_user: 4, capacity: 30, seating: "general", starts_ok: true },
    "the form's values, in the API's units (Europe/Berlin local time)");

  // Edit: only what changed is sent.
  await page.getByRole("link", { name: "Edit event" }).click();
  await page.getByRole("heading", { name: "Edit City Choir" }).waitFor();
  t.equal(await page.getByLabel("Price per ticket, €").inputValue(), "12.50");
  await page.getByLabel("Price per ticket, €").fill("15");
  await checkAccessibility(t, page, "the edit-event form");
  await screenshot(page, "admin-event-form");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("heading", { name: "City Choir", exact: true }).waitFor();
  t.equal((await db.pool.query("select price_cents from evently.events where id = $1", [choirId])).rows[0].price_cents, 1500);

  // Cancel: the effect is spelled out first (from the server's figures), then reported.
  t.equal((await api.call("post", "/api/v1/bookings", { token: buyerToken, body: { event_id: choirId, quantity: 2 } })).status, 201);
  const carlToken = (await api.call("post", "/api/v1/auth/login", { body: { email: `carl-${stamp}@example.com`, password } })).body.token as string;
  t.equal((await api.call("post", "/api/v1/bookings", { token: carlToken, body: { event_id: choirId, quantity: 1 } })).status, 201);
  t.equal((await api.call("post", "/api/v1/holds", { token: carlToken, body: { event_id: choirId, quantity: 1 } })).status, 201);
  await page.getByTestId("sold").filter({ hasText: /^3$/ }).waitFor({ timeout: 5000 });
  await page.getByTestId("held").filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
  await page.getByRole("button", { name: "Cancel event…" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel this event?" });
  await dialog.waitFor();
  t.equal(await dialog.getByTestId("cancel-effect").textContent(),
    "2 bookings (3 tickets) will be cancelled, 1 held ticket released. Everyone affected is notified. This cannot be undone.");
  await checkAccessibility(t, page, "the cancel-event confirmation");
  await screenshot(page, "admin-cancel-confirm");
  await dialog.getByLabel("Reason (sent to people, optional)").fill("The choir is ill");
  await dialog.getByRole("button", { name: "Cancel event" }).click();
  const report = page.getByTestId("cancel-report");
  await report.waitFor();
  t.equal(await report.textContent(),
    "Event cancelled. 2 bookings (3 tickets) cancelled, 1 held ticket released, 0 people taken off the waitlist. Everyone affected is being notified.");
  const { rows: after } = await db.pool.query(
    "select status, count(*)::int as n from evently.bookings where event_id = $1 group by 1", [choirId]);
  t.same(after, [{ status: "cancelled", n: 2 }], "both bookings cancelled in the database");
  const { rows: notified } = await db.pool.query(
    "select count(distinct user_id)::int as n from evently.notifications where event_id = $1 and kind = 'event_cancelled'", [choirId]);
  t.equal(notified[0].n, 2, "both buyers notified");
  t.equal(await page.getByRole("button", { name: "Cancel event…" }).count(), 0, "no second cancel");

  // A venue and its seat layout, drawn live as it is typed, then saved through add_seats.
  await page.getByRole("link", { name: "Venues" }).click();
  await page.getByRole("heading", { name: "Venues", exact: true }).waitFor();
  await page.getByLabel("Venue name").fill("Harbour Hall");
  await page.getByLabel("City").fill("Hamburg");
  await page.getByRole("button", { name: "Create venue" }).click();
  await page.getByRole("heading", { name: "Harbour Hall" }).waitFor();
  const venueId = page.url().split("/").pop()!;
  // The heading comes with the venue; the layout is fetched after it ("Loading the layout…").
  await page.getByTestId("layout-summary").filter({ hasNotText: "Loading" }).waitFor({ timeout: 5000 });
  t.equal(await page.getByTestId("layout-summary").textContent(), "No seats yet.");
  const drafts = page.getByTestId("section-draft");
  await drafts.nth(0).getByLabel("Section name").fill("Stalls");
  await drafts.nth(0).getByLabel("Rows").fill("3");
  await drafts.nth(0).getByLabel("Seats per row").fill("8");
  t.equal(await page.getByTestId("preview-count").textContent(), "24 seats, 24 of them new (not saved yet)");
  t.equal(await page.locator(".seat-map g.seat").count(), 24, "the preview draws the draft");
  await page.getByRole("button", { name: "Another section" }).click();
  await drafts.nth(1).getByLabel("Section name").fill("Balcony");
  await drafts.nth(1).getByLabel("Rows").fill("2");
  await drafts.nth(1).getByLabel("Seats per row").fill("6");
  await drafts.nth(1).getByLabel("Category").fill("premium");
  t.equal(await page.getByTestId("preview-count").textContent(), "36 seats, 36 of them new (not saved yet)");
  t.ok(await page.locator('.seat-map g.seat[aria-label="Balcony B6, premium"]').isVisible(), "each seat named by place and category");
  await checkAccessibility(t, page, "the layout builder with a draft");
  await screenshot(page, "admin-venue-builder");
  await page.getByRole("button", { name: "Add seats" }).click();
  await page.getByText("Added “Stalls”, “Balcony”.").waitFor();
  // The summary is re-read from the server after the save: it may follow the message.
  await page.getByTestId("layout-summary").filter({ hasText: "36 seats" }).waitFor({ timeout: 5000 });
  t.equal(await page.getByTestId("layout-summary").textContent(), "36 seats in 2 sections: Stalls, Balcony.");
  const { rows: layout } = await db.pool.query(
    "select section, category, count(*)::int as n from evently.venue_seats where venue_id = $1 group by 1, 2 order by 1", [venueId]);
  t.same(layout, [{ section: "Balcony", category: "premium", n: 12 }, { section: "Stalls", category: "standard", n: 24 }]);
  const { rows: preview } = await db.pool.query("select label, x::float8 as x, y::float8 as y from evently.venue_seats where venue_id = $1 and label in ('Stalls A1', 'Balcony B6') order by label", [venueId]);
  t.same(preview, [{ label: "Balcony B6", x: 16, y: 2 }, { label: "Stalls A1", x: 1, y: 1 }], "seats where the preview drew them");
  // The same section again: add_seats' EVLAY as a sentence; nothing added.
  await drafts.nth(0).getByLabel("Section name").fill("Stalls");
  await drafts.nth(0).getByLabel("Rows").fill("1");
  await drafts.nth(0).getByLabel("Seats per row").fill("2");
  await page.getByRole("button", { name: "Add seats" }).click();
  t.equal(await page.getByRole("alert").textContent(), errorCodes.get("EVLAY")!.forPeople, "EVLAY as the registry's sentence");

  // A reserved event in that venue, priced per category.
  await page.getByRole("link", { name: "Create an event here" }).click();
  await page.getByRole("heading", { name: "New event" }).waitFor();
  await page.getByLabel("Name").fill("Harbour Strings");
  await page.getByLabel("Starts").fill("2031-06-01T20:00");
  t.ok(await page.getByLabel("Reserved seats (the venue's layout)").isChecked(), "reserved seating preselected");
  await page.getByLabel("Price for “premium”, €").fill("55");
  await page.getByLabel("Price for “standard”, €").fill("30");
  await page.getByLabel("Tickets per person").fill("6");
  await checkAccessibility(t, page, "the new-event form for reserved seating");
  await page.getByRole("button", { name: "Create event" }).click();
  await page.getByRole("heading", { name: "Harbour Strings" }).waitFor();
  const stringsId = page.url().split("/").pop()!;
  const { rows: prices } = await db.pool.query(
    "select category, min(price_cents)::int as cents, count(*)::int as n from evently.event_seat_map($1) group by 1 order by 1", [stringsId]);
  t.same(prices, [{ category: "premium", cents: 5500, n: 12 }, { category: "standard", cents: 3000, n: 24 }], "prices by category");

  // It sells, and the dashboard shows it without a reload.
  await page.getByRole("link", { name: "Dashboard" }).first().click();
  const strings = page.locator(`tr[data-event-id="${stringsId}"]`);
  await strings.waitFor();
  t.equal(await strings.getByTestId("available").textContent(), "36");
  await page.waitForTimeout(500);
  t.equal((await api.call("post", "/api/v1/bookings", { token: buyerToken, body: { event_id: stringsId, quantity: 2 } })).status, 201);
  await strings.getByTestId("sold").filter({ hasText: /^2$/ }).waitFor({ timeout: 5000 });
  t.equal(await strings.getByTestId("available").textContent(), "34", "a booking through the API appears live");

  // At the door: one ticket checked in; the event's page counts it and its seat map shows the sold seats.
  const adminToken = (await api.call("post", "/api/v1/auth/login", { body: { email: adminEmail, password } })).body.token as string;
  const { rows: [stringsTicket] } = await db.pool.query("select code from evently.tickets where event_id = $1 limit 1", [stringsId]);
  t.equal((await api.call("post", "/api/v1/check-ins", { token: adminToken, body: { code: stringsTicket.code, event_id: stringsId } })).status, 200);
  await strings.getByRole("link", { name: "Harbour Strings" }).click();
  await page.getByTestId("checked-in").filter({ hasText: /^1$/ }).waitFor();
  await page.locator('.seat-map g.seat[data-state="booked"]').nth(1).waitFor();
  t.equal(await page.locator('.seat-map g.seat[data-state="booked"]').count(), 2, "the two sold seats on the organizer's map");
  await checkAccessibility(t, page, "a reserved event's organizer page");
  await screenshot(page, "admin-event-reserved");

  // Analytics: uPlot charts drawn from the analytics routes, figures matching the database.
  const scripts: string[] = [];
  page.on("request", (r) => { if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname); });
  await page.getByRole("link", { name: "Analytics" }).click();
  await page.getByRole("heading", { name: "Analytics" }).waitFor();
  await page.locator(".chart .uplot canvas").nth(1).waitFor();
  t.ok(scripts.some((p) => p.includes("analytics")), `the analytics chunk loads on demand (${scripts.join(", ")})`);
  const { rows: [figures] } = await db.pool.query(
    `select count(*)::int as created, count(*) filter (where status = 'cancelled')::int as cancelled
       from evently.bookings where created_at >= (current_date - 29)::timestamp at time zone 'UTC'`);
  t.equal(figures.created, 5, "the five bookings made above");
  const rate = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 1 }).format(
    Math.round((figures.cancelled / figures.created) * 10000) / 10000);
  t.equal(await page.getByTestId("cancellation-rate").textContent(), rate, `cancellation rate ${figures.cancelled}/${figures.created}`);
  const inked = await page.evaluate(() => [...document.querySelectorAll<HTMLCanvasElement>(".chart .uplot canvas")].map((c) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  }));
  t.equal(inked.length, 2, "two charts");
  t.ok(inked.every((n) => n > 500), `both charts drew something (${inked.join(", ")} pixels)`);
  t.match(await page.getByTestId("top-events").textContent(), /Harbour Jazz Night/);
  t.match(await page.getByTestId("utilisation").textContent(), /Harbour Strings 2 of 36/);
  await page.getByText("The figures as a table").first().click();
  t.match(await page.locator(".chart details table").first().textContent(), new RegExp(new Date().toISOString().slice(0, 10)), "today's row in the table");
  await checkAccessibility(t, page, "analytics");
  await screenshot(page, "admin-analytics");

  // A phone, dark theme: no sideways scrolling, still accessible.
  const phone = await newPage(browser, { width: 390, height: 844, colorScheme: "dark" });
  await logIn(phone, api.base, adminEmail, "/admin");
  await phone.locator(`tr[data-event-id="${event.id}"]`).waitFor();
  t.ok(await noSideways(phone), "dashboard: no horizontal page scroll at 390 px");
  await checkAccessibility(t, phone, "the dashboard at 390 px in the dark theme");
  await screenshot(phone, "admin-dashboard-phone-dark");
  await phone.getByRole("link", { name: "Analytics" }).click();
  await phone.locator(".chart .uplot canvas").nth(1).waitFor();
  t.ok(await noSideways(phone), "analytics: no horizontal page scroll at 390 px");
  const legend = await phone.evaluate(() => [getComputedStyle(document.querySelector(".u-legend")!).color, getComputedStyle(document.body).color]);
  t.equal(legend[0], legend[1], "chart legend in the dark theme's text colour");
  await checkAccessibility(t, phone, "analytics at 390 px in the dark theme");
  await screenshot(phone, "admin-analytics-phone-dark");
  await phone.goto(`${api.base}/admin/events/${stringsId}`);
  await phone.locator(".seat-map g.seat").first().waitFor();
  await phone.getByTestId("bookings").waitFor();
  t.ok(await noSideways(phone), "event page: no horizontal page scroll at 390 px");
  await checkAccessibility(t, phone, "an event's organizer page at 390 px in the dark theme");
  await phone.goto(`${api.base}/admin/events/new`);
  await phone.getByRole("heading", { name: "New event" }).waitFor();
  t.ok(await noSideways(phone), "event form: no horizontal page scroll at 390 px");
  await checkAccessibility(t, phone, "the event form at 390 px in the dark theme");
  await phone.goto(`${api.base}/admin/venues/${venueId}`);
  await phone.locator(".seat-map g.seat").first().waitFor();
  t.ok(await noSideways(phone), "layout builder: no horizontal page scroll at 390 px");
  await checkAccessibility(t, phone, "the layout builder at 390 px in the dark theme");
});
