// Who is signed in. The token itself lives in an HttpOnly cookie the page cannot read; the
// app only knows the user the server returns for it (GET /api/v1/me).
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, ok, web, type User } from "./api/client";

interface SessionState {
  user: User | null;
  ready: boolean;
}

let state: SessionState = { user: null, ready: false };
const listeners = new Set<(s: SessionState) => void>();
function set(next: SessionState) {
  state = next;
  listeners.forEach((l) => l(state));
}

export async function refreshSession(): Promise<void> {
  try {
    set({ user: await ok(api.GET("/api/v1/me")), ready: true });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) set({ user: null, ready: true });
    else set({ ...state, ready: true });
  }
}

export async function logIn(email: string, password: string): Promise<void> {
  await web("POST", "/web/session", { email, password });
  await refreshSession();
}

export async function logOut(): Promise<void> {
  await web("DELETE", "/web/session");
  set({ user: null, ready: true });
}

export function useSession(): SessionState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}
