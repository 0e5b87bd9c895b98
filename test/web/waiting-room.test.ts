// A waiting room in real Chromium against a real server on a real database: the organizer
// opens one on the event's page; the buyer sees it, joins the queue, watches their place move
// live (admissions fire eventChanged) and is switched to admitted live, with a countdown and the
// normal controls; an admission that ran out is EVQAD as the registry's sentence; admitted
// again, the buyer books. The rate clock is moved in SQL, as the admission job would see it.
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

t.test("waiting room in Chromium", { skip }, async (t) => {
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
  const wallyEmail = `wally-${stamp}@example.com`;
  const adminId = await register(adminEmail, "Olga Organizer");
  const buyerId = await register(buyerEmail, "Bea Buyer");
  await register(wallyEmail, "Wally Waiting");
  await db.pool.query("update evently.users set role = 'admin' where id = $1", [adminId]);
  const [event] = await sqlAs(db.pool, adminId,
    "select id from evently.create_event(name => 'Big On-Sale', starts_at => now() + interval '30 days', capacity => 500, price_cents => 4000, max_tickets_per_user => 4)");
  const wallyToken = (await api.call("post", "/api/v1/auth/login", { body: { email: wallyEmail, password } })).body.token as string;

  const browser = await launchBrowser(t);
  t.comment(`screenshots: ${screenshotDir}`);

  // The organizer opens a waiting room: in an hour, 1 person a minute, 10-minute admissions.
  const admin = await newPage(browser);
  await logIn(admin, api.base, adminEmail, `/admin/events/${event.id}`);
  const roomAdmin = admin.getByTestId("room-admin");
  await roomAdmin.getByRole("button", { name: "Open a waiting room" }).click();
  const inAnHour = await admin.evaluate(() => {
    const d = new Date(Date.now() + 3600_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  });
  await roomAdmin.getByLabel("Admissions start").fill(inAnHour);
  await roomAdmin.getByLabel("People per minute").fill("1");
  await roomAdmin.getByLabel("Admission lasts (minutes)").fill("10");
  await roomAdmin.getByRole("button", { name: "Open waiting room" }).click();
  await roomAdmin.getByRole("status").filter({ hasText: "Waiting room opened" }).waitFor();
  const { rows: [room] } = await db.pool.query(
    "select admission_rate, extract(epoch from admission_window)::int as window, opens_at > now() + interval '50 minutes' as later from evently.waiting_rooms where event_id = $1", [event.id]);
  t.same(room, { admission_rate: 1, window: 600, later: true }, "the room as the organizer set it");
  await checkAccessibility(t, admin, "the organizer's event page with a waiting room");
  await screenshot(admin, "admin-waiting-room");

  // Wally joins first (through the API): one person ahead of the buyer.
  t.equal((await api.call("post", `/api/v1/events/${event.id}/queue`, { token: wallyToken })).status, 200);

  // The buyer: the room instead of the buying controls; join; one person ahead.
  const page = await newPage(browser);
  await logIn(page, api.base, buyerEmail, `/events/${event.id}`);
  const panel = page.getByTestId("waiting-room");
  await panel.waitFor();
  t.match(await panel.textContent(), /The sale opens .*join the queue now/);
  t.match(await page.getByTestId("room-waiting").textContent(), /1 person waiting · about 1 let in per minute/);
  t.equal(await page.getByRole("button", { name: "Book now" }).count(), 0, "no buying controls before admission");
  await checkAccessibility(t, page, "the waiting room");
  await panel.getByRole("button", { name: "Join the queue" }).click();
  const place = page.getByTestId("queue-place");
  await place.waitFor();
  t.match(await place.textContent(), /1 person ahead of you/);
  const { rows: joined } = await db.pool.query("select status from evently.queue_entries where event_id = $1 and user_id = $2", [event.id, buyerId]);
  t.same(joined, [{ status: "waiting" }], "the buyer is in the queue");
  await checkAccessibility(t, page, "the buyer's place in the queue");
  await screenshot(page, "waiting-room");
  await page.waitForTimeout(500); // the subscription's LISTEN is in place

  // The sale opens and a minute's worth (one person) is let in: Wally. The buyer's place moves live.
  await db.pool.query("update evently.waiting_rooms set opens_at = now(), counting_since = now() - interval '1 minute' where event_id = $1", [event.id]);
  await db.pool.query("select evently_private.run_waiting_room($1)", [event.id]);
  await place.filter({ hasText: "You're next." }).waitFor({ timeout: 5000 });
  t.pass("place updated live: you're next");

  // Another minute's worth: the buyer, switched to admitted live, with a countdown and the controls.
  await db.pool.query("update evently.waiting_rooms set counting_since = now() - interval '2 minutes' where event_id = $1", [event.id]);
  await db.pool.query("select evently_private.run_waiting_room($1)", [event.id]);
  const admitted = page.getByTestId("admitted");
  await admitted.waitFor({ timeout: 5000 });
  t.match(await page.getByTestId("admission-countdown").textContent(), /^(10:00|9:\d\d)$/, "countdown to admission_expires_at");
  await page.getByRole("button", { name: "Book now" }).waitFor();
  await checkAccessibility(t, page, "admitted");
  await screenshot(page, "waiting-room-admitted");

  // The admission runs out behind the page's back: booking is EVQAD, read as the registry's sentence.
  await db.pool.query("update evently.queue_entries set admitted_at = now() - interval '11 minutes', admission_expires_at = now() - interval '1 minute' where event_id = $1 and user_id = $2", [event.id, buyerId]);
  await page.getByRole("button", { name: "Book now" }).click();
  const refused = page.getByRole("alert").filter({ hasText: errorCodes.get("EVQAD")!.forPeople });
  await refused.waitFor();
  t.pass("EVQAD shown as the registry's sentence");
  await panel.getByRole("button", { name: "Join the queue again" }).waitFor();
  t.equal(await page.getByRole("button", { name: "Book now" }).count(), 0, "no buying controls once the admission is over");

  // Back into the queue, let in again, then book.
  await panel.getByRole("button", { name: "Join the queue again" }).click();
  await place.waitFor();
  await db.pool.query("update evently.waiting_rooms set counting_since = now() - interval '3 minutes' where event_id = $1", [event.id]);
  await db.pool.query("select evently_private.run_waiting_room($1)", [event.id]);
  await admitted.waitFor({ timeout: 5000 });
  await page.getByLabel("Tickets").selectOption("2");
  await page.getByRole("button", { name: "Book now" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();
  const { rows: booked } = await db.pool.query("select quantity from evently.bookings where event_id = $1 and user_id = $2 and status = 'confirmed'", [event.id, buyerId]);
  t.same(booked, [{ quantity: 2 }], "booked once admitted");

  // The organizer's figures follow; close the room: the buyer's page has the normal controls again.
  await admin.reload();
  await roomAdmin.getByTestId("room-admitted").filter({ hasText: /^3$/ }).waitFor({ timeout: 5000 });
  await roomAdmin.getByRole("button", { name: "Close waiting room…" }).click();
  await roomAdmin.getByRole("button", { name: "Close waiting room" }).click();
  await roomAdmin.getByRole("status").filter({ hasText: "Waiting room closed" }).waitFor();
  const { rows: left } = await db.pool.query("select count(*)::int as n from evently.waiting_rooms where event_id = $1", [event.id]);
  t.equal(left[0].n, 0, "the room is gone");
  await page.goto(`${api.base}/events/${event.id}`);
  await page.getByRole("button", { name: "Book now" }).waitFor();
  t.equal(await page.getByTestId("waiting-room").count(), 0, "no room shown once closed");

  // 390 px, dark.
  const phone = await newPage(browser, { width: 390, height: 844, colorScheme: "dark" });
  await logIn(phone, api.base, adminEmail, `/admin/events/${event.id}`);
  await phone.getByTestId("room-admin").waitFor();
  t.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), "organizer page: no horizontal scroll at 390 px");
  await checkAccessibility(t, phone, "the organizer's event page at 390 px in the dark theme");
});
