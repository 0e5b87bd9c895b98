// Register, log in. The session is an HttpOnly cookie set by the server (docs/web.md).
import { useState } from "preact/hooks";
import { api, ok } from "../api/client";
import { ErrorNote, usePageTitle } from "../components/common";
import { navigate, useLocation } from "../router";
import { logIn } from "../session";

/** Where to go after signing in: only a path inside the app (no open redirect). */
function nextPath(query: URLSearchParams): string {
  const next = query.get("next") ?? "/";
  return /^\/(?!\/)/.test(next) ? next : "/";
}

export function LoginPage() {
  usePageTitle("Log in");
  const { query } = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await logIn(String(form.get("email")), String(form.get("password")));
      navigate(nextPath(query), true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="narrow">
      <h1>Log in</h1>
      <form class="stack" onSubmit={submit}>
        <label>Email<input name="email" type="email" autoComplete="username" required /></label>
        <label>Password<input name="password" type="password" autoComplete="current-password" required /></label>
        <ErrorNote error={error} />
        <button type="submit" class="button" disabled={busy}>Log in</button>
      </form>
      <p>New here? <a href={`/register${location.search}`}>Create an account</a>.</p>
    </section>
  );
}

export function RegisterPage() {
  usePageTitle("Register");
  const { query } = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST("/api/v1/auth/register", { body: { email, password, name: String(form.get("name")) } }));
      await logIn(email, password);
      navigate(nextPath(query), true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="narrow">
      <h1>Create an account</h1>
      <form class="stack" onSubmit={submit}>
        <label>Name<input name="name" autoComplete="name" required maxLength={200} /></label>
        <label>Email<input name="email" type="email" autoComplete="email" required /></label>
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={200} aria-describedby="password-hint" />
        </label>
        <p id="password-hint" class="muted">8 to 200 characters.</p>
        <ErrorNote error={error} />
        <button type="submit" class="button" disabled={busy}>Create account</button>
      </form>
      <p>Already have an account? <a href={`/login${location.search}`}>Log in</a>.</p>
    </section>
  );
}
