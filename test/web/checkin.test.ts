// The door in real Chromium against a real server on a real database: door staff find their
// event from the account menu, type a ticket code and see the holder let in; the same code
// again says already used, when and by whom (from the server's message); an unknown code, a
// cancelled ticket and another event's ticket read as the registry's sentences; the counts
// follow. An admin opens the same page from the event's organizer page. axe; 390 px dark.
import t from "tap";
import { chromium, type Page } from "playwright-core";
import { createTestDb, sqlAs } from "../helpers.ts";
import { startApi } from "../rest/client.ts";
import { errorCodes } from "../../src/errors.ts";
import { browserSkip, checkAccessibility, CHROMIUM, launchBrowser, newPage, screenshot, screenshotDir } from "./browser.ts";

const skip = browserSkip();
const password = "a long enough password";

async function logIn(page: Page, base: string, email: string, next: string): Promise<void> {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${base}${next}`);
}

t.test("door check-in in Chromium", { skip }, async (t) => {
  const db = await createTestDb(t);
  const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
  const register = async (email: string, name: string) => {
    const reply = await api.call("post", "/api/v1/auth/register", { body: { email, password, name } });
    t.equal(reply.status, 201);
    return reply.body.id as string;
  };
  const stamp = Date.now();
  const adminEmail = `olga-${stamp}@example.com`;
  const doraEmail = `dora-${stamp}@example.com`;
  const adminId = await register(adminEmail, "Olga Organizer");
  const doraId = await register(doraEmail, "Dora Door");
  const beaId = await register(`bea-${stamp}@example.com`, "Bea Buyer");
  await db.pool.query("update evently.users set role = 'admin' where id = $1", [adminId]);
  const [gig] = await sqlAs(db.pool, adminId,
    "select id from evently.create_event(name => 'Door Gig', starts_at => now() + interval '2 days', capacity => 30, price_cents => 2000)");
  const [other] = await sqlAs(db.pool, adminId,
    "select id from evently.create_event(name => 'Other Gig', starts_at => now() + interval '3 days', capacity => 30, price_cents => 2000)");
  await sqlAs(db.pool, adminId, "select evently.grant_door_staff(event_id => $1, user_id => $2)", [gig.id, doraId]);
  const book = async (eventId: string, quantity: number) =>
    (await sqlAs(db.pool, beaId, "select id from evently.book_tickets(event_id => $1, quantity => $2)", [eventId, quantity]))[0].id as string;
  const booking = await book(gig.id, 2);
  const cancelled = await book(gig.id, 1);
  await sqlAs(db.pool, beaId, "select evently.cancel_booking(booking_id => $1)", [cancelled]);
  await book(other.id, 1);
  const code = async (where: string, args: unknown[]) => (await db.pool.query(`select code from evently.tickets where ${where} order by code limit 1`, args)).rows[0].code as string;
  const ticket = await code("booking_id = $1", [booking]);
  const cancelledTicket = await code("booking_id = $1", [cancelled]);
  const otherTicket = await code("event_id = $1", [other.id]);

  const browser = await launchBrowser(t);
  t.comment(`screenshots: ${screenshotDir}`);

  // Dora: "Door" in the menu → her events → the door page with the counts.
  const page = await newPage(browser);
  await logIn(page, api.base, doraEmail, "/");
  await page.getByRole("link", { name: "Door", exact: true }).click();
  await page.getByRole("heading", { name: "Door check-in" }).waitFor();
  await page.getByRole("link", { name: "Door Gig" }).waitFor();
  t.equal(await page.locator(".door-events li").count(), 1, "only the event she is door staff of");
  await checkAccessibility(t, page, "the door's event list");
  await page.getByRole("link", { name: "Door Gig" }).click();
  await page.getByRole("heading", { name: "Check-in: Door Gig" }).waitFor();
  const checkedIn = page.getByTestId("door-checked-in");
  await checkedIn.waitFor();
  t.equal(await checkedIn.textContent(), "0");
  t.equal(await page.getByTestId("door-remaining").textContent(), "2", "the cancelled ticket does not count");
  await checkAccessibility(t, page, "the door page");

  // First scan: let in, with the holder's name; the counts follow.
  const scan = async (value: string) => {
    await page.getByLabel("Ticket code").fill(value);
    await page.getByRole("button", { name: "Check in" }).click();
    await page.getByTestId("scan-result").filter({ hasText: value }).waitFor();
    return (await page.getByTestId("scan-result").textContent()) ?? "";
  };
  t.match(await scan(ticket), /Let in.*Bea Buyer/, "first scan: let in, holder shown");
  await checkedIn.filter({ hasText: /^1$/ }).waitFor();
  t.equal(await page.getByTestId("door-remaining").textContent(), "1");
  const { rows: used } = await db.pool.query("select checked_in_by from evently.tickets where code = $1 and checked_in_at is not null", [ticket]);
  t.same(used, [{ checked_in_by: doraId }], "the database has the check-in, by Dora");
  t.equal(await page.getByLabel("Ticket code").inputValue(), "", "the field is cleared for the next scan");
  await checkAccessibility(t, page, "a ticket let in");
  await screenshot(page, "door-let-in");

  // Second scan of the same code: already used, when and by whom.
  const again = await scan(ticket);
  t.match(again, /Already used/);
  t.ok(again.includes(errorCodes.get("EVTUS")!.forPeople), "EVTUS as the registry's sentence");
  t.match(await page.getByTestId("used-by").textContent(), /^Checked in .*\d.* by Dora Door\.$/, "when and by whom, from the server's message");
  t.equal(await checkedIn.textContent(), "1", "still one checked in");
  await checkAccessibility(t, page, "an already used ticket");
  await screenshot(page, "door-already-used");

  // Unknown, cancelled, another event's ticket: each the registry's sentence.
  t.ok((await scan("not-a-real-ticket-code")).includes(errorCodes.get("EVTUK")!.forPeople), "EVTUK");
  t.ok((await scan(cancelledTicket)).includes(errorCodes.get("EVTCN")!.forPeople), "EVTCN");
  const wrong = await scan(otherTicket);
  t.ok(wrong.includes(errorCodes.get("EVTWE")!.forPeople), "EVTWE");
  t.match(wrong, /Other Gig/, "names the ticket's event");

  // Not on this door's team: EVDSF.
  await page.goto(`${api.base}/scan/${other.id}`);
  await page.getByRole("heading", { name: "Check-in: Other Gig" }).waitFor();
  await page.getByRole("alert").filter({ hasText: errorCodes.get("EVDSF")!.forPeople }).waitFor();
  t.pass("EVDSF: the counts are refused with the registry's sentence");

  // The admin opens the door from the event's organizer page.
  const admin = await newPage(browser);
  await logIn(admin, api.base, adminEmail, `/admin/events/${gig.id}`);
  await admin.getByRole("link", { name: "Check-in at the door" }).click();
  await admin.getByRole("heading", { name: "Check-in: Door Gig" }).waitFor();
  await admin.getByTestId("door-checked-in").filter({ hasText: /^1$/ }).waitFor();
  const second = await code("booking_id = $1 and checked_in_at is null", [booking]);
  await admin.getByLabel("Ticket code").fill(second);
  await admin.getByRole("button", { name: "Check in" }).click();
  await admin.getByTestId("scan-result").filter({ hasText: "Let in" }).waitFor();
  await admin.getByTestId("door-checked-in").filter({ hasText: /^2$/ }).waitFor();
  t.pass("admin checks in from the organizer page");

  // The camera path: Chromium's fake camera, and a stand-in BarcodeDetector (Linux Chromium has
  // none) that "reads" whatever code the test puts up; the page sends it like a typed one.
  const cameraBrowser = await chromium.launch({ executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"] });
  t.teardown(() => cameraBrowser.close());
  const cameraContext = await cameraBrowser.newContext({ locale: "en-GB", timezoneId: "Europe/Berlin" });
  await cameraContext.addInitScript(() => {
    const w = window as unknown as { BarcodeDetector: unknown; __code?: string };
    w.BarcodeDetector = class {
      async detect() { const code = w.__code; w.__code = undefined; return code ? [{ rawValue: code }] : []; }
    };
  });
  const camera = await cameraContext.newPage();
  camera.setDefaultTimeout(10_000);
  await logIn(camera, api.base, doraEmail, `/scan/${gig.id}`);
  await camera.getByRole("button", { name: "Scan with camera" }).click();
  await camera.locator(".camera video").waitFor();
  await camera.waitForFunction(() => (document.querySelector(".camera video") as HTMLVideoElement | null)?.readyState! >= 2);
  await camera.evaluate((c) => { (window as unknown as { __code?: string }).__code = c; }, ticket);
  await camera.getByTestId("scan-result").filter({ hasText: "Already used" }).waitFor();
  t.pass("a QR code read by the camera is checked in like a typed code");
  await camera.getByRole("button", { name: "Stop camera" }).click();
  await camera.locator(".camera").waitFor({ state: "detached" });

  // 390 px, dark.
  const phone = await newPage(browser, { width: 390, height: 844, colorScheme: "dark" });
  await logIn(phone, api.base, doraEmail, `/scan/${gig.id}`);
  await phone.getByTestId("door-checked-in").filter({ hasText: /^2$/ }).waitFor();
  await phone.getByLabel("Ticket code").fill(ticket);
  await phone.getByRole("button", { name: "Check in" }).click();
  await phone.getByTestId("scan-result").filter({ hasText: "Already used" }).waitFor();
  t.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), "no horizontal scroll at 390 px");
  await checkAccessibility(t, phone, "the door page at 390 px in the dark theme");
  await screenshot(phone, "door-phone-dark");
});
