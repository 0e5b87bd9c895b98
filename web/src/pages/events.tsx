// Browse: upcoming events with search (name) and filters (city, venue, date range).
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, ok, type Event, type Venue } from "../api/client";
import { availability, formatDate, formatPrice } from "../format";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { useLiveEvents } from "../live";

interface Filters {
  search: string;
  city: string;
  venue: string;
  from: string;
  to: string;
}

const dayStart = (date: string) => new Date(`${date}T00:00:00`).toISOString();
const dayEnd = (date: string) => new Date(`${date}T23:59:59.999`).toISOString();

export function EventsPage() {
  usePageTitle("Upcoming events");
  const [filters, setFilters] = useState<Filters>({ search: "", city: "", venue: "", from: "", to: "" });
  const [venues, setVenues] = useState<Venue[]>([]);
  const [events, setEvents] = useState<Event[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reload, setReload] = useState<(() => unknown) | null>(null);

  useEffect(() => {
    ok(api.GET("/api/v1/venues", { params: { query: { limit: 100 } } })).then(setVenues, setError);
  }, []);

  useEffect(() => {
    let current = true;
    const query = {
      limit: 100,
      ...(filters.city ? { city: filters.city } : {}),
      ...(filters.venue ? { venue_id: filters.venue } : {}),
      ...(filters.from ? { starts_after: dayStart(filters.from) } : {}),
      ...(filters.to ? { starts_before: dayEnd(filters.to) } : {}),
    };
    const load = () =>
      ok(api.GET("/api/v1/events", { params: { query } })).then(
        (rows) => { if (current) { setEvents(rows); setError(null); } },
        (e) => { if (current) setError(e); },
      );
    void load();
    setReload(() => load);
    // Live updates (below) keep availability fresh; this is only a slow safety net.
    const timer = setInterval(load, 60_000);
    return () => { current = false; clearInterval(timer); };
  }, [filters.city, filters.venue, filters.from, filters.to]);
  useLiveEvents((events ?? []).map((e) => e.id), () => reload?.());

  const venueById = useMemo(() => new Map(venues.map((v) => [v.id, v])), [venues]);
  const cities = useMemo(() => [...new Set(venues.map((v) => v.city).filter((c): c is string => !!c))].sort(), [venues]);
  const shown = (events ?? []).filter((e) => !filters.search || e.name.toLowerCase().includes(filters.search.toLowerCase()));
  const set = (key: keyof Filters) => (e: { currentTarget: { value: string } }) => setFilters({ ...filters, [key]: e.currentTarget.value });

  return (
    <section>
      <h1>Upcoming events</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" value={filters.search} onInput={set("search")} placeholder="Event name" />
        </label>
        <label>
          City
          <select value={filters.city} onChange={set("city")}>
            <option value="">All cities</option>
            {cities.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <label>
          Venue
          <select value={filters.venue} onChange={set("venue")}>
            <option value="">All venues</option>
            {venues.filter((v) => !filters.city || v.city === filters.city).map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </select>
        </label>
        <label>
          From
          <input type="date" value={filters.from} onInput={set("from")} />
        </label>
        <label>
          To
          <input type="date" value={filters.to} onInput={set("to")} />
        </label>
      </form>
      <ErrorNote error={error} />
      {events === null && !error ? (
        <Loading what="Loading events" />
      ) : shown.length === 0 ? (
        <p>No upcoming events match these filters.</p>
      ) : (
        <ul class="event-list" aria-label="Events">
          {shown.map((event) => {
            const venue = event.venue_id ? venueById.get(event.venue_id) : undefined;
            const label = availability(event);
            return (
              <li key={event.id} class="event-card">
                <h2><a href={`/events/${event.id}`}>{event.name}</a></h2>
                <p class="when"><time dateTime={event.starts_at}>{formatDate(event.starts_at)}</time></p>
                <p class="where">{venue ? `${venue.name}${venue.city ? `, ${venue.city}` : ""}` : "Venue to be announced"}</p>
                <p class="price">{event.seating === "reserved" ? `From ${formatPrice(event.price_cents)}` : formatPrice(event.price_cents)}</p>
                <p class={`badge badge-${label.tone}`} data-testid="availability">{label.label}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
