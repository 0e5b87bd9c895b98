// GraphQL's direct path (src/graphql/direct.ts) answers as Express does: the same requests,
// sent to an app with it and to one without it, get the same status, headers and body.
// /metrics shows which door took each request, so the test also proves that the plain ones
// went the direct way and the others through Express.
import t from "tap";
import { randomUUID } from "node:crypto";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { startGraphQLServer, type GraphQLServer } from "../graphql-helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";
import { comparable } from "../door-parity.ts";

const db = await createTestDb(t);
const jwtSecret = "direct-graphql-test-secret-of-some-length";
const direct = await startGraphQLServer(t, db, { jwtSecret });
const express = await startGraphQLServer(t, db, { jwtSecret, directApi: false });
const admin = await createUser(db, { admin: true });
const user = await createUser(db);
const event = await createEvent(db, admin, { capacity: 100, maxPerUser: 100 });
const sign = (claims: object) => signToken(claims as never, jwtSecret);
const userToken = sign({ role: "evently_user", user_id: user, exp: Math.floor(Date.now() / 1000) + 3600 });
const expired = sign({ role: "evently_user", user_id: user, exp: Math.floor(Date.now() / 1000) - 10 });

interface Probe {
  name: string;
  method?: string;
  /** After the server's origin; default /graphql. */
  path?: string;
  token?: string;
  headers?: Record<string, string>;
  /** Sent as written (a string), or { query, variables } as JSON. */
  body?: string | { query: string; variables?: Record<string, unknown> };
  /** Does the direct path take it (true), or leave it to Express (false)? */
  direct: boolean;
}

const json = { "content-type": "application/json", accept: "application/json" };
const book = (quantity: number) => ({
  query: "mutation($e: UUID!, $q: Int!) { bookTickets(input: { eventId: $e, quantity: $q }) { result { quantity status } } }",
  variables: { e: event, q: quantity },
});
const deep = `{ upcomingEvents { nodes { venue { eventsByVenueId { nodes { venue { eventsByVenueId { nodes { venue { eventsByVenueId { nodes { id } } } } } } } } } } } }`;
const probes: Probe[] = [
  { name: "a query, anonymous", headers: json, body: { query: "{ upcomingEvents(first: 1) { nodes { id } } }" }, direct: true },
  { name: "currentUser", token: userToken, headers: json, body: { query: "{ currentUser { id } currentUserIsAdmin }" }, direct: true },
  { name: "a booking refused (quantity 0)", token: userToken, headers: json, body: book(0), direct: true },
  { name: "a booking, anonymous", headers: json, body: book(1), direct: true },
  { name: "a syntax error", headers: json, body: { query: "{ upcomingEvents(" }, direct: true },
  { name: "an unknown field", headers: json, body: { query: "{ nothingHere }" }, direct: true },
  { name: "a query too deep", headers: json, body: { query: deep }, direct: true },
  { name: "invalid JSON", headers: json, body: "{", direct: true },
  { name: "no query", headers: json, body: "{}", direct: true },
  { name: "a batch (array)", headers: json, body: '[{"query":"{ __typename }"}]', direct: true },
  { name: "a text body", headers: { "content-type": "text/plain" }, body: '{"query":"{ __typename }"}', direct: true },
  { name: "application/graphql", headers: { "content-type": "application/graphql" }, body: "{ __typename }", direct: true },
  { name: "no content type", headers: {}, body: '{"query":"{ __typename }"}', direct: true },
  { name: "a body over the limit", headers: json, body: JSON.stringify({ query: "{ __typename }", pad: "x".repeat(110_000) }), direct: true },
  { name: "accept: text/html", headers: { "content-type": "application/json", accept: "text/html" }, body: { query: "{ __typename }" }, direct: true },
  // Left to Express:
  { name: "an expired token", token: expired, headers: json, body: { query: "{ __typename }" }, direct: false },
  { name: "a token that is garbage", token: "garbage", headers: json, body: { query: "{ __typename }" }, direct: false },
  { name: "a session cookie", headers: { ...json, cookie: "evently_session=garbage" }, body: { query: "{ __typename }" }, direct: false },
  { name: "a query string", path: "/graphql?x=1", headers: json, body: { query: "{ __typename }" }, direct: false },
  { name: "GET", method: "GET", path: "/graphql?query=%7B__typename%7D", headers: { accept: "application/json" }, direct: false },
  { name: "another path", path: "/graphql/", headers: json, body: { query: "{ __typename }" }, direct: false },
];

async function send(server: GraphQLServer, probe: Probe) {
  const origin = new URL(server.url).origin;
  const headers: Record<string, string> = { ...probe.headers };
  if (probe.token) headers.authorization = `Bearer ${probe.token}`;
  const body = probe.body === undefined || typeof probe.body === "string" ? probe.body : JSON.stringify(probe.body);
  const res = await fetch(`${origin}${probe.path ?? "/graphql"}`, { method: probe.method ?? "POST", headers, body });
  return comparable(res, { present: ["content-length", "x-request-id"], exact: ["content-type", "www-authenticate", "set-cookie"] });
}

async function directCount(server: GraphQLServer): Promise<number> {
  const text = await (await fetch(`${new URL(server.url).origin}/metrics`)).text();
  return Number(/^evently_graphql_direct_requests_total (\d+)/m.exec(text)?.[1] ?? "NaN");
}

t.test("every probe: the same answer through the direct path and through Express", async (t) => {
  for (const probe of probes) {
    const before = [await directCount(direct), await directCount(express)];
    const viaDirect = await send(direct, probe);
    const viaExpress = await send(express, probe);
    t.same(viaDirect, viaExpress, `${probe.name}: ${viaDirect.status}`);
    t.equal(await directCount(direct) - before[0], probe.direct ? 1 : 0, `${probe.name}: ${probe.direct ? "taken directly" : "left to Express"}`);
    t.equal(await directCount(express) - before[1], 0, `${probe.name}: never direct with directApi: false`);
  }
});

t.test("a booking through both doors: the same payload, one booking each, as the caller", async (t) => {
  const answers = [];
  for (const server of [direct, express]) {
    const key = `direct-${randomUUID()}`;
    const query = `mutation($e: UUID!, $k: String) { bookTickets(input: { eventId: $e, quantity: 2, idempotencyKey: $k }) { result { id quantity status userId } } }`;
    const first = await server.gql(query, { e: event, k: key }, { token: userToken });
    const replay = await server.gql(query, { e: event, k: key }, { token: userToken });
    t.equal(replay.data?.bookTickets.result.id, first.data?.bookTickets.result.id, "a replay answers the same booking");
    const { id: _id, ...rest } = first.data.bookTickets.result;
    answers.push({ status: first.status, errors: first.errors, result: rest });
  }
  t.same(answers[0], answers[1]);
  t.same(answers[0].result, { quantity: 2, status: "confirmed", userId: user }, "booked as the token's user");
  const { rows } = await db.pool.query("select count(*)::int as n from evently.bookings where event_id = $1 and quantity = 2", [event]);
  t.equal(rows[0].n, 2, "one booking per door: the replays made none");
});
