import { useSession, logOut } from "./session";
import { navigate, useLocation } from "./router";
import { EventsPage } from "./pages/events";
import { EventPage } from "./pages/event";
import { LoginPage, RegisterPage } from "./pages/account";
import { BookingsPage } from "./pages/bookings";
import { NotificationsPage } from "./pages/notifications";
import { OfferBanner } from "./components/offer-banner";
import { AdminGate } from "./admin-gate";

function Header() {
  const { user } = useSession();
  const { path } = useLocation();
  const current = (href: string) => (path === href || (href !== "/" && path.startsWith(href)) ? "page" : undefined);
  return (
    <header class="site-header">
      <a class="brand" href="/">Evently</a>
      <nav aria-label="Main">
        <a href="/" aria-current={current("/")}>Events</a>
        {user && <a href="/bookings" aria-current={current("/bookings")}>My bookings</a>}
        {user && <a href="/notifications" aria-current={current("/notifications")}>Notifications</a>}
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
