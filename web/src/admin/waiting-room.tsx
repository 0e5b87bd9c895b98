// An event's waiting room for its organizer: open one (when admissions start, people let in
// per minute, how long an admission lasts), change it, or close it; its figures re-read live.
// open_waiting_room / close_waiting_room decide; refusals are the registry's sentences.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, ok, type Schemas } from "../api/client";
import { ErrorNote } from "../components/common";
import { formatShortDate } from "../format";

type WaitingRoom = Schemas["WaitingRoom"];

function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const secondsOf = (duration: string) => Number(/^PT(\d+)S$/.exec(duration)?.[1] ?? 0);

export function WaitingRoomAdmin({ eventId, version }: { eventId: string; version: number }) {
  const [room, setRoom] = useState<WaitingRoom | null | undefined>(undefined);
  const [opensAt, setOpensAt] = useState("");
  const [rate, setRate] = useState("");
  const [windowMinutes, setWindowMinutes] = useState("10");
  const [editing, setEditing] = useState(false);
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [report, setReport] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    ok(api.GET("/api/v1/events/{id}/waiting-room", { params: { path: { id: eventId } } })).then(
      (r) => { if (current) setRoom(r); },
      (e) => { if (current) { if (e instanceof ApiError && e.status === 404) setRoom(null); else setError(e); } },
    );
    return () => { current = false; };
  }, [eventId, version]);

  const startEditing = () => {
    setOpensAt(toLocalInput(room?.opens_at ?? new Date().toISOString()));
    setRate(room ? String(room.admission_rate) : "");
    setWindowMinutes(room ? String(Math.round(secondsOf(room.admission_window) / 60)) : "10");
    setEditing(true);
    setReport(null);
    setError(null);
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
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
      const body: Schemas["WaitingRoomOpen"] = { opens_at: opensAt ? new Date(opensAt).toISOString() : "", admission_rate: rate === "" ? 0 : Number(rate) };
      if (windowMinutes !== "") body.admission_window = `PT${Math.round(Number(windowMinutes))}M`;
      const next = await ok(api.POST("/api/v1/events/{id}/waiting-room", { params: { path: { id: eventId } }, body }));
      setReport(room ? "Waiting room changed." : "Waiting room opened: from now on only people admitted from the queue can hold and book.");
      setRoom(next);
      setEditing(false);
    });
  };
  const close = () => run(async () => {
    await ok(api.DELETE("/api/v1/events/{id}/waiting-room", { params: { path: { id: eventId } } }));
    setRoom(null);
    setClosing(false);
    setReport("Waiting room closed: everyone can hold and book again.");
  });

  const badField = error instanceof ApiError ? error.field : undefined;
  return (
    <section class="panel" aria-labelledby="room-admin-title" data-testid="room-admin">
      <h2 id="room-admin-title">Waiting room</h2>
      {report && <p class="note note-ok" role="status">{report}</p>}
      {room === null && !editing && <p>No waiting room: anyone can hold and book. A waiting room lets people in from a queue at a steady rate during a busy on-sale.</p>}
      {room && (
        <dl class="figures" data-testid="room-figures">
          <div><dt>Opens</dt><dd class="small">{formatShortDate(room.opens_at)}</dd></div>
          <div><dt>Per minute</dt><dd>{room.admission_rate}</dd></div>
          <div><dt>Admission lasts</dt><dd>{Math.round(secondsOf(room.admission_window) / 60)} min</dd></div>
          <div><dt>Waiting</dt><dd data-testid="room-waiting-count">{room.waiting}</dd></div>
          <div><dt>Admitted</dt><dd data-testid="room-admitted">{room.admitted}</dd></div>
          <div><dt>Joined</dt><dd>{room.joined}</dd></div>
        </dl>
      )}
      {editing ? (
        <form onSubmit={save} data-testid="room-form">
          <div class="form-grid tight">
            <label>Admissions start<input type="datetime-local" value={opensAt} aria-invalid={badField === "opens_at" ? true : undefined} onInput={(e) => setOpensAt(e.currentTarget.value)} required /></label>
            <label>People per minute<input type="number" min={1} inputMode="numeric" value={rate} aria-invalid={badField === "admission_rate" ? true : undefined} onInput={(e) => setRate(e.currentTarget.value)} required /></label>
            <label>Admission lasts (minutes)<input type="number" min={1} inputMode="numeric" value={windowMinutes} aria-invalid={badField === "admission_window" ? true : undefined} onInput={(e) => setWindowMinutes(e.currentTarget.value)} /></label>
          </div>
          <ErrorNote error={error} />
          <div class="actions">
            <button type="submit" class="button" disabled={busy}>{room ? "Save waiting room" : "Open waiting room"}</button>
            <button type="button" class="button secondary" onClick={() => { setEditing(false); setError(null); }}>Cancel</button>
          </div>
        </form>
      ) : closing && room ? (
        <div class="note note-warning" role="alert">
          <p>Closing removes the queue{room.waiting > 0 ? ` (${room.waiting} waiting)` : ""}: everyone can hold and book at once. Close it?</p>
          <div class="actions">
            <button type="button" class="button danger" disabled={busy} onClick={close}>Close waiting room</button>
            <button type="button" class="button secondary" onClick={() => setClosing(false)}>Keep it</button>
          </div>
        </div>
      ) : room !== undefined && (
        <div class="actions">
          <button type="button" class="button secondary" onClick={startEditing}>{room ? "Change waiting room" : "Open a waiting room"}</button>
          {room && <button type="button" class="button danger" onClick={() => { setClosing(true); setReport(null); }}>Close waiting room…</button>}
        </div>
      )}
      {!editing && <ErrorNote error={error} />}
    </section>
  );
}
