// The organizer's pages (/admin/…) live in their own chunks, loaded only for a signed-in
// admin: a buyer's first load carries none of them. The API refuses non-admins by itself
// (EVFBD); this says so in words before anything is fetched.
import { useEffect, useState } from "preact/hooks";
import { useSession } from "./session";
import { ErrorNote, Loading, usePageTitle } from "./components/common";
import { ApiError } from "./api/client";

type AdminModule = typeof import("./admin/admin");

export function AdminGate({ path }: { path: string }) {
  const { user, ready } = useSession();
  const [mod, setMod] = useState<AdminModule | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const allowed = user?.role === "admin";
  useEffect(() => {
    if (allowed && !mod) import("./admin/admin").then(setMod, () => setFailed(new ApiError("NETWORK", 0, "chunk")));
  }, [allowed]);
  if (!ready) return <Loading />;
  if (!user) return <Refusal title="Organizer pages" path={path} signedOut />;
  if (!allowed) return <Refusal title="Organizers only" path={path} />;
  if (failed) return <ErrorNote error={failed} />;
  if (!mod) return <Loading what="Loading the organizer pages" />;
  return <mod.AdminApp path={path} />;
}

function Refusal({ title, path, signedOut }: { title: string; path: string; signedOut?: boolean }) {
  usePageTitle(title);
  return (
    <section class="narrow" data-testid="admin-refused">
      <h1>{title}</h1>
      {signedOut ? (
        <p>Creating and managing events is for organizers. <a href={`/login?next=${encodeURIComponent(path)}`}>Log in</a> with an organizer account.</p>
      ) : (
        <p class="note note-error">Your account cannot manage events: these pages are for organizers (admins). Ask an admin to give your account the admin role, or <a href="/">browse upcoming events</a>.</p>
      )}
    </section>
  );
}
