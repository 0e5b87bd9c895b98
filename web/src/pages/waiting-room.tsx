// The buyer's side of a waiting room (its own chunk, loaded only for events that have one):
// when it opens and how many wait, "Join the queue", then your place (people ahead), kept
// live by the event page (eventChanged fires when admissions move the line) and a slow poll
// here as a safety net; once admitted, a countdown to admission_expires_at. Who is admitted
// and for how long is the server's (join_queue, admit_from_queue); this only shows it.
import { useEffect, useRef } from "preact/hooks";
import type { Schemas } from "../api/client";
import { formatCountdown, formatDate } from "../format";
import { useCountdown } from "../components/common";

type WaitingRoom = Schemas["WaitingRoom"];
type QueueEntry = Schemas["QueueEntry"];

const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

export function WaitingRoomPanel({ room, entry, signedIn, busy, onJoin, onRefresh, loginHref }: {
  room: WaitingRoom; entry: QueueEntry | null; signedIn: boolean; busy: boolean;
  onJoin(): void; onRefresh(): void; loginHref: string;
}) {
  const waiting = entry?.status === "waiting";
  // The live subscription moves the line; this poll only covers a lost connection.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(onRefresh, 15_000);
    return () => clearInterval(timer);
  }, [waiting, onRefresh]);
  const opensIn = useCountdown(room.opens_at);
  const open = opensIn <= 0;
  const expired = entry?.status === "admitted" && !entry.admitted_now;
  return (
    <div class="panel waiting-room" aria-labelledby="room-title" data-testid="waiting-room">
      <h2 id="room-title">Waiting room</h2>
      <p>
        {open ? <>Tickets are being released in queue order since <time dateTime={room.opens_at}>{formatDate(room.opens_at)}</time>.</>
          : <>The sale opens <time dateTime={room.opens_at}>{formatDate(room.opens_at)}</time>; join the queue now to keep your place.</>}
      </p>
      <p class="muted" data-testid="room-waiting">{people(room.waiting)} waiting · about {room.admission_rate} let in per minute</p>
      {!signedIn ? (
        <p><a href={loginHref}>Log in</a> to join the queue.</p>
      ) : waiting ? (
        <div class="queue-place" role="status" data-testid="queue-place">
          <p class="place"><strong>{entry.people_ahead === 0 ? "You're next." : `${people(entry.people_ahead)} ahead of you.`}</strong></p>
          <p class="muted">You're in the queue. Keep this page open: it updates by itself, and you'll get a notification when it's your turn.</p>
        </div>
      ) : (
        <>
          {expired && <p class="note note-error" role="alert">Your turn to book has passed. Join the queue again to get a new place.</p>}
          <button type="button" class="button" disabled={busy} onClick={onJoin}>{expired ? "Join the queue again" : "Join the queue"}</button>
        </>
      )}
    </div>
  );
}

/** Shown above the normal hold and book controls while the buyer is admitted. */
export function AdmittedBanner({ entry, onExpired }: { entry: QueueEntry; onExpired(): void }) {
  const left = useCountdown(entry.admission_expires_at ?? undefined);
  const over = entry.admission_expires_at !== null && left <= 0;
  useEffect(() => { if (over) onExpired(); }, [over]);
  // Focus moves here when the turn comes (read out once); the ticking countdown is not a live
  // region, so screen readers are not told every second.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, []);
  return (
    <div class="panel success" data-testid="admitted">
      <h2 ref={heading} tabIndex={-1}>It's your turn</h2>
      <p class="countdown">Time left to book: <strong role="timer" aria-live="off" data-testid="admission-countdown">{formatCountdown(left)}</strong></p>
    </div>
  );
}
