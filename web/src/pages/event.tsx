// One event: details, live availability, and buying: "Book now" (one step) or "Hold" →
// checkout with a countdown to the hold's expires_at → confirm or release. Sold out: the
// waitlist. Every rule (limits, capacity, expiry) is the server's; this page only asks.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, newIdempotencyKey, ok, type Booking, type Event, type Hold, type Schemas, type Venue, type WaitlistEntry } from "../api/client";
import { availability, formatCountdown, formatDate, formatPrice } from "../format";
import { ErrorNote, Loading, useCountdown, usePageTitle } from "../components/common";
import { useSession } from "../session";
import { messageFor } from "../messages";
import { SeatMap, type Seat } from "../components/seat-map";
import { useLiveEvents } from "../live";
import { OFFERS_CHANGED } from "../components/offer-banner";
import { TicketTypePicker, TypeWaitlists, typeState, type TicketType } from "../components/ticket-types";

const holdKey = (eventId: string) => `evently.hold.${eventId}`;

type RoomModule = typeof import("./waiting-room");
let roomModule: Promise<RoomModule> | undefined;
/** The waiting room's panel is a chunk of its own, fetched only for events that have a room. */
function useRoomModule(wanted: boolean): RoomModule | null {
  const [mod, setMod] = useState<RoomModule | null>(null);
  useEffect(() => {
    if (!wanted || mod) return;
    roomModule ??= import("./waiting-room");
    roomModule.then(setMod, () => { roomModule = undefined; });
  }, [wanted]);
  return mod;
}

/** A 404 (none) as null; anything else is an error. */
async function orNone<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export function EventPage({ id }: { id: string }) {
  const { user, ready } = useSession();
  const [event, setEvent] = useState<Event | null>(null);
  const [venue, setVenue] = useState<Venue | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [quantity, setQuantity] = useState(1);
  const [hold, setHold] = useState<Hold | null>(null);
  const [booking, setBooking] = useState<Booking | null>(null);
  const [entry, setEntry] = useState<WaitlistEntry | null>(null);
  // On an event with ticket types: your live entries, one per type's waitlist.
  const [typeEntries, setTypeEntries] = useState<WaitlistEntry[]>([]);
  const [busy, setBusy] = useState(false);
  const [seats, setSeats] = useState<Seat[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [section, setSection] = useState("");
  const [types, setTypes] = useState<TicketType[]>([]);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [room, setRoom] = useState<Schemas["WaitingRoom"] | null>(null);
  const [queue, setQueue] = useState<Schemas["QueueEntry"] | null>(null);
  const signedIn = useRef(false);
  signedIn.current = !!user;
  usePageTitle(event?.name ?? "Event");
  const roomMod = useRoomModule(!!room);

  // Ticket types (general admission only): the buyer picks one, holds and bookings name it.
  const typed = types.length > 0 && event?.seating !== "reserved";
  const pickedType = typed ? types.find((x) => x.id === typeId) ?? null : null;

  // Your live waitlist entries for this event (one per ticket type's line, or the event's).
  const loadEntries = useCallback(() =>
    ok(api.GET("/api/v1/waitlist", { params: { query: { limit: 100 } } })).then(
      (entries) => {
        const live = entries.filter((w) => w.event_id === id && (w.status === "waiting" || w.status === "offered"));
        setEntry(live.find((w) => !w.ticket_type_id) ?? null);
        setTypeEntries(live.filter((w) => w.ticket_type_id));
      },
      () => {},
    ), [id]);
  const reserved_ = useRef<boolean | null>(null);
  const reload = useCallback(async () => {
    try {
      // Once the event is known to be reserved, its seats are read alongside it (one round trip's wait).
      const seatsRequest = reserved_.current ? ok(api.GET("/api/v1/events/{id}/seats", { params: { path: { id } } })) : null;
      const typesRequest = ok(api.GET("/api/v1/events/{id}/ticket-types", { params: { path: { id } } }));
      const roomRequest = orNone(ok(api.GET("/api/v1/events/{id}/waiting-room", { params: { path: { id } } })));
      const fresh = await ok(api.GET("/api/v1/events/{id}", { params: { path: { id } } }));
      const freshTypes = await typesRequest;
      const freshRoom = await roomRequest;
      setRoom(freshRoom);
      // Your place in its queue (none: not joined yet).
      setQueue(freshRoom && signedIn.current ? await orNone(ok(api.GET("/api/v1/events/{id}/queue", { params: { path: { id } } }))) : null);
      setTypes(freshTypes);
      // An offer made, accepted or expired since: the type lines' state follows.
      if (signedIn.current && freshTypes.length) void loadEntries();
      // The first type on sale is picked until the buyer picks one.
      setTypeId((current) => current ?? freshTypes.find((x) => !typeState(x))?.id ?? null);
      reserved_.current = fresh.seating === "reserved";
      setEvent(fresh);
      if (fresh.seating === "reserved") {
        const map = await (seatsRequest ?? ok(api.GET("/api/v1/events/{id}/seats", { params: { path: { id } } })));
        setSeats(map);
        // A seat someone else took meanwhile leaves the selection.
        setSelected((current) => {
          const free = new Set(map.filter((x) => x.status === "available").map((x) => x.seat_id));
          const kept = new Set([...current].filter((x) => free.has(x)));
          return kept.size === current.size ? current : kept;
        });
      }
      setLoadError(null);
      return fresh;
    } catch (e) {
      setLoadError(e);
      return null;
    }
  }, [id, loadEntries]);

  useEffect(() => {
    void reload().then((fresh) => {
      if (fresh?.venue_id) ok(api.GET("/api/v1/venues/{id}", { params: { path: { id: fresh.venue_id } } })).then(setVenue, () => {});
    });
    // The subscription below keeps the page live; this is only a slow safety net.
    const timer = setInterval(reload, 60_000);
    return () => clearInterval(timer);
  }, [reload]);
  useLiveEvents([id], reload);
  useEffect(() => { if (user) void reload(); }, [user, reload]);

  // A hold survives a reload of the page (its id is kept for this tab only).
  useEffect(() => {
    if (!user) return;
    const saved = sessionStorage.getItem(holdKey(id));
    if (saved) {
      ok(api.GET("/api/v1/holds/{id}", { params: { path: { id: saved } } })).then(
        (h) => (h.status === "active" ? setHold(h) : sessionStorage.removeItem(holdKey(id))),
        () => sessionStorage.removeItem(holdKey(id)),
      );
    }
    void loadEntries();
  }, [id, user, loadEntries]);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      void reload();
    }
  };

  const bookNow = () => act(async () => {
    const made = await ok(api.POST("/api/v1/bookings", {
      params: { header: { "Idempotency-Key": newIdempotencyKey() } },
      body: typed && typeId ? { ticket_type_id: typeId, quantity } : { event_id: id, quantity },
    }));
    setBooking(made);
  });
  const placeHold = () => act(async () => {
    const made = await ok(api.POST("/api/v1/holds", {
      body: event?.seating === "reserved" ? { event_id: id, quantity, best_available: true, ...(section ? { section } : {}) }
        : typed && typeId ? { ticket_type_id: typeId, quantity } : { event_id: id, quantity },
    }));
    sessionStorage.setItem(holdKey(id), made.id);
    setHold(made);
  });
  const holdSelected = () => act(async () => {
    try {
      const made = await ok(api.POST("/api/v1/holds", { body: { event_id: id, seat_ids: [...selected] } }));
      sessionStorage.setItem(holdKey(id), made.id);
      setSelected(new Set());
      setHold(made);
    } catch (e) {
      if (e instanceof ApiError && e.code === "EVSTK") setSelected(new Set());
      throw e;
    }
  });
  const toggleSeat = (seat: Seat) => {
    setError(null);
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(seat.seat_id)) next.delete(seat.seat_id);
      else if (next.size < (event?.max_tickets_per_user ?? 10)) next.add(seat.seat_id);
      return next;
    });
  };
  const confirm = () => act(async () => {
    if (!hold) return;
    const made = await ok(api.POST("/api/v1/holds/{id}/confirm", {
      params: { path: { id: hold.id }, header: { "Idempotency-Key": newIdempotencyKey() } },
    }));
    sessionStorage.removeItem(holdKey(id));
    setHold(null);
    setBooking(made);
  });
  const release = () => act(async () => {
    if (!hold) return;
    sessionStorage.removeItem(holdKey(id));
    await ok(api.DELETE("/api/v1/holds/{id}", { params: { path: { id: hold.id } } })).catch((e) => {
      // Already expired or closed: nothing left to give back.
      if (!(e && typeof e === "object" && "status" in e && (e.status === 409 || e.status === 410))) throw e;
    });
    setHold(null);
  });
  const joinQueue = () => act(async () => {
    setQueue(await ok(api.POST("/api/v1/events/{id}/queue", { params: { path: { id } } })));
  });
  const joinWaitlist = () => act(async () => {
    setEntry(await ok(api.POST("/api/v1/events/{id}/waitlist", { params: { path: { id } }, body: { quantity } })));
    dispatchEvent(new CustomEvent(OFFERS_CHANGED));
  });
  const joinTypeWaitlist = (typeId: string, party: number) => act(async () => {
    const joined = await ok(api.POST("/api/v1/ticket-types/{id}/waitlist", { params: { path: { id: typeId } }, body: { quantity: party } }));
    setTypeEntries((current) => [...current.filter((w) => w.ticket_type_id !== typeId), joined]);
    dispatchEvent(new CustomEvent(OFFERS_CHANGED));
  });

  if (loadError && !event) return <section><h1>Event</h1><ErrorNote error={loadError} /></section>;
  if (!event) return <Loading what="Loading event" />;

  const label = availability(event);
  const onSale = event.status === "published" && new Date(event.starts_at).getTime() > Date.now();
  const maxQuantity = pickedType
    ? Math.max(1, Math.min(event.max_tickets_per_user, pickedType.max_tickets_per_user ?? Infinity, pickedType.available || event.max_tickets_per_user))
    : Math.max(1, Math.min(event.max_tickets_per_user, event.available || event.max_tickets_per_user));
  const typesOnSale = types.filter((x) => !typeState(x));
  // A waiting room stands before the buying controls until the server says you're admitted now.
  const admitted = !!queue?.admitted_now;
  const inRoom = !!room && onSale && ready && !hold && !booking && !admitted;
  const reserved = event.seating === "reserved";

  return (
    <section class="event-page">
      <p><a href="/">← All events</a></p>
      <h1>{event.name}</h1>
      <p class="when"><time dateTime={event.starts_at}>{formatDate(event.starts_at)}</time></p>
      <p class="where">{venue ? [venue.name, venue.address, venue.city].filter(Boolean).join(", ") : event.venue_id ? "" : "Venue to be announced"}</p>
      {event.description && <p>{event.description}</p>}
      <p class="price">{reserved ? `From ${formatPrice(seats && seats.length ? Math.min(...seats.map((x) => x.price_cents)) : event.price_cents)} · reserved seating`
        : typed ? (types.length > 1 ? `From ${formatPrice(Math.min(...types.map((x) => x.price_cents)))}` : `${formatPrice(types[0].price_cents)} per ticket`)
        : `${formatPrice(event.price_cents)} per ticket`}</p>
      <p class={`badge badge-${label.tone}`} data-testid="availability" aria-live="polite">{label.label}</p>

      {roomMod && room && admitted && !booking && queue && <roomMod.AdmittedBanner entry={queue} onExpired={reload} />}
      {inRoom ? (
        roomMod ? (
          <roomMod.WaitingRoomPanel room={room!} entry={queue} signedIn={!!user} busy={busy} onJoin={joinQueue} onRefresh={reload}
            loginHref={`/login?next=/events/${id}`} />
        ) : <Loading what="Loading the waiting room" />
      ) : booking ? (
        <div class="panel success" role="status">
          <h2>You're booked</h2>
          <p>{booking.quantity} {booking.quantity === 1 ? "ticket" : "tickets"} · {formatPrice(booking.total_cents)}</p>
          <p><a class="button" href="/bookings">See your tickets</a></p>
        </div>
      ) : hold ? (
        <Checkout hold={hold} busy={busy} onConfirm={confirm} onRelease={release} />
      ) : !onSale ? null : !ready ? null : !user ? (
        <div class="panel">
          {typed && <TicketTypePicker types={types} value={null} onChange={() => {}} disabled />}
          <p><a href={`/login?next=/events/${id}`}>Log in</a> or <a href={`/register?next=/events/${id}`}>register</a> to book tickets.</p>
        </div>
      ) : typed ? (
        <form class="panel buy" onSubmit={(e) => { e.preventDefault(); void bookNow(); }}>
          <TicketTypePicker types={types} value={typeId} onChange={(x) => { setTypeId(x); setQuantity(1); setError(null); }} disabled={busy} />
          {pickedType && !typeState(pickedType) ? (
            <>
              <label>
                Tickets
                <select value={quantity} onChange={(e) => setQuantity(Number(e.currentTarget.value))}>
                  {Array.from({ length: maxQuantity }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
                </select>
              </label>
              <span class="muted">{pickedType.name} · {formatPrice(pickedType.price_cents * quantity)}</span>
              <div class="actions">
                <button type="submit" class="button" disabled={busy}>Book now</button>
                <button type="button" class="button secondary" disabled={busy} onClick={placeHold}>Hold</button>
              </div>
            </>
          ) : (
            <p class="muted" data-testid="no-type">{typesOnSale.length ? "Pick a ticket type." : event.available > 0 ? "No ticket type is on sale right now." : "Sold out."}</p>
          )}
          <TypeWaitlists types={types} entries={typeEntries} maxParty={event.max_tickets_per_user} busy={busy} onJoin={joinTypeWaitlist} />
        </form>
      ) : event.available > 0 && reserved ? (
        <div class="panel buy-seats">
          <form class="buy" onSubmit={(e) => { e.preventDefault(); void placeHold(); }}>
            <label>
              Best available
              <select value={quantity} onChange={(e) => setQuantity(Number(e.currentTarget.value))} aria-label="Number of seats">
                {Array.from({ length: maxQuantity }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n} {n === 1 ? "seat" : "seats"}</option>)}
              </select>
            </label>
            <label>
              Section
              <select value={section} onChange={(e) => setSection(e.currentTarget.value)}>
                <option value="">Any section</option>
                {[...new Set((seats ?? []).map((x) => x.section))].map((name) => <option key={name} value={name}>{name}</option>)}
              </select>
            </label>
            <button type="submit" class="button secondary" disabled={busy}>Hold best seats</button>
          </form>
          <p class="muted">Or pick seats on the map (up to {event.max_tickets_per_user}).</p>
          <SelectedSeats seats={seats ?? []} selected={selected} busy={busy} onHold={holdSelected} />
        </div>
      ) : event.available > 0 ? (
        <form class="panel buy" onSubmit={(e) => { e.preventDefault(); void bookNow(); }}>
          <label>
            Tickets
            <select value={quantity} onChange={(e) => setQuantity(Number(e.currentTarget.value))}>
              {Array.from({ length: maxQuantity }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
          <span class="muted">Up to {event.max_tickets_per_user} per person</span>
          <div class="actions">
            <button type="submit" class="button" disabled={busy}>Book now</button>
            <button type="button" class="button secondary" disabled={busy} onClick={placeHold}>Hold</button>
          </div>
        </form>
      ) : entry ? (
        <div class="panel" role="status">
          <h2>You're on the waitlist</h2>
          <p>Position {entry.position} for {entry.quantity} {entry.quantity === 1 ? "ticket" : "tickets"}. We'll offer you tickets as soon as some free up.</p>
        </div>
      ) : (
        <form class="panel" onSubmit={(e) => { e.preventDefault(); void joinWaitlist(); }}>
          <h2>Sold out</h2>
          <p>Join the waitlist and we'll offer you tickets when some free up ({event.waiting} waiting).</p>
          <label>
            Party size
            <select value={quantity} onChange={(e) => setQuantity(Number(e.currentTarget.value))}>
              {Array.from({ length: event.max_tickets_per_user }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
          <button type="submit" class="button" disabled={busy}>Join the waitlist</button>
        </form>
      )}
      <ErrorNote error={error} />
      {reserved && seats && (
        <SeatMap
          seats={seats}
          mine={new Set(hold?.seats.map((x) => x.seat_id) ?? [])}
          selected={selected}
          interactive={!!user && onSale && !hold && !booking}
          onToggle={toggleSeat}
        />
      )}
    </section>
  );
}

function SelectedSeats({ seats, selected, busy, onHold }: { seats: Seat[]; selected: Set<string>; busy: boolean; onHold(): void }) {
  const picked = seats.filter((x) => selected.has(x.seat_id));
  const total = picked.reduce((sum, x) => sum + x.price_cents, 0);
  return (
    <div class="selected-seats" aria-live="polite">
      {picked.length === 0 ? (
        <p>No seats picked yet.</p>
      ) : (
        <>
          <p data-testid="selected-seats">Picked: {picked.map((x) => x.label).join(", ")} · {formatPrice(total)}</p>
          <button type="button" class="button" disabled={busy} onClick={onHold}>Hold {picked.length === 1 ? "this seat" : `these ${picked.length} seats`}</button>
        </>
      )}
    </div>
  );
}

function Checkout({ hold, busy, onConfirm, onRelease }: { hold: Hold; busy: boolean; onConfirm(): void; onRelease(): void }) {
  const left = useCountdown(hold.expires_at);
  const expired = left <= 0;
  return (
    <div class="panel checkout" aria-labelledby="checkout-title">
      <h2 id="checkout-title">Checkout</h2>
      <p>
        {hold.quantity} {hold.quantity === 1 ? "ticket" : "tickets"} held for you
        {hold.seats.length > 0 && <>: {hold.seats.map((s) => s.label).join(", ")}</>}.
      </p>
      {expired ? (
        <p class="note note-error" role="alert" data-testid="hold-expired">{messageFor("EVHEX")}</p>
      ) : (
        <p class="countdown" data-testid="countdown">
          Time left to confirm: <strong role="timer" aria-live="off">{formatCountdown(left)}</strong>
        </p>
      )}
      <div class="actions">
        <button type="button" class="button" disabled={busy || expired} onClick={onConfirm}>Confirm booking</button>
        <button type="button" class="button secondary" disabled={busy} onClick={onRelease}>{expired ? "Start again" : "Release"}</button>
      </div>
    </div>
  );
}
