// Every registered error code as a sentence for people, from the one registry
// (docs/error-codes.md, "Message for people"), served at /web/messages.
import { ApiError, web } from "./api/client";

type Messages = Record<string, { status: number; name: string; message: string }>;
let messages: Messages = {};
let loading: Promise<void> | undefined;

export function loadMessages(): Promise<void> {
  loading ??= web<Messages>("GET", "/web/messages").then(
    (m) => { messages = m; },
    () => { loading = undefined; },
  );
  return loading;
}

const NETWORK = "We could not reach Evently. Check your connection and try again.";
const FALLBACK = "Something went wrong on our side. Please try again in a moment.";

/** The sentence to show for an error: the registry's, never a raw code or stack. */
export function humanMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "NETWORK") return NETWORK;
    const entry = messages[error.code];
    if (entry) return entry.message;
  }
  return FALLBACK;
}

export function messageFor(code: string): string {
  return messages[code]?.message ?? FALLBACK;
}
