// Signed webhook endpoints for organizers (/admin/webhooks): list, create (the secret is shown
// once, in that answer only), edit, switch off, rotate the secret (shown once again), delete,
// and each endpoint's deliveries with a replay. Every rule is the webhook functions'; refusals
// are the registry's sentences.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, ok, type Schemas } from "../api/client";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { formatShortDate } from "../format";
import { navigate } from "../router";

type Endpoint = Schemas["WebhookEndpoint"];
type EventType = Schemas["WebhookEventType"];
type Delivery = Schemas["WebhookDelivery"];

const EVENT_TYPES: Array<{ type: EventType; label: string }> = [
  { type: "booking.confirmed", label: "Booking confirmed" },
  { type: "booking.cancelled", label: "Booking cancelled" },
  { type: "event.sold_out", label: "Event sold out" },
  { type: "waitlist.offered", label: "Waitlist offer made" },
  { type: "event.cancelled", label: "Event cancelled" },
];

function TypePicker({ value, onChange }: { value: EventType[]; onChange(next: EventType[]): void }) {
  return (
    <fieldset>
      <legend>Send these changes</legend>
      <div class="radio-row">
        {EVENT_TYPES.map(({ type, label }) => (
          <label key={type}>
            <input type="checkbox" checked={value.includes(type)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...value, type] : value.filter((x) => x !== type))} />
            {label} <code class="small">{type}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A secret shown this once: select-all text and a copy button. */
function SecretOnce({ secret, title }: { secret: string; title: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="note note-warning" role="status" data-testid="secret-once">
      <p><strong>{title}</strong> Copy it now: it is shown only this once. Your receiver verifies each delivery's signature with it.</p>
      <p><code class="secret" data-testid="secret">{secret}</code></p>
      <button type="button" class="button secondary" onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => {})}>
        {copied ? "Copied" : "Copy secret"}
      </button>
    </div>
  );
}

const fieldOf = (error: unknown) => (error instanceof ApiError ? error.field?.split(/[.[]/)[0] : undefined);

export function Webhooks() {
  usePageTitle("Webhooks · organizer");
  const [rows, setRows] = useState<Endpoint[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState<EventType[]>(["booking.confirmed"]);
  const [description, setDescription] = useState("");
  const [created, setCreated] = useState<Schemas["WebhookEndpointWithSecret"] | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    ok(api.GET("/api/v1/admin/webhooks", { params: { query: { limit: 100 } } })).then(setRows, setError);
  }, [tick]);
  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const made = await ok(api.POST("/api/v1/admin/webhooks", { body: { url: url.trim(), event_types: types, ...(description.trim() ? { description: description.trim() } : {}) } }));
      setCreated(made);
      setUrl("");
      setDescription("");
      setTick((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const bad = fieldOf(error);
  return (
    <section>
      <h1>Webhooks</h1>
      <p class="muted">Evently POSTs each change an endpoint asks for, signed (Standard Webhooks), and retries failures with backoff.</p>
      {created && (
        <>
          <SecretOnce secret={created.secret} title={`Endpoint added for ${created.url}.`} />
          <p><a href={`/admin/webhooks/${created.id}`}>Open the endpoint</a></p>
        </>
      )}
      {rows === null && !error && <Loading what="Loading webhook endpoints" />}
      {rows && rows.length === 0 && <p>No endpoints yet.</p>}
      {rows && rows.length > 0 && (
        <div class="table-wrap" role="region" aria-label="Webhook endpoints" tabIndex={0}>
          <table class="admin-table" data-testid="webhooks">
            <thead><tr><th scope="col">URL</th><th scope="col">Changes</th><th scope="col">State</th><th scope="col">Added</th></tr></thead>
            <tbody>
              {rows.map((w) => (
                <tr key={w.id}>
                  <th scope="row"><a href={`/admin/webhooks/${w.id}`}>{w.url}</a>{w.description && <div class="muted small normal">{w.description}</div>}</th>
                  <td class="small">{w.event_types.join(", ")}</td>
                  <td>{w.active ? "on" : "off"}</td>
                  <td>{formatShortDate(w.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="panel" onSubmit={create} aria-labelledby="new-hook-title">
        <h2 id="new-hook-title">New endpoint</h2>
        <div class="form-grid">
          <label>URL<input type="url" value={url} required placeholder="https://example.com/evently" aria-invalid={bad === "url" ? true : undefined} onInput={(e) => setUrl(e.currentTarget.value)} /></label>
          <label>Description (optional)<input value={description} maxLength={500} onInput={(e) => setDescription(e.currentTarget.value)} /></label>
        </div>
        <TypePicker value={types} onChange={setTypes} />
        <ErrorNote error={error} />
        <button type="submit" class="button" disabled={busy}>Add endpoint</button>
      </form>
    </section>
  );
}

export function WebhookDetail({ id }: { id: string }) {
  const [hook, setHook] = useState<Endpoint | null>(null);
  const [url, setUrl] = useState("");
  const [types, setTypes] = useState<EventType[]>([]);
  const [description, setDescription] = useState("");
  const [active, setActive] = useState(true);
  const [secret, setSecret] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [status, setStatus] = useState<"" | Delivery["status"]>("");
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  usePageTitle(hook ? `Webhook ${hook.url} · organizer` : "Webhook · organizer");

  useEffect(() => {
    ok(api.GET("/api/v1/admin/webhooks/{id}", { params: { path: { id } } })).then((h) => {
      setHook(h);
      setUrl(h.url);
      setTypes(h.event_types);
      setDescription(h.description ?? "");
      setActive(h.active);
    }, setError);
  }, [id]);
  useEffect(() => {
    ok(api.GET("/api/v1/admin/webhooks/{id}/deliveries", { params: { path: { id }, query: { limit: 50, ...(status ? { status } : {}) } } })).then(setDeliveries, setError);
  }, [id, status, tick]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const next = await ok(api.PATCH("/api/v1/admin/webhooks/{id}", { params: { path: { id } }, body: { url: url.trim(), event_types: types, description, active } }));
      setHook(next);
      setReport("Endpoint saved.");
    });
  };
  const rotate = () => run(async () => {
    const next = await ok(api.POST("/api/v1/admin/webhooks/{id}/rotate-secret", { params: { path: { id } }, body: {} }));
    setSecret(next.secret);
  });
  const remove = () => run(async () => {
    await ok(api.DELETE("/api/v1/admin/webhooks/{id}", { params: { path: { id } } }));
    navigate("/admin/webhooks");
  });
  const replay = (delivery: Delivery) => run(async () => {
    await ok(api.POST("/api/v1/admin/webhook-deliveries/{id}/replay", { params: { path: { id: delivery.id } } }));
    setReport("Sent again: a new delivery is queued.");
    setTick((n) => n + 1);
  });

  if (!hook) return error ? <ErrorNote error={error} /> : <Loading what="Loading the endpoint" />;
  const bad = fieldOf(error);
  return (
    <section>
      <p><a href="/admin/webhooks">← Webhooks</a></p>
      <h1 class="break">{hook.url}</h1>
      <p class="muted">Added {formatShortDate(hook.created_at)} · {hook.active ? "on" : "off"}</p>
      {report && <p class="note note-ok" role="status">{report}</p>}
      {secret && <SecretOnce secret={secret} title="New secret." />}
      <ErrorNote error={error} />
      <form class="panel" onSubmit={save} aria-labelledby="edit-hook-title">
        <h2 id="edit-hook-title">Endpoint</h2>
        <div class="form-grid">
          <label>URL<input type="url" value={url} required aria-invalid={bad === "url" ? true : undefined} onInput={(e) => setUrl(e.currentTarget.value)} /></label>
          <label>Description<input value={description} maxLength={500} onInput={(e) => setDescription(e.currentTarget.value)} /></label>
        </div>
        <TypePicker value={types} onChange={setTypes} />
        <div class="radio-row"><label><input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} /> On (new changes are sent)</label></div>
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>Save endpoint</button>
          <button type="button" class="button secondary" disabled={busy} onClick={rotate}>Rotate secret</button>
          {deleting ? (
            <>
              <button type="button" class="button danger" disabled={busy} onClick={remove}>Delete for good</button>
              <button type="button" class="button secondary" onClick={() => setDeleting(false)}>Keep it</button>
            </>
          ) : <button type="button" class="button danger" onClick={() => setDeleting(true)}>Delete…</button>}
        </div>
      </form>
      <section class="panel" aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Deliveries</h2>
        <label class="inline-select">Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as typeof status)}>
            <option value="">All</option><option value="pending">Pending</option><option value="delivered">Delivered</option><option value="failed">Failed</option>
          </select>
        </label>
        {deliveries === null && <Loading what="Loading deliveries" />}
        {deliveries && deliveries.length === 0 && <p>No deliveries{status ? ` with status ${status}` : ""}.</p>}
        {deliveries && deliveries.length > 0 && (
          <div class="table-wrap" role="region" aria-label="Deliveries" tabIndex={0}>
            <table class="admin-table" data-testid="deliveries">
              <thead><tr><th scope="col">Change</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col">Last answer</th><th scope="col">Created</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} data-delivery-id={d.id}>
                    <th scope="row">{d.event_type}{d.replay_of && <div class="muted small normal">replay</div>}</th>
                    <td>{d.status}</td>
                    <td class="num">{d.attempts}</td>
                    <td class="small">{d.response_status ?? ""}{d.last_error ? ` ${d.last_error}` : ""}</td>
                    <td>{formatShortDate(d.created_at)}</td>
                    <td><button type="button" class="link-button" disabled={busy} onClick={() => replay(d)}>Replay</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
