// The app's only way to the server: openapi-fetch over the types generated from
// /openapi.json (schema.d.ts), the session cookie sent automatically, and the
// X-Evently-Client header the server requires on cookie-authenticated writes (CSRF).
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Event = Schemas["Event"];
export type Venue = Schemas["Venue"];
export type Hold = Schemas["Hold"];
export type Booking = Schemas["Booking"];
export type Ticket = Schemas["Ticket"];
export type User = Schemas["User"];
export type WaitlistEntry = Schemas["WaitlistEntry"];
export type Problem = Schemas["Problem"];

export const CLIENT_HEADER = { "X-Evently-Client": "web" };

export const api = createClient<paths>({ baseUrl: location.origin, headers: CLIENT_HEADER, credentials: "same-origin" });

/** A registered error from the server (problem+json with its code), or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the registered code. */
export async function ok<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError("NETWORK", 0, "network error");
  }
  if (result.response.ok) return result.data as T;
  const problem = result.error as Partial<Problem> | undefined;
  throw new ApiError(problem?.code ?? "UNKNOWN", result.response.status, problem?.detail ?? result.response.statusText, problem?.field);
}

/** The web app's own endpoints (outside the REST API): session and the registry's sentences. */
export async function web<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { ...CLIENT_HEADER, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("NETWORK", 0, "network error");
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(data?.code ?? "UNKNOWN", response.status, data?.detail ?? response.statusText, data?.field);
  return data as T;
}

export const newIdempotencyKey = () => crypto.randomUUID();
