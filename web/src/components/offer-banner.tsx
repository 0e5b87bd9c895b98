// Waitlist offers: when tickets free up, the next person in line gets them as a hold. The
// banner shows each open offer with its own countdown; accept (confirm the hold) or decline.
import { useEffect, useState } from "preact/hooks";
import { api, newIdempotencyKey, ok, type Event, type Hold, type WaitlistEntry } from "../api/client";
import { formatCountdown } from "../format";
import { useCountdown } from "./common";
import { humanMessage } from "../messages";
import { useSession } from "../session";
import { useLiveEvents } from "../live";

interface Offer {
  entry: WaitlistEntry;
  hold: Hold;
  event: Event | null;
}

export const OFFERS_CHANGED = "evently:offers-changed";

let watched: string[] = [];

async function loadOffers(): Promise<Offer[]> {
  const entries = await ok(api.GET("/api/v1/waitlist", { params: { query: { limit: 100 } } }));
  // Events where an offer may come: their live updates re-check the offers.
  watched = entries.filter((w) => w.status === "waiting" || w.status === "offered").map((w) => w.event_id);
  const offered = entries.filter((w) => w.status === "offered" && w.offer_hold_id);
  return Promise.all(offered.map(async (entry) => ({
    entry,
    hold: await ok(api.GET("/api/v1/holds/{id}", { params: { path: { id: entry.offer_hold_id! } } })),
    event: await ok(api.GET("/api/v1/events/{id}", { params: { path: { id: entry.event_id } } })).catch(() => null),
  })));
}

export function OfferBanner() {
  const { user } = useSession();
  const [offers, setOffers] = useState<Offer[]>([]);
  const [result, setResult] = useState<string | null>(null);
  const [watch, setWatch] = useState<string[]>([]);
  const refreshNow = () => loadOffers().then((o) => { setOffers(o); setWatch(watched); }, () => {});
  useLiveEvents(user ? watch : [], refreshNow);

  useEffect(() => {
    if (!user) { setOffers([]); return; }
    const refresh = refreshNow;
    void refresh();
    const timer = setInterval(refresh, 15_000);
    addEventListener(OFFERS_CHANGED, refresh);
    return () => { clearInterval(timer); removeEventListener(OFFERS_CHANGED, refresh); };
  }, [user]);

  const answer = async (offer: Offer, accept: boolean) => {
    try {
      if (accept) {
        await ok(api.POST("/api/v1/holds/{id}/confirm", { params: { path: { id: offer.hold.id }, header: { "Idempotency-Key": newIdempotencyKey() } } }));
        setResult(`Booked: ${offer.hold.quantity} ${offer.hold.quantity === 1 ? "ticket" : "tickets"} for ${offer.event?.name ?? "the event"}. Your tickets are in My bookings.`);
      } else {
        await ok(api.POST("/api/v1/holds/{id}/decline", { params: { path: { id: offer.hold.id } } }));
        setResult("Offer declined. The tickets go to the next person in line.");
      }
    } catch (error) {
      setResult(humanMessage(error));
    }
    setOffers(await loadOffers().catch(() => []));
  };

  if (offers.length === 0 && !result) return null;
  return (
    <div class="offer-banner" role="region" aria-label="Waitlist offers">
      {result && <div class="inner" role="status"><span>{result}</span><button type="button" class="link-button" onClick={() => setResult(null)}>Dismiss</button></div>}
      {offers.map((offer) => <OfferRow key={offer.hold.id} offer={offer} onAnswer={answer} />)}
    </div>
  );
}

function OfferRow({ offer, onAnswer }: { offer: Offer; onAnswer(offer: Offer, accept: boolean): void }) {
  const left = useCountdown(offer.hold.expires_at);
  if (left <= 0) return null;
  return (
    <div class="inner" data-testid="offer">
      <strong>Good news: {offer.hold.quantity} {offer.hold.quantity === 1 ? "ticket" : "tickets"} for {offer.event ? <a href={`/events/${offer.event.id}`}>{offer.event.name}</a> : "an event"} {offer.hold.quantity === 1 ? "is" : "are"} yours if you want {offer.hold.quantity === 1 ? "it" : "them"}.</strong>
      <span>Answer within <span role="timer" aria-live="off" data-testid="offer-countdown">{formatCountdown(left)}</span>.</span>
      <button type="button" class="button" onClick={() => onAnswer(offer, true)}>Accept</button>
      <button type="button" class="button secondary" onClick={() => onAnswer(offer, false)}>Decline</button>
    </div>
  );
}
