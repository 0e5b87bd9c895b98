// What two doors to the same answer (the direct paths and Express: src/rest/direct.ts,
// src/graphql/direct.ts) must agree on: status, the headers clients read, and the body
// without its request id, which differs per request.
export interface Comparable {
  status: number;
  headers: Record<string, string | null>;
  body: unknown;
}

/** `present`: headers compared by presence (their values differ per request); `exact`: by value. */
export async function comparable(res: Response, headers: { present: string[]; exact: string[] }): Promise<Comparable> {
  const text = await res.text();
  let body: unknown = text;
  if (text && /json/.test(res.headers.get("content-type") ?? "")) {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) delete parsed.request_id;
    body = parsed;
  }
  const seen: Record<string, string | null> = {};
  for (const name of headers.present) seen[name] = res.headers.get(name) === null ? null : "present";
  for (const name of headers.exact) seen[name] = res.headers.get(name);
  return { status: res.status, headers: seen, body };
}
