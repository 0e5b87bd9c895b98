// The organizer's pages, one lazily loaded chunk (analytics and its chart library are a
// further chunk of their own). Every rule stays in SQL: these pages only send what the
// organizer typed and show the server's answers, errors as the registry's sentences.
import "./admin.css";
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api/client";
import { ErrorNote, Loading } from "../components/common";
import { Dashboard } from "./dashboard";
import { EventAdmin } from "./event-admin";
import { EventForm } from "./event-form";
import { Venues, VenueBuilder } from "./venues";
import { Webhooks, WebhookDetail } from "./webhooks";

const SECTIONS = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/events/new", label: "New event" },
  { href: "/admin/venues", label: "Venues" },
  { href: "/admin/analytics", label: "Analytics" },
  { href: "/admin/webhooks", label: "Webhooks" },
];

function AdminNav({ path }: { path: string }) {
  const current = (href: string) =>
    href === "/admin" ? (path === "/admin" || path === "/admin/" || /^\/admin\/events\/(?!new)/.test(path)) : path.startsWith(href);
  return (
    <nav aria-label="Organizer" class="admin-nav">
      {SECTIONS.map((s) => <a key={s.href} href={s.href} aria-current={current(s.href) ? "page" : undefined}>{s.label}</a>)}
    </nav>
  );
}

type AnalyticsModule = typeof import("./analytics");

/** Analytics and uPlot are a chunk of their own, loaded on the first visit to the page. */
function LazyAnalytics() {
  const [mod, setMod] = useState<AnalyticsModule | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => { import("./analytics").then(setMod, () => setFailed(new ApiError("NETWORK", 0, "chunk"))); }, []);
  if (failed) return <ErrorNote error={failed} />;
  return mod ? <mod.Analytics /> : <Loading what="Loading analytics" />;
}

function AdminPage({ path }: { path: string }) {
  const event = /^\/admin\/events\/([\w-]+)\/?$/.exec(path);
  const venue = /^\/admin\/venues\/([\w-]+)\/?$/.exec(path);
  const editEvent = /^\/admin\/events\/([\w-]+)\/edit\/?$/.exec(path);
  if (path === "/admin" || path === "/admin/") return <Dashboard />;
  if (path === "/admin/events/new") return <EventForm />;
  if (editEvent) return <EventForm id={editEvent[1]} />;
  if (path === "/admin/venues" || path === "/admin/venues/") return <Venues />;
  if (venue) return <VenueBuilder id={venue[1]} />;
  if (path === "/admin/analytics" || path === "/admin/analytics/") return <LazyAnalytics />;
  if (event) return <EventAdmin id={event[1]} />;
  if (path === "/admin/webhooks" || path === "/admin/webhooks/") return <Webhooks />;
  const hook = /^\/admin\/webhooks\/([\w-]+)\/?$/.exec(path);
  if (hook) return <WebhookDetail id={hook[1]} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is no organizer page here. <a href="/admin">Back to the dashboard</a>.</p>
    </section>
  );
}

export function AdminApp({ path }: { path: string }) {
  return (
    <div class="admin">
      <AdminNav path={path} />
      <AdminPage path={path} />
    </div>
  );
}
