// The door (its own chunk): door staff and admins check tickets in. Type a ticket code, or
// scan its QR code with the camera where the browser has BarcodeDetector; each code goes to
// POST /check-ins {code, event_id} and evently.check_in decides: let in (the holder and seat),
// or why not — already used (when and by whom, from the server's message), unknown, cancelled,
// another event's ticket, not on this door's team — as the registry's sentences. The counts
// (GET /events/{id}/check-ins) are re-read after each scan and every few seconds.
import "./scan.css";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, ok, type Event, type Schemas } from "../api/client";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { formatDate, formatShortDate } from "../format";
import { humanMessage } from "../messages";

type CheckIn = Schemas["CheckIn"];
type Counts = Schemas["CheckInCounts"];
type Result = { ok: true; checkIn: CheckIn } | { ok: false; code: string; error: unknown };

/** The events this user may check tickets in at: their door-staff grants. */
export function DoorEvents() {
  usePageTitle("Door check-in");
  const [events, setEvents] = useState<Event[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    ok(api.GET("/api/v1/door-staff", { params: { query: { limit: 100 } } }))
      .then((grants) => Promise.all(grants.map((g) => ok(api.GET("/api/v1/events/{id}", { params: { path: { id: g.event_id } } })))))
      .then((list) => setEvents(list.sort((a, b) => a.starts_at.localeCompare(b.starts_at))), setError);
  }, []);
  return (
    <section class="narrow">
      <h1>Door check-in</h1>
      <ErrorNote error={error} />
      {events === null && !error && <Loading what="Loading your events" />}
      {events && events.length === 0 && <p>You are not on the door team of any event. An organizer can add you; organizers open the door from an event's page.</p>}
      {events && events.length > 0 && (
        <ul class="door-events">
          {events.map((e) => (
            <li key={e.id}><a href={`/scan/${e.id}`}>{e.name}</a> <span class="muted">· <time dateTime={e.starts_at}>{formatDate(e.starts_at)}</time></span></li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Ticket already used: checked in at 2026-12-01 20:15:03 UTC by Dora Door" → when and who. */
function usedAt(message: string): { at: string; by: string } | null {
  const m = /checked in at (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC by (.+)$/.exec(message);
  return m ? { at: formatShortDate(`${m[1]}T${m[2]}Z`), by: m[3] } : null;
}

function ResultPanel({ result }: { result: Result }) {
  if (result.ok) {
    const c = result.checkIn;
    return (
      <div class="scan-result scan-ok" role="status" data-testid="scan-result">
        <p class="verdict">Let in</p>
        <p class="holder">{c.holder_name ?? "Ticket holder"}{c.seat_label ? ` · ${c.seat_label}` : ""}</p>
        <p class="muted code">{c.code}</p>
      </div>
    );
  }
  const { error, code } = result;
  const used = error instanceof ApiError && error.code === "EVTUS" ? usedAt(error.message) : null;
  const other = error instanceof ApiError && error.code === "EVTWE" ? /another event: "(.+)" on/.exec(error.message)?.[1] : undefined;
  return (
    <div class="scan-result scan-refused" role="alert" data-testid="scan-result">
      <p class="verdict">{error instanceof ApiError && error.code === "EVTUS" ? "Already used" : "Do not let in"}</p>
      <p>{humanMessage(error)}</p>
      {used && <p data-testid="used-by">Checked in on {used.at} by {used.by}.</p>}
      {other && <p>It is a ticket for “{other}”.</p>}
      <p class="muted code">{code}</p>
    </div>
  );
}

interface Detector { detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>> }
const hasDetector = () => typeof window !== "undefined" && "BarcodeDetector" in window && !!navigator.mediaDevices?.getUserMedia;

/** The camera as a QR reader: calls onCode with each code it reads (the same code at most every 3 s). */
function Camera({ onCode }: { onCode(code: string): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let last = { code: "", at: 0 };
    let stopped = false;
    const Ctor = (window as unknown as { BarcodeDetector: new (o: { formats: string[] }) => Detector }).BarcodeDetector;
    const detector = new Ctor({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(async (s) => {
      if (stopped) { s.getTracks().forEach((x) => x.stop()); return; }
      stream = s;
      video.current!.srcObject = s;
      await video.current!.play();
      timer = setInterval(async () => {
        if (!video.current || video.current.readyState < 2) return;
        try {
          const found = await detector.detect(video.current);
          const code = found[0]?.rawValue?.trim();
          if (code && (code !== last.code || Date.now() - last.at > 3000)) {
            last = { code, at: Date.now() };
            onCode(code);
          }
        } catch { /* a frame it could not read */ }
      }, 250);
    }, () => setError("The camera could not be opened. Allow camera access, or type the code."));
    return () => {
      stopped = true;
      clearInterval(timer);
      stream?.getTracks().forEach((x) => x.stop());
    };
  }, []);
  return (
    <div class="camera">
      {error ? <p class="note note-error" role="alert">{error}</p> : <video ref={video} muted playsInline aria-label="Camera: hold the ticket's QR code up to it" />}
    </div>
  );
}

export function ScanPage({ eventId }: { eventId: string }) {
  const [event, setEvent] = useState<Event | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [code, setCode] = useState("");
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  usePageTitle(event ? `Check-in · ${event.name}` : "Check-in");

  const loadCounts = useCallback(async () => {
    try {
      setCounts(await ok(api.GET("/api/v1/events/{id}/check-ins", { params: { path: { id: eventId } } })));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [eventId]);
  useEffect(() => {
    ok(api.GET("/api/v1/events/{id}", { params: { path: { id: eventId } } })).then(setEvent, setLoadError);
    void loadCounts();
    // Other doors check people in too: a few seconds' delay is fine for counts.
    const timer = setInterval(loadCounts, 5000);
    return () => clearInterval(timer);
  }, [eventId, loadCounts]);

  const checkIn = async (raw: string) => {
    const value = raw.trim();
    if (!value) return;
    setBusy(true);
    // The last verdict goes at once: a green "Let in" must never stand beside the next code.
    setResult(null);
    try {
      const made = await ok(api.POST("/api/v1/check-ins", { body: { code: value, event_id: eventId } }));
      setResult({ ok: true, checkIn: made });
    } catch (e) {
      setResult({ ok: false, code: value, error: e });
    } finally {
      setBusy(false);
      setCode("");
      input.current?.focus();
      void loadCounts();
    }
  };

  return (
    <section class="scan narrow">
      <p><a href="/scan">← Door check-in</a></p>
      <h1>Check-in{event ? `: ${event.name}` : ""}</h1>
      {event && <p class="muted"><time dateTime={event.starts_at}>{formatDate(event.starts_at)}</time></p>}
      {loadError && <ErrorNote error={loadError} />}
      {counts && (
        <dl class="door-counts" data-testid="door-counts" aria-live="polite">
          <div><dt>Checked in</dt><dd data-testid="door-checked-in">{counts.checked_in}</dd></div>
          <div><dt>Still to come</dt><dd data-testid="door-remaining">{counts.remaining}</dd></div>
          <div><dt>Tickets</dt><dd>{counts.tickets}</dd></div>
        </dl>
      )}
      <form class="scan-form" onSubmit={(e) => { e.preventDefault(); void checkIn(code); }}>
        <label>
          Ticket code
          <input ref={input} value={code} onInput={(e) => setCode(e.currentTarget.value)} autoFocus autoComplete="off" autoCapitalize="off" spellcheck={false} inputMode="text" />
        </label>
        <button type="submit" class="button" disabled={busy || !code.trim()}>Check in</button>
      </form>
      {hasDetector() && (
        <div class="actions">
          <button type="button" class="button secondary" onClick={() => setCamera(!camera)} aria-pressed={camera}>{camera ? "Stop camera" : "Scan with camera"}</button>
        </div>
      )}
      {camera && <Camera onCode={(c) => void checkIn(c)} />}
      {result && <ResultPanel result={result} />}
      {counts?.last_check_in_at && <p class="muted small">Last check-in {formatShortDate(counts.last_check_in_at)}</p>}
    </section>
  );
}

export function ScanApp({ path }: { path: string }) {
  const one = /^\/scan\/([\w-]+)\/?$/.exec(path);
  return one ? <ScanPage eventId={one[1]} /> : <DoorEvents />;
}
