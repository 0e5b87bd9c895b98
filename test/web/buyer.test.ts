// A buyer in real Chromium against a real server on a real database: browse → log in →
// hold → countdown → confirm → tickets whose QR codes decode to the ticket codes; one-step
// booking; cancel with confirmation; a hold's countdown reaching zero; errors as the
// registry's sentences; axe-core on every page; 390 px width.
import t from "tap";
import { createTestDb, createUser, sqlAs } from "../helpers.ts";
import { startApi } from "../rest/client.ts";
import { browserSkip, checkAccessibility, decodeQrCodes, launchBrowser, newPage, screenshot, screenshotDir } from "./browser.ts";
import { errorCodes } from "../../src/errors.ts";

const skip = browserSkip();
t.test("buyer flows in Chromium", { skip }, async (t) => {
  const db = await createTestDb(t);
  const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
  const adminId = await createUser(db, { admin: true });
  const [venue] = await sqlAs(db.pool, adminId, "select id from evently.create_venue(name => 'Harbour Hall', address => '5 Quay', city => 'Hamburg', country => 'DE')");
  const [other] = await sqlAs(db.pool, adminId, "select id from evently.create_venue(name => 'Lake Stage', city => 'Zurich', country => 'CH')");
  const create = async (name: string, days: number, capacity: number, venueId: string, price: number) =>
    (await sqlAs(db.pool, adminId,
      "select id from evently.create_event(name => $1, starts_at => now() + make_interval(days => $2), capacity => $3, venue_id => $4, price_cents => $5, max_tickets_per_user => 4)",
      [name, days, capacity, venueId, price]))[0].id as string;
  const concert = await create("Harbour Jazz Night", 5, 50, venue.id, 2500);
  await create("Lake Poetry Reading", 9, 3, other.id, 0);
  const email = `buyer-${Date.now()}@example.com`;
  const password = "a long enough password";
  t.equal((await api.call("post", "/api/v1/auth/register", { body: { email, password, name: "Bea Buyer" } })).status, 201);

  const browser = await launchBrowser(t);
  const t0 = Date.now();
  t.teardown(() => t.comment(`browser part took ${Date.now() - t0} ms`));
  const page = await newPage(browser);
  t.comment(`screenshots: ${screenshotDir}`);

  // Browse: first render of the event list (a second visit: the browser's own start-up is not the app's).
  await page.goto(`${api.base}/`);
  await page.getByRole("link", { name: "Harbour Jazz Night" }).waitFor();
  const fresh = await newPage(browser);
  const started = Date.now();
  await fresh.goto(`${api.base}/`);
  await fresh.getByRole("link", { name: "Harbour Jazz Night" }).waitFor();
  const firstRender = Date.now() - started;
  await fresh.context().close();
  // The budget is 1 s on loopback; a CI machine shared by other jobs gets 5 s unless
  // EVENTLY_STRICT_BUDGETS=1 (the figure is printed either way).
  const budget = process.env.EVENTLY_STRICT_BUDGETS === "1" ? 1000 : 5000;
  t.comment(`first render of the event list: ${firstRender} ms`);
  t.ok(firstRender < budget, `event list rendered in ${firstRender} ms in a new browser context (< ${budget} ms)`);
  const card = page.locator(".event-card", { hasText: "Harbour Jazz Night" });
  t.match(await card.textContent(), /Harbour Hall, Hamburg/);
  t.match(await card.textContent(), /€25\.00/);
  t.match(await card.locator("[data-testid=availability]").textContent(), /Available · 50 left/);
  t.match(await card.locator("time").textContent(), /\d{4}/, "date in the viewer's locale");
  await checkAccessibility(t, page, "the event list");
  await screenshot(page, "events");

  // Filters: the city narrows the list (server-side), search by name (client-side).
  await page.getByLabel("City").selectOption("Zurich");
  await page.getByRole("link", { name: "Harbour Jazz Night" }).waitFor({ state: "detached" });
  t.ok(await page.getByRole("link", { name: "Lake Poetry Reading" }).isVisible(), "city filter");
  await page.getByLabel("City").selectOption("");
  await page.getByLabel("Search").fill("jazz");
  await page.getByRole("link", { name: "Lake Poetry Reading" }).waitFor({ state: "detached" });
  // The list without the city filter is a server round trip: it may arrive after the search
  // narrowed the old one.
  await page.getByRole("link", { name: "Harbour Jazz Night" }).waitFor({ timeout: 5000 });
  t.ok(await page.getByRole("link", { name: "Harbour Jazz Night" }).isVisible(), "search by name");
  t.equal(await page.getByRole("link", { name: "Lake Poetry Reading" }).count(), 0, "the search keeps non-matching events out");

  // Event page, signed out: asked to log in; a wrong password is the registry's sentence.
  await page.getByRole("link", { name: "Harbour Jazz Night" }).click();
  await page.getByRole("heading", { name: "Harbour Jazz Night" }).waitFor();
  await checkAccessibility(t, page, "the event page (signed out)");
  await page.getByRole("link", { name: "Log in", exact: true }).last().click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  t.equal(await page.getByRole("alert").textContent(), errorCodes.get("EVCRD")!.forPeople, "EVCRD shown as a sentence");
  await checkAccessibility(t, page, "the login page");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Harbour Jazz Night" }).waitFor();
  t.match(page.url(), new RegExp(`/events/${concert}$`), "back on the event after logging in");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "evently_session");
  t.ok(session?.httpOnly, "session cookie is HttpOnly");
  t.equal(session?.sameSite, "Strict");
  t.equal(await page.evaluate(() => document.cookie), "", "no cookie readable by scripts");

  // Hold → checkout with a countdown → confirm.
  await page.getByLabel("Tickets").selectOption("2");
  await page.getByRole("button", { name: "Hold", exact: true }).click();
  const countdown = page.getByTestId("countdown");
  await countdown.waitFor();
  t.match(await countdown.textContent(), /Time left to confirm: [45]:\d\d/, "countdown to expires_at visible");
  await checkAccessibility(t, page, "checkout");
  await screenshot(page, "checkout");
  t.match(await page.getByTestId("availability").textContent(), /48 left/, "availability counts the hold");
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();

  // Tickets with QR codes that decode to the ticket codes.
  await page.getByRole("link", { name: "See your tickets" }).click();
  await page.getByRole("heading", { name: "My bookings" }).waitFor();
  await page.locator(".qr svg").first().waitFor();
  const { rows: tickets } = await db.pool.query("select code from evently.tickets t join evently.users u on u.id = t.user_id where u.email = $1 order by code", [email]);
  t.equal(tickets.length, 2);
  const decoded = (await decodeQrCodes(page)).sort();
  t.same(decoded, tickets.map((r) => r.code), "each QR code decodes to its ticket code");
  t.same((await page.getByTestId("ticket-code").allTextContents()).sort(), tickets.map((r) => r.code));
  await checkAccessibility(t, page, "my bookings");
  await screenshot(page, "tickets");

  // One-step booking, then cancel it with a confirmation.
  await page.goto(`${api.base}/events/${concert}`);
  await page.getByRole("button", { name: "Book now" }).click();
  await page.getByRole("heading", { name: "You're booked" }).waitFor();
  await page.goto(`${api.base}/bookings`);
  await page.getByRole("button", { name: "Cancel booking" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Cancel this booking?" });
  await dialog.waitFor();
  await checkAccessibility(t, page, "the cancel confirmation");
  await dialog.getByRole("button", { name: "Cancel booking" }).click();
  await page.getByText("· cancelled").waitFor();
  const { rows: statuses } = await db.pool.query(
    "select b.status, count(*)::int as n from evently.bookings b join evently.users u on u.id = b.user_id where u.email = $1 group by 1 order by 1", [email]);
  t.same(statuses, [{ status: "cancelled", n: 1 }, { status: "confirmed", n: 1 }], "the newest booking was cancelled");

  // The per-person limit is the server's rule: 4 per person, 3 already booked → EVLIM as a sentence.
  await page.goto(`${api.base}/events/${concert}`);
  await page.getByLabel("Tickets").selectOption("4");
  await page.getByRole("button", { name: "Book now" }).click();
  t.equal(await page.getByRole("alert").textContent(), errorCodes.get("EVLIM")!.forPeople, "EVLIM shown as a sentence");

  // A hold whose time runs out: the countdown reaches zero and the page says so.
  await page.getByLabel("Tickets").selectOption("1");
  await page.getByRole("button", { name: "Hold", exact: true }).click();
  await page.getByTestId("countdown").waitFor();
  await db.pool.query("update evently.holds set expires_at = now() + interval '2 seconds' where status = 'active' and event_id = $1", [concert]);
  await page.reload();
  // The hold has 2 s left: on a loaded machine the reloaded page may only render once it has
  // run out, so wait for whichever comes; the expiry message is what must follow.
  await page.getByTestId("countdown").or(page.getByTestId("hold-expired")).first().waitFor({ timeout: 30_000 });
  const expired = page.getByTestId("hold-expired");
  await expired.waitFor({ timeout: 15_000 });
  t.equal(await expired.textContent(), errorCodes.get("EVHEX")!.forPeople, "expired hold: the registry's sentence");
  t.ok(await page.getByRole("button", { name: "Confirm booking" }).isDisabled(), "confirm is disabled once expired");
  await screenshot(page, "hold-expired");

  // Log out: the cookie is gone.
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("link", { name: "Log in" }).first().waitFor();
  t.notOk((await page.context().cookies()).some((c) => c.name === "evently_session"), "logged out: no session cookie");

  // 390 px wide (a phone), dark theme: no sideways scrolling, still accessible.
  const phone = await newPage(browser, { width: 390, height: 844, colorScheme: "dark" });
  await phone.goto(`${api.base}/`);
  await phone.getByRole("link", { name: "Harbour Jazz Night" }).waitFor();
  t.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), "no horizontal scroll at 390 px");
  await checkAccessibility(t, phone, "the event list at 390 px in the dark theme");
  await screenshot(phone, "events-phone-dark");
  await phone.goto(`${api.base}/register`);
  await phone.getByRole("heading", { name: "Create an account" }).waitFor();
  await checkAccessibility(t, phone, "the register page");
});
