// Per event: sold, held, available, waitlist, checked in, updated live (eventChanged), and
// an alert while reconciliation reports counters that disagree with the rows they count.
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { api, ok, type Event, type Schemas } from "../api/client";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { formatShortDate } from "../format";
import { useLiveEvents } from "../live";

type CheckIns = Schemas["AnalyticsCheckIns"];
type Mismatch = Schemas["CounterMismatch"];

const COUNTER_TEXT: Record<Mismatch["counter"], string> = {
  held: "tickets held",
  booked: "tickets sold",
  waiting: "people waiting",
  seats_held: "seats held",
  seats_booked: "seats sold",
};

export function MismatchAlert({ mismatches, names }: { mismatches: Mismatch[]; names: Map<string, string> }) {
  if (mismatches.length === 0) return null;
  return (
    <div class="note note-warning" role="alert" data-testid="mismatch-alert">
      <strong>{mismatches.length === 1 ? "Reconciliation found a counter that disagrees with the rows it counts." : `Reconciliation found ${mismatches.length} counters that disagree with the rows they count.`}</strong>
      <ul>
        {mismatches.map((m) => (
          <li key={m.id}>
            {names.get(m.event_id) ?? "An event"}: {COUNTER_TEXT[m.counter]} recorded as {m.recorded}, the rows say {m.actual} (found {formatShortDate(m.detected_at)}).
          </li>
        ))}
      </ul>
      Buyers are not affected until someone repairs it; see docs/operations.md (repair_counter).
    </div>
  );
}

/** The event's figures as one accessible bar: sold, held, available out of capacity. */
export function CapacityBar({ event }: { event: Event }) {
  const pct = (n: number) => `${event.capacity > 0 ? (100 * n) / event.capacity : 0}%`;
  return (
    <div class="capacity-bar" role="img" aria-label={`${event.booked} sold, ${event.held} held, ${event.available} available of ${event.capacity}`}>
      <span class="sold" style={{ width: pct(event.booked) }} />
      <span class="held" style={{ width: pct(event.held) }} />
    </div>
  );
}

export function Dashboard() {
  usePageTitle("Organizer dashboard");
  const [events, setEvents] = useState<Event[] | null>(null);
  const [checkIns, setCheckIns] = useState<Map<string, CheckIns>>(new Map());
  const [mismatches, setMismatches] = useState<Mismatch[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [rows, doors, open] = await Promise.all([
        ok(api.GET("/api/v1/events", { params: { query: { limit: 100 } } })),
        ok(api.GET("/api/v1/admin/analytics/check-ins", { params: { query: { starts_after: new Date(Date.now() - 86_400_000).toISOString(), max_rows: 1000 } } })),
        ok(api.GET("/api/v1/admin/counter-mismatches")),
      ]);
      setEvents(rows);
      setCheckIns(new Map(doors.map((d) => [d.event_id, d])));
      setMismatches(open);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, [load]);
  useLiveEvents((events ?? []).map((e) => e.id), load);
  const names = useMemo(() => new Map((events ?? []).map((e) => [e.id, e.name])), [events]);

  return (
    <section>
      <div class="row">
        <h1>Dashboard</h1>
        <a class="button" href="/admin/events/new">New event</a>
      </div>
      <MismatchAlert mismatches={mismatches} names={names} />
      <ErrorNote error={error} />
      {events === null && !error && <Loading what="Loading events" />}
      {events && events.length === 0 && <p>No upcoming events. <a href="/admin/events/new">Create one</a>.</p>}
      {events && events.length > 0 && (
        <div class="table-wrap" role="region" aria-label="Upcoming events" tabIndex={0}>
          <table class="admin-table" data-testid="dashboard">
            <caption class="muted">Upcoming events; figures update as people book.</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col" class="num">Sold</th>
                <th scope="col" class="num">Held</th>
                <th scope="col" class="num">Available</th>
                <th scope="col" class="num">Waitlist</th>
                <th scope="col" class="num">Checked in</th>
                <th scope="col">Capacity</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-event-id={e.id}>
                  <th scope="row">
                    <a href={`/admin/events/${e.id}`}>{e.name}</a>
                    <div class="muted small normal"><time dateTime={e.starts_at}>{formatShortDate(e.starts_at)}</time>{e.seating === "reserved" ? " · reserved seating" : ""}</div>
                  </th>
                  <td class="num" data-testid="sold">{e.booked}</td>
                  <td class="num" data-testid="held">{e.held}</td>
                  <td class="num" data-testid="available">{e.available}</td>
                  <td class="num" data-testid="waiting">{e.waiting}</td>
                  <td class="num" data-testid="checked-in">{checkIns.get(e.id)?.checked_in ?? 0}</td>
                  <td><CapacityBar event={e} /><span class="muted small">{e.capacity}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
