// Bounded GraphQL: connections without first/last get the default page, page sizes and
// offsets have limits with codes, aliases and nested pages share one node budget, depth is
// capped, protected collections answer 401/403 codes, and values PostgreSQL cannot store
// give EVINV instead of a masked error. /health stays fast while big queries run.
import t from "tap";
import { createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer } from "../graphql-helpers.ts";
import { DEFAULT_PAGE_SIZE, MAX_NODES, MAX_PAGE_SIZE } from "../../src/graphql/limits.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;
const alice = await signUp(server, db);

// More events than ten default pages (inserted directly: the mutation has its own tests).
const ROWS = 1_500;
await db.pool.query(
  `insert into evently.events (name, description, starts_at, capacity)
   select 'Bulk ' || i, repeat('x', 200), now() + interval '30 days' + i * interval '1 minute', 10 from generate_series(1, $1) i`,
  [ROWS],
);

const aliases = (n: number, field = "allEvents", args = "") =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}${args} { nodes { id name description } }`).join(" ")} }`;

t.test("a connection without first or last returns the default page", async (t) => {
  for (const field of ["allEvents", "upcomingEvents", "allVenues"]) {
    const res = await gql(`{ ${field} { totalCount nodes { id } pageInfo { hasNextPage } } }`);
    t.notOk(res.errors, `${field} answers`);
    t.ok(res.data[field].nodes.length <= DEFAULT_PAGE_SIZE, `${field}: at most ${DEFAULT_PAGE_SIZE} nodes`);
  }
  const res = await gql(`{ allEvents { totalCount nodes { id } pageInfo { hasNextPage } } }`);
  t.equal(res.data.allEvents.nodes.length, DEFAULT_PAGE_SIZE, `allEvents on ${ROWS} rows: exactly one default page`);
  t.ok(res.data.allEvents.totalCount >= ROWS, "totalCount still counts every row");
  t.equal(res.data.allEvents.pageInfo.hasNextPage, true, "and says there is more");

  const nullVariable = await gql(`query ($n: Int) { allEvents(first: $n) { nodes { id } } }`, { n: null });
  t.equal(nullVariable.data.allEvents.nodes.length, DEFAULT_PAGE_SIZE, "first: $n with n null: the default page too");
  const last = await gql(`{ allEvents(last: 3) { nodes { id } } }`);
  t.equal(last.data.allEvents.nodes.length, 3, "last alone still works");
  const nested = await gql(`{ allVenues(first: 2) { nodes { eventsByVenueId { nodes { id } } } } }`);
  t.notOk(nested.errors, "nested connections get the default page as well");
});

t.test("page sizes and offsets out of range have codes", async (t) => {
  for (const [query, code] of [
    [`{ allEvents(first: -1) { nodes { id } } }`, "EVINV"],
    [`{ allEvents(last: -5) { nodes { id } } }`, "EVINV"],
    [`{ allEvents(first: ${MAX_PAGE_SIZE + 1}) { nodes { id } } }`, "EVQRY"],
    [`{ allEvents(first: 10, offset: -1) { nodes { id } } }`, "EVINV"],
    [`{ allEvents(first: 10, offset: 100000) { nodes { id } } }`, "EVQRY"],
  ] as const) {
    const res = await gql(query);
    t.equal(errorCode(res), code, `${query} → ${code}`);
    t.notMatch(res.errors?.[0].message ?? "", /An error occurred/, "not masked");
  }
  const variable = await gql(`query ($n: Int) { allEvents(first: $n) { nodes { id } } }`, { n: -1 });
  t.equal(errorCode(variable), "EVINV", "a negative variable too");
  const huge = await gql(`{ allEvents(first: 2147483648) { nodes { id } } }`);
  t.ok(huge.errors?.length, "an Int beyond 32 bits is GraphQL's own validation error");
});

t.test("aliases and nested pages share one node budget", async (t) => {
  const five = await gql(aliases(5));
  t.notOk(five.errors, "five aliases of allEvents (500 rows) run");
  t.equal(five.data.a4.nodes.length, DEFAULT_PAGE_SIZE);
  const ten = await gql(aliases(MAX_NODES / DEFAULT_PAGE_SIZE));
  t.notOk(ten.errors, "ten aliases (the budget exactly) run");
  for (const n of [11, 50]) {
    const res = await gql(aliases(n));
    t.equal(errorCode(res), "EVQRY", `${n} aliases are refused`);
    t.notOk(res.data, "before anything runs");
  }
  const counts = await gql(`{ allVenues { nodes { eventsByVenueId { totalCount } } } }`);
  t.notOk(counts.errors, "a nested connection asked only for totalCount costs no rows");
  const nested = await gql(`{ allVenues(first: 100) { nodes { eventsByVenueId(first: 100) { nodes { id } } } } }`);
  t.equal(errorCode(nested), "EVQRY", "100 × 100 nested rows are refused");
  const viaFragments = await gql(
    `{ ...A ...A ...A } fragment A on Query { ...B ...B ...B ...B } fragment B on Query { allEvents { nodes { id } } }`,
  );
  t.equal(errorCode(viaFragments), "EVQRY", "fragments count every time they are spread");
  const scalars = await gql(`{ ${Array.from({ length: 1200 }, (_, i) => `f${i}: __typename`).join(" ")} }`);
  t.equal(errorCode(scalars), "EVQRY", "1,200 aliases of a scalar are refused too");
});

t.test("/health stays fast while the biggest allowed query runs", async (t) => {
  const base = server.url.replace(/\/graphql$/, "");
  const query = gql(aliases(MAX_NODES / DEFAULT_PAGE_SIZE));
  const refused = gql(aliases(50));
  const started = performance.now();
  const health = await fetch(`${base}/health`);
  const healthMs = performance.now() - started;
  await Promise.all([query, refused]);
  t.equal(health.status, 200);
  // The bound is 100 ms on a quiet machine; CI shares its cores with other test files.
  t.ok(healthMs < 500, `/health answered in ${healthMs.toFixed(0)} ms during a ten-alias query and a refused fifty-alias one`);
});

t.test("depth beyond the limit has a code", async (t) => {
  let selection = "id";
  for (let i = 0; i < 8; i++) selection = `venueByVenueId { eventsByVenueId(first: 1) { nodes { ${selection} } } }`;
  const res = await gql(`{ allEvents(first: 1) { nodes { ${selection} } } }`);
  t.equal(errorCode(res), "EVQRY");
});

t.test("protected collections answer 401 or 403 codes, not masked errors", async (t) => {
  for (const field of ["allBookings", "allNotifications", "allAuditLogs", "allTickets", "allHolds"]) {
    const res = await gql(`{ ${field}(first: 1) { nodes { id } } }`);
    if (!res.errors) continue; // readable anonymously (empty under RLS): nothing to check
    t.equal(errorCode(res), "EVAUT", `anonymous ${field}: EVAUT`);
    t.equal(res.errors[0].extensions?.status, 401);
  }
  const audit = await gql(`{ allAuditLogs(first: 1) { nodes { id } } }`, {}, { token: alice.token });
  if (audit.errors) t.equal(errorCode(audit), "EVFBD", "a signed-in user reading the audit log: EVFBD");
  else t.same(audit.data.allAuditLogs.nodes, [], "a signed-in user sees no audit rows");
});

t.test("values PostgreSQL cannot store give EVINV", async (t) => {
  const register = (email: string) =>
    gql(`mutation ($e: String!) { register(input: {email: $e, password: "password-123", name: "N"}) { result { id } } }`, { e: email });
  const nul = await register("a\u0000b@example.com");
  t.equal(errorCode(nul), "EVINV", "a NUL byte");
  const upcoming = await gql(`{ upcomingEvents(first: 1, startsAfter: "0000-01-01T00:00:00Z") { nodes { id } } }`);
  t.ok(["EVINV", undefined].includes(errorCode(upcoming)) && upcoming.errors?.length, "year 0000: an error with a code or GraphQL's own");
  t.notMatch(upcoming.errors?.[0].message ?? "", /An error occurred/, "not masked");
});
