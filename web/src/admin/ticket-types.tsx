// An event's ticket types for its organizer: add one, edit one, and sales by type
// (GET /admin/analytics/ticket-types). The form sends what was typed (euros → cents, local
// times → ISO); create_ticket_type / update_ticket_type decide, their errors are the registry's.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, ok, type Schemas } from "../api/client";
import { ErrorNote, Loading } from "../components/common";
import { formatPrice, formatShortDate } from "../format";

type TicketType = Schemas["TicketType"];
type Sales = Schemas["AnalyticsTicketType"];
type TicketTypeCreate = Schemas["TicketTypeCreate"];

interface Draft { name: string; capacity: string; price: string; salesStart: string; salesEnd: string; maxPerPerson: string; description: string }
const EMPTY: Draft = { name: "", capacity: "", price: "", salesStart: "", salesEnd: "", maxPerPerson: "", description: "" };

function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" });
const eurosToCents = (euros: string) => Math.round(Number(euros.replace(",", ".")) * 100);

const draftOf = (t: TicketType): Draft => ({
  name: t.name, capacity: String(t.capacity), price: (t.price_cents / 100).toFixed(2), salesStart: toLocalInput(t.sales_start),
  salesEnd: toLocalInput(t.sales_end), maxPerPerson: t.max_tickets_per_user ? String(t.max_tickets_per_user) : "", description: t.description ?? "",
});

function bodyOf(d: Draft): TicketTypeCreate {
  const body: TicketTypeCreate = { name: d.name, capacity: d.capacity === "" ? 0 : Number(d.capacity) };
  if (d.price !== "") body.price_cents = eurosToCents(d.price);
  if (d.salesStart) body.sales_start = new Date(d.salesStart).toISOString();
  if (d.salesEnd) body.sales_end = new Date(d.salesEnd).toISOString();
  if (d.maxPerPerson !== "") body.max_tickets_per_user = Number(d.maxPerPerson);
  if (d.description.trim()) body.description = d.description;
  return body;
}

const FIELD_LABELS: Record<string, string> = {
  name: "Name", capacity: "Tickets", price_cents: "Price", sales_start: "On sale from", sales_end: "On sale until", max_tickets_per_user: "Per person",
};

export function TicketTypesAdmin({ eventId, version }: { eventId: string; version: number }) {
  const [types, setTypes] = useState<TicketType[] | null>(null);
  const [sales, setSales] = useState<Sales[]>([]);
  const [editing, setEditing] = useState<string | null>(null); // a type's id, "new", or null
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let current = true;
    Promise.all([
      ok(api.GET("/api/v1/events/{id}/ticket-types", { params: { path: { id: eventId } } })),
      ok(api.GET("/api/v1/admin/analytics/ticket-types", { params: { query: { event_id: eventId } } })),
    ]).then(
      ([t, s]) => { if (current) { setTypes(t); setSales(s); } },
      (e) => { if (current) setError(e); },
    );
    return () => { current = false; };
  }, [eventId, version, tick]);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = bodyOf(draft);
      const made = editing === "new"
        ? await ok(api.POST("/api/v1/events/{id}/ticket-types", { params: { path: { id: eventId } }, body }))
        : await ok(api.PATCH("/api/v1/ticket-types/{id}", { params: { path: { id: editing! } }, body }));
      setSaved(`${editing === "new" ? "Added" : "Saved"} “${made.name}”.`);
      setEditing(null);
      setTick((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = error instanceof ApiError && error.field ? FIELD_LABELS[error.field.split(/[.[]/)[0]] : undefined;
  const input = (key: keyof Draft) => ({ value: draft[key], onInput: (e: { currentTarget: HTMLInputElement }) => setDraft({ ...draft, [key]: e.currentTarget.value }) });
  const byId = new Map(sales.map((s) => [s.ticket_type_id, s]));

  return (
    <section class="panel" aria-labelledby="types-title">
      <h2 id="types-title">Ticket types</h2>
      {saved && <p class="note note-ok" role="status">{saved}</p>}
      {types === null && !error && <Loading what="Loading ticket types" />}
      {types && types.length === 0 && <p>No ticket types: buyers book the event's single price. Add types to sell several kinds of ticket.</p>}
      {types && types.length > 0 && (
        <div class="table-wrap" role="region" aria-label="Sales by ticket type" tabIndex={0}>
          <table class="admin-table" data-testid="ticket-types">
            <thead><tr>
              <th scope="col">Type</th><th scope="col" class="num">Price</th><th scope="col" class="num">Tickets</th><th scope="col" class="num">Sold</th>
              <th scope="col" class="num">Held</th><th scope="col" class="num">Available</th><th scope="col" class="num">Revenue</th>
              <th scope="col" class="num">Sell-through</th><th scope="col">On sale</th><th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr></thead>
            <tbody>
              {types.map((t) => {
                const s = byId.get(t.id);
                return (
                  <tr key={t.id} data-type-id={t.id}>
                    <th scope="row">{t.name}{t.max_tickets_per_user ? <div class="muted small normal">up to {t.max_tickets_per_user} per person</div> : null}</th>
                    <td class="num">{formatPrice(t.price_cents)}</td>
                    <td class="num">{t.capacity}</td>
                    <td class="num" data-testid="type-sold">{t.booked}</td>
                    <td class="num">{t.held}</td>
                    <td class="num">{t.available}</td>
                    <td class="num" data-testid="type-revenue">{s ? money.format(s.revenue_cents / 100) : "…"}</td>
                    <td class="num">{s ? `${Math.round(s.sell_through * 100)} %` : "…"}</td>
                    <td class="small">{t.sales_start ? `from ${formatShortDate(t.sales_start)}` : "now"}{t.sales_end ? ` until ${formatShortDate(t.sales_end)}` : ""}</td>
                    <td><button type="button" class="link-button" aria-label={`Edit ${t.name}`} onClick={() => { setEditing(t.id); setDraft(draftOf(t)); setSaved(null); setError(null); }}>Edit</button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing === null ? (
        <div class="actions"><button type="button" class="button secondary" onClick={() => { setEditing("new"); setDraft(EMPTY); setSaved(null); setError(null); }}>Add a ticket type</button></div>
      ) : (
        <form onSubmit={save} aria-labelledby="type-form-title" data-testid="type-form">
          <h3 id="type-form-title">{editing === "new" ? "New ticket type" : `Edit “${types?.find((t) => t.id === editing)?.name ?? ""}”`}</h3>
          <div class="form-grid tight">
            <label>Name<input {...input("name")} required maxLength={200} /></label>
            <label>Tickets<input {...input("capacity")} type="number" min={0} inputMode="numeric" /></label>
            <label>Price (€)<input {...input("price")} inputMode="decimal" placeholder="0.00" /></label>
            <label>Per person<input {...input("maxPerPerson")} type="number" min={1} inputMode="numeric" placeholder="event's limit" /></label>
            <label>On sale from<input {...input("salesStart")} type="datetime-local" /></label>
            <label>On sale until<input {...input("salesEnd")} type="datetime-local" /></label>
            <label class="wide">Description (optional)<input {...input("description")} maxLength={2000} /></label>
          </div>
          <ErrorNote error={error} />
          {field && <p class="hint" data-testid="bad-type-field">Check: {field}</p>}
          <div class="actions">
            <button type="submit" class="button" disabled={busy}>{editing === "new" ? "Add ticket type" : "Save ticket type"}</button>
            <button type="button" class="button secondary" onClick={() => { setEditing(null); setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      {editing === null && <ErrorNote error={error} />}
    </section>
  );
}
