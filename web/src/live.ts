// Live updates: the GraphQL subscription eventChanged(eventId) over one websocket
// (graphql-ws protocol, served by PostGraphile at /graphql), fed by PostgreSQL
// LISTEN/NOTIFY. A message only says "this event changed": the page re-reads what it shows
// through the typed REST API. The socket opens on the first subscription, closes after the
// last, and reconnects by itself (then every page re-reads once, since it may have missed
// messages while disconnected).
import { createClient, type Client } from "graphql-ws";
import { useEffect, useRef } from "preact/hooks";

let client: Client | undefined;
const reconnectListeners = new Set<() => void>();

function getClient(): Client {
  if (!client) {
    let connectedBefore = false;
    client = createClient({
      url: `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`,
      lazy: true,
      lazyCloseTimeout: 3000,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: {
        connected: () => {
          if (connectedBefore) reconnectListeners.forEach((l) => l());
          connectedBefore = true;
        },
      },
    });
  }
  return client;
}

const SUBSCRIPTION = "subscription EventChanged($eventId: UUID!) { eventChanged(eventId: $eventId) { eventId } }";

/**
 * Calls onChange whenever one of the events changes (and after a reconnect). A subscription
 * the server ends (its LISTEN connection was lost) is opened again after a second, followed
 * by one re-read, since messages may have been missed meanwhile.
 */
export function subscribeToEvents(eventIds: string[], onChange: (eventId: string | null) => void): () => void {
  let stopped = false;
  const stops = new Map<string, () => void>();
  const open = (eventId: string) => {
    const again = () => {
      if (stopped) return;
      setTimeout(() => {
        if (stopped) return;
        open(eventId);
        onChange(null);
      }, 1000);
    };
    stops.set(eventId, getClient().subscribe<{ eventChanged: { eventId: string } | null }>(
      { query: SUBSCRIPTION, variables: { eventId } },
      { next: () => onChange(eventId), error: again, complete: again },
    ));
  };
  eventIds.forEach(open);
  const reconnected = () => onChange(null);
  reconnectListeners.add(reconnected);
  return () => {
    stopped = true;
    stops.forEach((stop) => stop());
    reconnectListeners.delete(reconnected);
  };
}

/**
 * Re-runs `reload` when any of the events changes, at most once per animation-ish tick
 * (a burst of messages becomes one re-read).
 */
export function useLiveEvents(eventIds: string[], reload: () => unknown): void {
  const latest = useRef(reload);
  latest.current = reload;
  const key = [...eventIds].sort().join(",");
  useEffect(() => {
    if (!key) return;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = subscribeToEvents(key.split(","), () => {
      if (pending) return;
      pending = setTimeout(() => {
        pending = undefined;
        void latest.current();
      }, 10);
    });
    return () => {
      clearTimeout(pending);
      stop();
    };
  }, [key]);
}
