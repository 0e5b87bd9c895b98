// The inbox: what Evently told you (booking confirmations, cancellations, waitlist offers), newest first.
import { useEffect, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { formatShortDate } from "../format";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { useSession } from "../session";

export function NotificationsPage() {
  usePageTitle("Notifications");
  const { user, ready } = useSession();
  const [items, setItems] = useState<Schemas["Notification"][] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (user) ok(api.GET("/api/v1/notifications", { params: { query: { limit: 100 } } })).then(setItems, setError);
  }, [user]);
  if (!ready) return <Loading />;
  if (!user) return <section><h1>Notifications</h1><p><a href="/login?next=/notifications">Log in</a> to see your notifications.</p></section>;
  return (
    <section>
      <h1>Notifications</h1>
      <ErrorNote error={error} />
      {!items ? <Loading what="Loading notifications" /> : items.length === 0 ? <p>Nothing yet.</p> : (
        <ul class="inbox">
          {items.map((n) => (
            <li key={n.id}>
              <h2>{n.subject}</h2>
              <p class="muted"><time dateTime={n.created_at}>{formatShortDate(n.created_at)}</time>{n.event_id && <> · <a href={`/events/${n.event_id}`}>Event</a></>}</p>
              <pre>{n.body}</pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
