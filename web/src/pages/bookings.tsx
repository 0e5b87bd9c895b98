// My bookings: upcoming and past, cancel (with a confirmation), each ticket with its QR code.
import { useEffect, useState } from "preact/hooks";
import { api, ok, type Booking, type Event, type Ticket } from "../api/client";
import { formatDate, formatPrice, formatShortDate } from "../format";
import { ConfirmDialog, ErrorNote, Loading, usePageTitle } from "../components/common";
import { TicketQr } from "../components/qr";
import { useSession } from "../session";

interface Data {
  upcoming: Booking[];
  past: Booking[];
  tickets: Ticket[];
  events: Map<string, Event>;
}

async function load(): Promise<Data> {
  const [upcoming, past, tickets] = await Promise.all([
    ok(api.GET("/api/v1/bookings", { params: { query: { upcoming: true, limit: 100 } } })),
    ok(api.GET("/api/v1/bookings", { params: { query: { upcoming: false, limit: 100 } } })),
    ok(api.GET("/api/v1/tickets", { params: { query: { limit: 100 } } })),
  ]);
  const ids = [...new Set([...upcoming, ...past].map((b) => b.event_id))];
  const events = await Promise.all(ids.map((id) => ok(api.GET("/api/v1/events/{id}", { params: { path: { id } } })).catch(() => null)));
  return { upcoming, past, tickets, events: new Map(events.filter((e): e is Event => !!e).map((e) => [e.id, e])) };
}

export function BookingsPage() {
  usePageTitle("My bookings");
  const { user, ready } = useSession();
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const [tab, setTab] = useState<"upcoming" | "past">("upcoming");

  const refresh = () => load().then((d) => { setData(d); setError(null); }, setError);
  useEffect(() => { if (user) void refresh(); }, [user]);

  if (!ready) return <Loading />;
  if (!user) return <section><h1>My bookings</h1><p><a href="/login?next=/bookings">Log in</a> to see your bookings.</p></section>;

  const doCancel = async () => {
    const booking = cancelling;
    setCancelling(null);
    if (!booking) return;
    try {
      await ok(api.POST("/api/v1/bookings/{id}/cancel", { params: { path: { id: booking.id } } }));
      await refresh();
    } catch (e) {
      setError(e);
    }
  };

  const list = data ? data[tab] : [];
  return (
    <section>
      <div class="row no-print">
        <h1>My bookings</h1>
        <button type="button" class="button secondary" onClick={() => print()}>Print tickets</button>
      </div>
      <div role="tablist" aria-label="Bookings" class="tabs no-print">
        {(["upcoming", "past"] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} class={tab === t ? "tab active" : "tab"} onClick={() => setTab(t)}>
            {t === "upcoming" ? "Upcoming" : "Past"}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
      {!data ? <Loading what="Loading your bookings" /> : list.length === 0 ? (
        <p>{tab === "upcoming" ? <>No upcoming bookings. <a href="/">Find an event</a>.</> : "No past bookings."}</p>
      ) : (
        <div role="tabpanel" aria-label={tab === "upcoming" ? "Upcoming" : "Past"}><ul class="booking-list">
          {list.map((booking) => {
            const event = data.events.get(booking.event_id);
            const tickets = data.tickets.filter((t) => t.booking_id === booking.id);
            const cancelled = booking.status === "cancelled";
            return (
              <li key={booking.id} class={`booking ${cancelled ? "cancelled" : ""}`}>
                <div class="row">
                  <div>
                    <h2>{event ? <a href={`/events/${event.id}`}>{event.name}</a> : "Event"}</h2>
                    {event && <p class="when"><time dateTime={event.starts_at}>{formatDate(event.starts_at)}</time></p>}
                    <p class="muted">
                      {booking.quantity} {booking.quantity === 1 ? "ticket" : "tickets"} · {formatPrice(booking.total_cents)} · booked {formatShortDate(booking.created_at)}
                      {cancelled && " · cancelled"}
                    </p>
                  </div>
                  {!cancelled && tab === "upcoming" && (
                    <button type="button" class="button danger no-print" onClick={() => setCancelling(booking)}>Cancel booking</button>
                  )}
                </div>
                {!cancelled && (
                  <ul class="tickets" aria-label="Tickets">
                    {tickets.map((ticket, i) => (
                      <li key={ticket.id} class="ticket">
                        <TicketQr code={ticket.code} label={`QR code of ticket ${i + 1}${ticket.seat_label ? `, seat ${ticket.seat_label}` : ""}: ${ticket.code}`} />
                        <p class="code" data-testid="ticket-code">{ticket.code}</p>
                        {ticket.seat_label && <p class="seat-label">Seat {ticket.seat_label}</p>}
                        <p class="muted">Ticket {i + 1} of {tickets.length}</p>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul></div>
      )}
      <ConfirmDialog
        open={!!cancelling}
        title="Cancel this booking?"
        confirmLabel="Cancel booking"
        onConfirm={doCancel}
        onCancel={() => setCancelling(null)}
      >
        <p>
          {cancelling && `${cancelling.quantity} ${cancelling.quantity === 1 ? "ticket" : "tickets"}`} will be cancelled and go back on sale.
          This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
