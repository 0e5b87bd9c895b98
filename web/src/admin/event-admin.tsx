// One event for its organizer: live figures, its bookings (search by email or ticket code),
// edit, and cancel with the effect spelled out before and reported after.
import { useCallback, useEffect, useState } from "preact/hooks";
import { api, ok, type Event, type Schemas } from "../api/client";
import { ConfirmDialog, ErrorNote, Loading, usePageTitle } from "../components/common";
import { formatDate, formatPrice, formatShortDate } from "../format";
import { useLiveEvents } from "../live";
import { CapacityBar } from "./dashboard";
import { SeatMap, type Seat } from "../components/seat-map";
import { TicketTypesAdmin } from "./ticket-types";
import { WaitingRoomAdmin } from "./waiting-room";

type EventBooking = Schemas["EventBooking"];
const PAGE = 20;

/** How many bookings match (the server's count), 0 when none. */
async function countBookings(id: string, status: "confirmed" | "cancelled"): Promise<number> {
  const rows = await ok(api.GET("/api/v1/events/{id}/bookings", { params: { path: { id }, query: { status, limit: 1 } } }));
  return rows[0]?.matching ?? 0;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function Bookings({ id, version }: { id: string; version: number }) {
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<EventBooking[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    ok(api.GET("/api/v1/events/{id}/bookings", { params: { path: { id }, query: { limit: PAGE, offset, ...(search ? { q: search } : {}) } } })).then(
      (r) => { if (current) { setRows(r); setError(null); } },
      (e) => { if (current) setError(e); },
    );
    return () => { current = false; };
  }, [id, search, offset, version]);
  const total = rows?.[0]?.matching ?? 0;
  return (
    <section class="panel" aria-labelledby="bookings-title">
      <h2 id="bookings-title">Bookings</h2>
      <form class="search-row" role="search" onSubmit={(e) => { e.preventDefault(); setOffset(0); setSearch(q.trim()); }}>
        <label>Email or ticket code<input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
        <button class="button secondary" type="submit">Search</button>
      </form>
      <ErrorNote error={error} />
      {rows === null && !error && <Loading what="Loading bookings" />}
      {rows && rows.length === 0 && <p>{search ? `No booking matches “${search}”.` : "No bookings yet."}</p>}
      {rows && rows.length > 0 && (
        <>
          <p class="muted" role="status">{search ? `${plural(total, "booking matches", "bookings match")} “${search}”` : plural(total, "booking", "bookings")}{total > rows.length ? `, showing ${offset + 1}–${offset + rows.length}` : ""}</p>
          <div class="table-wrap" role="region" aria-label="Bookings" tabIndex={0}>
            <table class="admin-table" data-testid="bookings">
              <thead><tr><th scope="col">Buyer</th><th scope="col" class="num">Tickets</th><th scope="col" class="num">Total</th><th scope="col">Status</th><th scope="col">Booked</th><th scope="col">Ticket codes</th></tr></thead>
              <tbody>
                {rows.map((b) => (
                  <tr key={b.id}>
                    <th scope="row">{b.name}<div class="muted small normal">{b.email}</div></th>
                    <td class="num">{b.quantity}</td>
                    <td class="num">{formatPrice(b.total_cents)}</td>
                    <td>{b.status}</td>
                    <td>{formatShortDate(b.created_at)}</td>
                    <td class="code">{b.codes.join(" ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > PAGE && <div class="actions">
            <button class="button secondary" type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
            <button class="button secondary" type="button" disabled={offset + rows.length >= total} onClick={() => setOffset(offset + PAGE)}>Older</button>
          </div>}
        </>
      )}
    </section>
  );
}

interface Effect { bookings: number; tickets: number; held: number; waiting: number }

export function EventAdmin({ id }: { id: string }) {
  const [event, setEvent] = useState<Event | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [effect, setEffect] = useState<Effect | null>(null);
  const [reason, setReason] = useState("");
  const [report, setReport] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(event ? `${event.name} · organizer` : "Event · organizer");

  const [checkedIn, setCheckedIn] = useState<number | null>(null);
  const [seats, setSeats] = useState<Seat[] | null>(null);
  const load = useCallback(async () => {
    try {
      const next = await ok(api.GET("/api/v1/events/{id}", { params: { path: { id } } }));
      setEvent(next);
      const [door, map] = await Promise.all([
        ok(api.GET("/api/v1/events/{id}/check-ins", { params: { path: { id } } })),
        next.seating === "reserved" ? ok(api.GET("/api/v1/events/{id}/seats", { params: { path: { id } } })) : Promise.resolve(null),
      ]);
      setCheckedIn(door.checked_in);
      setSeats(map);
      setVersion((v) => v + 1);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => { void load(); }, [load]);
  useLiveEvents([id], load);

  const askCancel = async () => {
    if (!event) return;
    setBusy(true);
    try {
      setEffect({ bookings: await countBookings(id, "confirmed"), tickets: event.booked, held: event.held, waiting: event.waiting });
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    if (!effect) return;
    setBusy(true);
    try {
      const before = effect;
      setEffect(null);
      setEvent(await ok(api.POST("/api/v1/events/{id}/cancel", { params: { path: { id } }, body: reason.trim() ? { reason: reason.trim() } : {} })));
      const left = await countBookings(id, "confirmed");
      setReport(`Event cancelled. ${plural(before.bookings - left, "booking", "bookings")} (${plural(before.tickets, "ticket", "tickets")}) cancelled, ` +
        `${plural(before.held, "held ticket", "held tickets")} released, ${plural(before.waiting, "person", "people")} taken off the waitlist. Everyone affected is being notified.`);
      setVersion((v) => v + 1);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!event) return error ? <ErrorNote error={error} /> : <Loading what="Loading the event" />;
  const cancelled = event.status === "cancelled";
  return (
    <section>
      <p><a href="/admin">← Dashboard</a></p>
      <h1>{event.name}</h1>
      <p class="muted"><time dateTime={event.starts_at}>{formatDate(event.starts_at)}</time> · {event.seating === "reserved" ? "reserved seating" : "general admission"} · <a href={`/events/${event.id}`}>buyer's page</a></p>
      {cancelled && <p class="note note-error" data-testid="cancelled">This event is cancelled{event.cancelled_at ? ` (${formatShortDate(event.cancelled_at)})` : ""}.</p>}
      {report && <p class="note note-ok" role="status" data-testid="cancel-report">{report}</p>}
      <ErrorNote error={error} />
      <dl class="figures" data-testid="figures">
        <div><dt>Sold</dt><dd data-testid="sold">{event.booked}</dd></div>
        <div><dt>Held</dt><dd data-testid="held">{event.held}</dd></div>
        <div><dt>Available</dt><dd data-testid="available">{event.available}</dd></div>
        <div><dt>Waitlist</dt><dd data-testid="waiting">{event.waiting}</dd></div>
        <div><dt>Checked in</dt><dd data-testid="checked-in">{checkedIn ?? "…"}</dd></div>
        <div><dt>Capacity</dt><dd>{event.capacity}</dd></div>
      </dl>
      <CapacityBar event={event} />
      {!cancelled && (
        <div class="actions">
          <a class="button secondary" href={`/admin/events/${event.id}/edit`}>Edit event</a>
          <a class="button secondary" href={`/scan/${event.id}`}>Check-in at the door</a>
          <button class="button danger" type="button" disabled={busy} onClick={askCancel}>Cancel event…</button>
        </div>
      )}
      {seats && seats.length > 0 && (
        <section class="panel" aria-labelledby="seats-title">
          <h2 id="seats-title">Seats</h2>
          <SeatMap seats={seats} mine={new Set()} selected={new Set()} interactive={false} organizer />
        </section>
      )}
      {!cancelled && <WaitingRoomAdmin eventId={id} version={version} />}
      {event.seating === "general" && <TicketTypesAdmin eventId={id} version={version} />}
      <Bookings id={id} version={version} />
      <ConfirmDialog
        open={effect !== null}
        title="Cancel this event?"
        confirmLabel="Cancel event"
        onCancel={() => setEffect(null)}
        onConfirm={cancel}
      >
        {effect && (
          <>
            <p data-testid="cancel-effect">
              {plural(effect.bookings, "booking", "bookings")} ({plural(effect.tickets, "ticket", "tickets")}) will be cancelled
              {effect.held > 0 ? `, ${plural(effect.held, "held ticket", "held tickets")} released` : ""}
              {effect.waiting > 0 ? `, ${plural(effect.waiting, "person", "people")} taken off the waitlist` : ""}.
              {" "}Everyone affected is notified. This cannot be undone.
            </p>
            <label>Reason (sent to people, optional)<input value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} /></label>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
