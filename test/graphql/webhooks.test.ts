// Webhooks over GraphQL (admins): create (secret once), list with deliveries, update,
// replay, delete; registered codes in extensions.
import t from "tap";
import { createEvent, createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;
const admin = await signUp(server, db, { admin: true });
const alice = await signUp(server, db);

const CREATE = `mutation ($url: String!, $types: [String]!) {
  createWebhookEndpoint(input: {url: $url, eventTypes: $types}) { result { id url eventTypes active secret } }
}`;

t.test("create, list with deliveries, update, replay, delete", async (t) => {
  t.equal(errorCode(await gql(CREATE, { url: "https://example.com/h", types: ["booking.confirmed"] }, { token: alice.token })), "EVFBD");
  const bad = await gql(CREATE, { url: "file:///etc/passwd", types: ["booking.confirmed"] }, { token: admin.token });
  t.equal(errorCode(bad), "EVINV");
  t.equal(bad.errors?.[0].extensions?.field, "url");
  const created = await gql(CREATE, { url: "https://example.com/h", types: ["booking.confirmed"] }, { token: admin.token });
  t.notOk(created.errors);
  const endpoint = created.data.createWebhookEndpoint.result;
  t.match(endpoint.secret, /^whsec_/);

  const event = await createEvent(db, admin.id, { capacity: 3 });
  t.notOk((await gql(`mutation ($e: UUID) { bookTickets(input: {eventId: $e, quantity: 1}) { result { id } } }`, { e: event }, { token: alice.token })).errors);
  await db.pool.query("select evently_private.relay_webhook_events(100)");

  const LIST = `{ allWebhookEndpoints(first: 10) { nodes { id url active webhookDeliveriesByEndpointId(first: 10) { nodes { id status attempts webhookEvent: webhookEventByWebhookEventId { type data } } } } } }`;
  const listed = await gql(LIST, {}, { token: admin.token });
  t.notOk(listed.errors, JSON.stringify(listed.errors));
  const [node] = listed.data.allWebhookEndpoints.nodes;
  t.equal(node.id, endpoint.id);
  const [delivery] = node.webhookDeliveriesByEndpointId.nodes;
  t.same([delivery.status, delivery.webhookEvent.type, delivery.webhookEvent.data.event_id], ["pending", "booking.confirmed", event]);
  t.same((await gql(LIST, {}, { token: alice.token })).data.allWebhookEndpoints.nodes, [], "others see none");

  const replay = await gql(`mutation ($d: UUID!) { replayWebhookDelivery(input: {deliveryId: $d}) { result { id replayOf status } } }`, { d: delivery.id }, { token: admin.token });
  t.notOk(replay.errors);
  t.same([replay.data.replayWebhookDelivery.result.replayOf, replay.data.replayWebhookDelivery.result.status], [delivery.id, "pending"]);

  const updated = await gql(`mutation ($id: UUID!) { updateWebhookEndpoint(input: {endpointId: $id, active: false}) { result { active } } }`, { id: endpoint.id }, { token: admin.token });
  t.equal(updated.data.updateWebhookEndpoint.result.active, false);
  t.equal(errorCode(await gql(`mutation ($d: UUID!) { replayWebhookDelivery(input: {deliveryId: $d}) { result { id } } }`, { d: delivery.id }, { token: admin.token })), "EVWHI");
  const rotated = await gql(`mutation ($id: UUID!) { rotateWebhookSecret(input: {endpointId: $id}) { result { secret } } }`, { id: endpoint.id }, { token: admin.token });
  t.not(rotated.data.rotateWebhookSecret.result.secret, endpoint.secret);
  const removed = await gql(`mutation ($id: UUID!) { deleteWebhookEndpoint(input: {endpointId: $id}) { result { id } } }`, { id: endpoint.id }, { token: admin.token });
  t.equal(removed.data.deleteWebhookEndpoint.result.id, endpoint.id);
  t.equal(errorCode(await gql(`mutation ($id: UUID!) { deleteWebhookEndpoint(input: {endpointId: $id}) { result { id } } }`, { id: endpoint.id }, { token: admin.token })), "EVNFD");
});
