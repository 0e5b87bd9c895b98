// Venues and their seat layouts. The builder drafts sections (rows × seats per row, one
// category each) and draws them at once with the buyer's seat map component, placed the way
// add_seats documents (sections side by side, two units apart; row A in front); "Add seats"
// sends each section to POST /venues/{id}/seats (add_seats), then the map is re-read, so what
// stays on screen is the server's layout.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, ok, type Schemas, type Venue } from "../api/client";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { categoryColours, SeatMap, type Seat } from "../components/seat-map";
import { navigate } from "../router";

type VenueSeat = Schemas["VenueSeat"];

export function Venues() {
  usePageTitle("Venues");
  const [venues, setVenues] = useState<Venue[] | null>(null);
  const [form, setForm] = useState({ name: "", address: "", city: "", country: "" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { ok(api.GET("/api/v1/venues", { params: { query: { limit: 100 } } })).then(setVenues, setError); }, []);
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value });
  const create = async (e: { preventDefault(): void }) => {
    e.preventDefault();
    setBusy(true);
    try {
      const optional = (v: string) => (v.trim() ? v.trim() : undefined);
      const venue = await ok(api.POST("/api/v1/venues", {
        body: { name: form.name, address: optional(form.address), city: optional(form.city), country: optional(form.country) },
      }));
      navigate(`/admin/venues/${venue.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>Venues</h1>
      {venues === null && !error && <Loading what="Loading venues" />}
      {venues && venues.length > 0 && (
        <ul class="venue-list">
          {venues.map((v) => <li key={v.id}><a href={`/admin/venues/${v.id}`}>{v.name}</a>{v.city ? <span class="muted"> · {v.city}</span> : null}</li>)}
        </ul>
      )}
      {venues && venues.length === 0 && <p>No venues yet.</p>}
      <form class="panel" onSubmit={create} noValidate aria-labelledby="new-venue">
        <h2 id="new-venue">New venue</h2>
        <div class="form-grid">
          <label>Venue name<input required value={form.name} onInput={set("name")} /></label>
          <label>Address<input value={form.address} onInput={set("address")} /></label>
          <label>City<input value={form.city} onInput={set("city")} /></label>
          <label>Country<input value={form.country} onInput={set("country")} /></label>
        </div>
        <ErrorNote error={error} />
        <div class="actions"><button class="button" type="submit" disabled={busy}>Create venue</button></div>
      </form>
    </section>
  );
}

interface SectionDraft { key: number; section: string; rows: string; seatsPerRow: string; category: string }

/** 1 → A, 26 → Z, 27 → AA: the row names add_seats gives (evently_private.row_label). */
function rowLabel(index: number): string {
  return index <= 26 ? String.fromCharCode(64 + index) : rowLabel(Math.floor((index - 1) / 26)) + String.fromCharCode(65 + ((index - 1) % 26));
}

const asSeat = (s: VenueSeat): Seat => ({ ...s, seat_id: s.id, price_cents: 0, status: "available" });

/** The drafts as add_seats will place them, after the seats already there (preview only). */
function draftSeats(existing: Seat[], drafts: SectionDraft[]): Seat[] {
  let maxX = existing.length ? Math.max(...existing.map((s) => s.x)) : -2;
  const out: Seat[] = [];
  for (const d of drafts) {
    const rows = Math.floor(Number(d.rows));
    const perRow = Math.floor(Number(d.seatsPerRow));
    const name = d.section.trim();
    // Only what can be drawn: the server still judges the numbers when it is sent.
    if (!name || !(rows > 0) || !(perRow > 0) || rows * perRow > 5000) continue;
    const offset = maxX + 2;
    for (let r = 1; r <= rows; r++) {
      for (let n = 1; n <= perRow; n++) {
        const row = rowLabel(r);
        out.push({ seat_id: `draft-${d.key}-${r}-${n}`, section: name, row_label: row, seat_number: n, label: `${name} ${row}${n}`,
          x: offset + n, y: r, category: d.category.trim() || "standard", price_cents: 0, status: "available" });
      }
    }
    maxX = offset + perRow;
  }
  return out;
}

let nextKey = 1;
const blankDraft = (): SectionDraft => ({ key: nextKey++, section: "", rows: "", seatsPerRow: "", category: "standard" });

export function VenueBuilder({ id }: { id: string }) {
  const [venue, setVenue] = useState<Venue | null>(null);
  const [seats, setSeats] = useState<Seat[] | null>(null);
  const [drafts, setDrafts] = useState<SectionDraft[]>([blankDraft()]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(venue ? `${venue.name} · layout` : "Venue layout");

  const loadSeats = async () => setSeats((await ok(api.GET("/api/v1/venues/{id}/seats", { params: { path: { id } } }))).map(asSeat));
  useEffect(() => {
    ok(api.GET("/api/v1/venues/{id}", { params: { path: { id } } })).then(setVenue, setError);
    loadSeats().catch(setError);
  }, [id]);

  const preview = useMemo(() => [...(seats ?? []), ...draftSeats(seats ?? [], drafts)], [seats, drafts]);
  const drafted = preview.length - (seats?.length ?? 0);
  const colours = useMemo(() => categoryColours(preview), [preview]);
  const update = (key: number, field: keyof SectionDraft) => (e: { currentTarget: { value: string } }) =>
    setDrafts(drafts.map((d) => (d.key === key ? { ...d, [field]: e.currentTarget.value } : d)));

  const save = async (e: { preventDefault(): void }) => {
    e.preventDefault();
    setBusy(true);
    setSaved(null);
    const done: string[] = [];
    let remaining = drafts;
    try {
      for (const d of drafts) {
        await ok(api.POST("/api/v1/venues/{id}/seats", {
          params: { path: { id } },
          body: { section: d.section, rows: Number(d.rows), seats_per_row: Number(d.seatsPerRow), category: d.category },
        }));
        done.push(d.section.trim());
        remaining = remaining.filter((x) => x.key !== d.key);
      }
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setDrafts(remaining.length ? remaining : [blankDraft()]);
      if (done.length) setSaved(`Added ${done.map((s) => `“${s}”`).join(", ")}.`);
      await loadSeats().catch(setError);
      setBusy(false);
    }
  };

  if (!venue) return error ? <ErrorNote error={error} /> : <Loading what="Loading the venue" />;
  // Sections left to right, as drawn.
  const sections = [...new Set([...(seats ?? [])].sort((a, b) => a.x - b.x).map((s) => s.section))];
  return (
    <section>
      <p><a href="/admin/venues">← Venues</a></p>
      <h1>{venue.name}</h1>
      <p class="muted">{[venue.address, venue.city, venue.country].filter(Boolean).join(", ")}</p>
      <p data-testid="layout-summary">
        {seats === null ? "Loading the layout…" : seats.length === 0 ? "No seats yet." : `${seats.length} seats in ${sections.length} ${sections.length === 1 ? "section" : "sections"}: ${sections.join(", ")}.`}
      </p>
      <div class="builder">
      <form class="panel" onSubmit={save} noValidate aria-labelledby="add-sections">
        <h2 id="add-sections">Add sections</h2>
        {drafts.map((d, i) => (
          <fieldset key={d.key} data-testid="section-draft">
            <legend>Section {i + 1}</legend>
            <div class="form-grid tight">
              <label>Section name<input value={d.section} onInput={update(d.key, "section")} /></label>
              <label>Rows<input type="number" inputMode="numeric" value={d.rows} onInput={update(d.key, "rows")} /></label>
              <label>Seats per row<input type="number" inputMode="numeric" value={d.seatsPerRow} onInput={update(d.key, "seatsPerRow")} /></label>
              <label>Category<input value={d.category} onInput={update(d.key, "category")} /></label>
            </div>
            {drafts.length > 1 && <button type="button" class="link-button" onClick={() => setDrafts(drafts.filter((x) => x.key !== d.key))}>Remove section {i + 1}</button>}
          </fieldset>
        ))}
        <div class="actions">
          <button type="button" class="button secondary" onClick={() => setDrafts([...drafts, blankDraft()])}>Another section</button>
          <button type="submit" class="button" disabled={busy}>Add seats</button>
        </div>
        <ErrorNote error={error} />
        {saved && <p class="note note-ok" role="status">{saved}</p>}
      </form>
      <div class="preview">
      <h2>Preview</h2>
      <p class="muted" role="status" data-testid="preview-count">{preview.length} seats{drafted > 0 ? `, ${drafted} of them new (not saved yet)` : ""}</p>
      {preview.length > 0 && (
        <>
          <SeatMap seats={preview} mine={new Set()} selected={new Set()} interactive={false} compact />
          <ul class="legend" aria-label="Categories">
            {[...colours].map(([category, colour]) => (
              <li key={category}><svg viewBox="-1 -1 2 2" aria-hidden="true"><circle r="0.8" fill={colour} /></svg>{category}</li>
            ))}
          </ul>
        </>
      )}
      </div>
      </div>
      {seats && seats.length > 0 && <p><a class="button secondary" href={`/admin/events/new?venue=${id}`}>Create an event here</a></p>}
    </section>
  );
}
