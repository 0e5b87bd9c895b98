// Create or edit an event: general admission (a capacity) or reserved seating (the venue's
// seats, priced per category); hold time, waitlist offer time, per-person limit. The page
// converts units (euros → cents, minutes → seconds / an ISO duration) and sends what was
// typed; every rule is create_event's / update_event's, their errors the registry's sentences.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, ApiError, ok, type Event, type Schemas, type Venue } from "../api/client";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { navigate } from "../router";

type EventCreate = Schemas["EventCreate"];
type EventUpdate = Schemas["EventUpdate"];

interface Draft {
  name: string;
  description: string;
  startsAt: string;
  endsAt: string;
  venueId: string;
  seating: "general" | "reserved";
  capacity: string;
  price: string;
  categoryPrices: Record<string, string>;
  holdMinutes: string;
  offerMinutes: string;
  maxPerPerson: string;
}

const FIELD_LABELS: Record<string, string> = {
  name: "Name", description: "Description", starts_at: "Starts", ends_at: "Ends", venue_id: "Venue", seating: "Seating",
  capacity: "Capacity", price_cents: "Price", category_prices: "Prices by category", hold_ttl_seconds: "Hold time",
  offer_ttl: "Waitlist offer time", max_tickets_per_user: "Tickets per person",
};

/** "2026-12-07T20:00" in the organizer's time zone, for <input type="datetime-local">. */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const fromLocalInput = (value: string) => new Date(value).toISOString();
const centsToEuros = (cents: number) => (cents / 100).toFixed(2);
const eurosToCents = (euros: string) => Math.round(Number(euros.replace(",", ".")) * 100);
const secondsOf = (duration: string) => Number(/^PT(\d+)S$/.exec(duration)?.[1] ?? 0);

function draftOf(event: Event | null): Draft {
  return {
    name: event?.name ?? "",
    description: event?.description ?? "",
    startsAt: toLocalInput(event?.starts_at),
    endsAt: toLocalInput(event?.ends_at),
    venueId: event?.venue_id ?? "",
    seating: event?.seating ?? "general",
    capacity: event ? String(event.capacity) : "",
    price: event ? centsToEuros(event.price_cents) : "",
    categoryPrices: {},
    holdMinutes: event ? String(event.hold_ttl_seconds / 60) : "",
    offerMinutes: event ? String(secondsOf(event.offer_ttl) / 60) : "",
    maxPerPerson: event ? String(event.max_tickets_per_user) : "",
  };
}

/** The body for POST /events: only the fields filled in (the server has defaults for the rest). */
function createBody(d: Draft): EventCreate {
  const body: EventCreate = { name: d.name, starts_at: d.startsAt ? fromLocalInput(d.startsAt) : "" };
  if (d.description.trim()) body.description = d.description;
  if (d.endsAt) body.ends_at = fromLocalInput(d.endsAt);
  if (d.venueId) body.venue_id = d.venueId;
  body.seating = d.seating;
  if (d.seating === "general" && d.capacity !== "") body.capacity = Number(d.capacity);
  if (d.price !== "") body.price_cents = eurosToCents(d.price);
  if (d.seating === "reserved") {
    const prices = Object.entries(d.categoryPrices).filter(([, v]) => v !== "");
    if (prices.length) body.category_prices = Object.fromEntries(prices.map(([k, v]) => [k, eurosToCents(v)]));
  }
  if (d.holdMinutes !== "") body.hold_ttl_seconds = Math.round(Number(d.holdMinutes) * 60);
  if (d.offerMinutes !== "") body.offer_ttl = `PT${Math.round(Number(d.offerMinutes))}M`;
  if (d.maxPerPerson !== "") body.max_tickets_per_user = Number(d.maxPerPerson);
  return body;
}

/** The body for PATCH /events/{id}: the fields that changed. */
function updateBody(d: Draft, was: Draft): EventUpdate {
  const full = createBody(d);
  const before = createBody(was);
  const body: Record<string, unknown> = {};
  for (const key of ["name", "starts_at", "description", "ends_at", "venue_id", "capacity", "price_cents", "hold_ttl_seconds", "max_tickets_per_user"] as const) {
    if (JSON.stringify(full[key]) !== JSON.stringify(before[key]) && full[key] !== undefined) body[key] = full[key];
  }
  if (d.offerMinutes !== was.offerMinutes && d.offerMinutes !== "") body.offer_ttl = full.offer_ttl;
  return body as EventUpdate;
}

export function EventForm({ id }: { id?: string }) {
  usePageTitle(id ? "Edit event" : "New event");
  const [venues, setVenues] = useState<Venue[]>([]);
  const [original, setOriginal] = useState<Draft | null>(id ? null : draftOf(null));
  // "Create an event here" from a venue's layout: that venue, reserved seating.
  const [draft, setDraft] = useState<Draft>(() => {
    const venueId = id ? null : new URLSearchParams(location.search).get("venue");
    return venueId ? { ...draftOf(null), venueId, seating: "reserved" } : draftOf(null);
  });
  const [categories, setCategories] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    ok(api.GET("/api/v1/venues", { params: { query: { limit: 100 } } })).then(setVenues, setError);
    if (id) {
      ok(api.GET("/api/v1/events/{id}", { params: { path: { id } } })).then(
        (event) => { const d = draftOf(event); setOriginal(d); setDraft(d); },
        setError,
      );
    }
  }, [id]);
  // Reserved seating is priced per category of the venue's seats.
  useEffect(() => {
    if (id || draft.seating !== "reserved" || !draft.venueId) { setCategories([]); return; }
    let current = true;
    ok(api.GET("/api/v1/venues/{id}/seats", { params: { path: { id: draft.venueId } } })).then(
      (seats) => { if (current) setCategories([...new Set(seats.map((s) => s.category))].sort()); },
      (e) => { if (current) setError(e); },
    );
    return () => { current = false; };
  }, [id, draft.seating, draft.venueId]);
  const venueName = useMemo(() => new Map(venues.map((v) => [v.id, `${v.name}${v.city ? `, ${v.city}` : ""}`])), [venues]);

  if (!original) return error ? <ErrorNote error={error} /> : <Loading what="Loading the event" />;
  const set = (key: keyof Draft) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [key]: e.currentTarget.value });
  const badField = error instanceof ApiError ? error.field?.split(/[.[]/)[0] : undefined;
  const invalid = (field: string) => (badField === field ? true : undefined);

  const submit = async (e: { preventDefault(): void }) => {
    e.preventDefault();
    setBusy(true);
    try {
      const saved = id
        ? await ok(api.PATCH("/api/v1/events/{id}", { params: { path: { id } }, body: updateBody(draft, original) }))
        : await ok(api.POST("/api/v1/events", { body: createBody(draft) }));
      navigate(`/admin/events/${saved.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p><a href={id ? `/admin/events/${id}` : "/admin"}>← {id ? "Back to the event" : "Dashboard"}</a></p>
      <h1>{id ? `Edit ${original.name}` : "New event"}</h1>
      <form onSubmit={submit} noValidate>
        <div class="form-grid">
          <label class="wide">Name<input required value={draft.name} onInput={set("name")} aria-invalid={invalid("name")} /></label>
          <label class="wide">Description<textarea rows={3} value={draft.description} onInput={set("description")} aria-invalid={invalid("description")} /></label>
          <label>Starts<input type="datetime-local" required value={draft.startsAt} onInput={set("startsAt")} aria-invalid={invalid("starts_at")} /></label>
          <label>Ends <span class="hint">(optional)</span><input type="datetime-local" value={draft.endsAt} onInput={set("endsAt")} aria-invalid={invalid("ends_at")} /></label>
          <label>Venue
            <select value={draft.venueId} onChange={set("venueId")} aria-invalid={invalid("venue_id")}>
              <option value="">No venue</option>
              {venues.map((v) => <option key={v.id} value={v.id}>{venueName.get(v.id)}</option>)}
            </select>
          </label>
        </div>
        <fieldset disabled={!!id}>
          <legend>Seating</legend>
          <div class="radio-row">
            <label><input type="radio" name="seating" value="general" checked={draft.seating === "general"} onChange={() => setDraft({ ...draft, seating: "general" })} />General admission</label>
            <label><input type="radio" name="seating" value="reserved" checked={draft.seating === "reserved"} onChange={() => setDraft({ ...draft, seating: "reserved" })} />Reserved seats (the venue's layout)</label>
          </div>
          {id && <p class="hint">Seating{draft.seating === "reserved" ? " and prices by category are" : " is"} chosen when the event is created.</p>}
        </fieldset>
        <div class="form-grid">
          {draft.seating === "general" ? (
            <label>Capacity<input type="number" inputMode="numeric" value={draft.capacity} onInput={set("capacity")} aria-invalid={invalid("capacity")} /></label>
          ) : (
            <p class="hint">Capacity is the number of seats in the venue's layout. <a href="/admin/venues">Build a layout</a></p>
          )}
          <label>{draft.seating === "reserved" ? "Price (categories not listed below), €" : "Price per ticket, €"}<input type="number" step="0.01" inputMode="decimal" value={draft.price} onInput={set("price")} aria-invalid={invalid("price_cents")} /></label>
          {!id && draft.seating === "reserved" && categories.map((c) => (
            <label key={c}>Price for “{c}”, €
              <input type="number" step="0.01" inputMode="decimal" value={draft.categoryPrices[c] ?? ""} aria-invalid={invalid("category_prices")}
                onInput={(e) => setDraft({ ...draft, categoryPrices: { ...draft.categoryPrices, [c]: e.currentTarget.value } })} />
            </label>
          ))}
          <label>Hold time, minutes <span class="hint">(to confirm a hold)</span><input type="number" inputMode="numeric" value={draft.holdMinutes} onInput={set("holdMinutes")} aria-invalid={invalid("hold_ttl_seconds")} /></label>
          <label>Waitlist offer time, minutes<input type="number" inputMode="numeric" value={draft.offerMinutes} onInput={set("offerMinutes")} aria-invalid={invalid("offer_ttl")} /></label>
          <label>Tickets per person<input type="number" inputMode="numeric" value={draft.maxPerPerson} onInput={set("maxPerPerson")} aria-invalid={invalid("max_tickets_per_user")} /></label>
        </div>
        <p class="hint">Fields left empty take Evently's defaults.</p>
        <ErrorNote error={error} />
        {badField && FIELD_LABELS[badField] && <p class="hint" data-testid="bad-field">Check: {FIELD_LABELS[badField]}</p>}
        <div class="actions">
          <button class="button" type="submit" disabled={busy}>{id ? "Save changes" : "Create event"}</button>
        </div>
      </form>
    </section>
  );
}
