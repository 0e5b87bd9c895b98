// Signed webhooks (admins): endpoints, their deliveries, replays. Every route is one call
// of a function in functions/webhooks/ (which refuses non-admins: 403) or one read of a
// table that RLS shows to admins only (others read nothing: an empty list or 404).
import { one, type RouteSpec } from "../route.ts";
import { idParam, listOf, pageParams, schemaRef } from "../schemas.ts";
import { namedArgs } from "../named-args.ts";
import { WEBHOOK_DELIVERY, WEBHOOK_ENDPOINT, WEBHOOK_ENDPOINT_SECRET } from "../columns.ts";

export const webhookRoutes: RouteSpec[] = [
  {
    method: "get", path: "/admin/webhooks", operationId: "listWebhookEndpoints", tag: "webhooks", auth: "user",
    summary: "Webhook endpoints, newest first (admins; others get an empty list)", query: { ...pageParams },
    success: { status: 200, schema: listOf("WebhookEndpoint"), description: "A page of endpoints" },
    errors: ["EVAUT"],
    handler: async ({ sql, query }) =>
      sql(`select ${WEBHOOK_ENDPOINT} from evently.webhook_endpoints e order by e.created_at desc, e.id limit $1 offset $2`,
        [query.limit, query.offset]),
  },
  {
    method: "post", path: "/admin/webhooks", operationId: "createWebhookEndpoint", tag: "webhooks", auth: "admin",
    summary: "Register an endpoint; the answer shows its signing secret, this once", body: schemaRef("WebhookEndpointCreate"),
    success: { status: 201, schema: schemaRef("WebhookEndpointWithSecret"), description: "The endpoint and its secret" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql, body }) => {
      const args = namedArgs(body, ["url", "event_types", "secret", "description"]);
      return one(await sql(`select ${WEBHOOK_ENDPOINT_SECRET} from evently.create_webhook_endpoint(${args.sql}) e`, args.values), "Webhook endpoint");
    },
  },
  {
    method: "get", path: "/admin/webhooks/{id}", operationId: "getWebhookEndpoint", tag: "webhooks", auth: "user",
    summary: "One endpoint (admins; 404 for others)", params: idParam,
    success: { status: 200, schema: schemaRef("WebhookEndpoint"), description: "The endpoint" },
    errors: ["EVAUT", "EVNFD"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${WEBHOOK_ENDPOINT} from evently.webhook_endpoints e where e.id = $1`, [params.id]), "Webhook endpoint"),
  },
  {
    method: "patch", path: "/admin/webhooks/{id}", operationId: "updateWebhookEndpoint", tag: "webhooks", auth: "admin",
    summary: "Change an endpoint's URL, event types, description or active flag; omitted fields keep their value",
    params: idParam, body: schemaRef("WebhookEndpointUpdate"),
    success: { status: 200, schema: schemaRef("WebhookEndpoint"), description: "The changed endpoint" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, params, body }) => {
      const args = namedArgs(body, ["url", "event_types", "description", "active"], 2);
      return one(await sql(`select ${WEBHOOK_ENDPOINT} from evently.update_webhook_endpoint(endpoint_id => $1, ${args.sql}) e`,
        [params.id, ...args.values]), "Webhook endpoint");
    },
  },
  {
    method: "delete", path: "/admin/webhooks/{id}", operationId: "deleteWebhookEndpoint", tag: "webhooks", auth: "admin",
    summary: "Remove an endpoint with its secret and delivery records", params: idParam,
    success: { status: 204, description: "Removed" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, params }) => sql("select evently.delete_webhook_endpoint(endpoint_id => $1)", [params.id]),
  },
  {
    method: "post", path: "/admin/webhooks/{id}/rotate-secret", operationId: "rotateWebhookSecret", tag: "webhooks", auth: "admin",
    summary: "Replace the endpoint's signing secret (given, or generated); the answer shows it, this once",
    params: idParam, body: schemaRef("WebhookSecretRotate"),
    success: { status: 200, schema: schemaRef("WebhookEndpointWithSecret"), description: "The endpoint and its new secret" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, params, body }) =>
      one(await sql(`select ${WEBHOOK_ENDPOINT_SECRET} from evently.rotate_webhook_secret(endpoint_id => $1, secret => $2) e`,
        [params.id, body.secret ?? null]), "Webhook endpoint"),
  },
  {
    method: "get", path: "/admin/webhooks/{id}/deliveries", operationId: "listWebhookDeliveries", tag: "webhooks", auth: "user",
    summary: "The endpoint's deliveries, newest first, optionally of one status (admins; others get an empty list)", params: idParam,
    query: { ...pageParams, status: { enum: ["pending", "delivered", "failed"] } },
    success: { status: 200, schema: listOf("WebhookDelivery"), description: "A page of deliveries" },
    errors: ["EVAUT"],
    handler: async ({ sql, params, query }) =>
      sql(`select ${WEBHOOK_DELIVERY} from evently.webhook_deliveries d
            where d.endpoint_id = $1 and ($2::text is null or d.status = $2)
            order by d.created_at desc, d.id limit $3 offset $4`, [params.id, query.status ?? null, query.limit, query.offset]),
  },
  {
    method: "post", path: "/admin/webhook-deliveries/{id}/replay", operationId: "replayWebhookDelivery", tag: "webhooks", auth: "admin",
    summary: "Send a delivery's event again to its endpoint (a new delivery, same webhook-id)", params: idParam,
    success: { status: 201, schema: schemaRef("WebhookDelivery"), description: "The new delivery" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVWHI"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${WEBHOOK_DELIVERY} from evently.replay_webhook_delivery(delivery_id => $1) d`, [params.id]), "Webhook delivery"),
  },
];
