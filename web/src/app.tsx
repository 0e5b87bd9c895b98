import { useSession, logOut } from "./session";
import { navigate, useLocation } from "./router";
import { EventsPage } from "./pages/events";
import { EventPage } from "./pages/event";
import { LoginPage, RegisterPage } from "./pages/account";
import { BookingsPage } from "./pages/bookings";
import { NotificationsPage } from "./pages/notifications";
import { OfferBanner } from "./components/offer-banner";
import { AdminGate } from "./admin-gate";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, ok } from "./api/client";
import { ErrorNote, Loading } from "./components/common";

/** Whether the signed-in user is door staff of some event (GET /door-staff): the menu then has "Door". */
function useDoorStaff(userId: string | undefined): boolean {
  const [door, setDoor] = useState(false);
  useEffect(() => {
    setDoor(false);
    if (!userId) return;
    ok(api.GET("/api/v1/door-staff", { params: { query: { limit: 1 } } })).then((g) => setDoor(g.length > 0), () => {});
  }, [userId]);
  return door;
}

type ScanModule = typeof import("./scan/scan");
/** The door pages are a chunk of their own, loaded on the first visit. */
function ScanGate({ path }: { path: string }) {
  const { user, ready } = useSession();
  const [mod, setMod] = useState<ScanModule | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => { if (user && !mod) import("./scan/scan").then(setMod, () => setFailed(new ApiError("NETWORK", 0, "chunk"))); }, [user]);
  if (!ready) return <Loading />;
  if (!user) return <section class="narrow"><h1>Door check-in</h1><p><a href={`/login?next=${encodeURIComponent(path)}`}>Log in</a> with your door-staff account to check tickets in.</p></section>;
  if (failed) return <ErrorNote error={failed} />;
  return mod ? <mod.ScanApp path={path} /> : <Loading what="Loading check-in" />;
}

function Header() {
  const { user } = useSession();
  const { path } = useLocation();
  const door = useDoorStaff(user?.id);
  const current = (href: string) => (path === href || (href !== "/" && path.startsWith(href)) ? "page" : undefined);
  return (
    <header class="site-header">
      <a class="brand" href="/">Evently</a>
      <nav aria-label="Main">
        <a href="/" aria-current={current("/")}>Events</a>
        {user && <a href="/bookings" aria-current={current("/bookings")}>My bookings</a>}
        {user && <a href="/notifications" aria-current={current("/notifications")}>Notifications</a>}
        {door && <a href="/scan" aria-current={current("/scan")}>Door</a>}
        {user?.role === "admin" && <a href="/admin" aria-current={current("/admin")}>Organizer</a>}
        {user ? (
          <span class="account">
            <span class="muted">{user.name || user.email}</span>
            <button type="button" class="link-button" onClick={async () => { await logOut(); navigate("/"); }}>Log out</button>
          </span>
        ) : (
          <>
            <a href="/login" aria-current={current("/login")}>Log in</a>
            <a href="/register" aria-current={current("/register")}>Register</a>
          </>
        )}
      </nav>
    </header>
  );
}

function Page() {
  const { path } = useLocation();
  const event = /^\/events\/([\w-]+)\/?$/.exec(path);
  if (path === "/" || path === "/events" || path === "/events/") return <EventsPage />;
  if (event) return <EventPage id={event[1]} />;
  if (path === "/login") return <LoginPage />;
  if (path === "/register") return <RegisterPage />;
  if (path === "/bookings") return <BookingsPage />;
  if (path === "/notifications") return <NotificationsPage />;
  if (path === "/admin" || path.startsWith("/admin/")) return <AdminGate path={path} />;
  if (path === "/scan" || path.startsWith("/scan/")) return <ScanGate path={path} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is nothing here. <a href="/">See upcoming events</a>.</p>
    </section>
  );
}

export function App() {
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <Header />
      <OfferBanner />
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
      <footer class="site-footer muted">
        Evently · <a href="/docs">REST API</a>
      </footer>
    </>
  );
}
