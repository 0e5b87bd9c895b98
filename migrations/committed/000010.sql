--! Previous: sha1:d4327a0c956f43679adfdf6ac05c614204e8bbc9
--! Hash: sha1:8e6c25a95a3db218fd08fca284b3320edcac8a33

-- Signed webhooks for organizers (issue 13, part 4). Admins register endpoints; changes
-- write a webhook event (the outbox) in their own transaction when an endpoint wants that
-- type; the outbox relay fans each event out into one delivery per endpoint, each sent by
-- its own graphile-worker job (deliver_webhook) and signed per Standard Webhooks.

create table evently.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  url text not null constraint webhook_endpoints_url check (url ~ '^https?://[^\s/?#@]+([/?#]\S*)?$' and length(url) <= 2000),
  event_types text[] not null constraint webhook_endpoints_event_types check (
    cardinality(event_types) between 1 and 5
    and event_types <@ array['booking.confirmed', 'booking.cancelled', 'event.sold_out', 'waitlist.offered', 'event.cancelled']),
  description text constraint webhook_endpoints_description_length check (length(description) <= 500),
  active boolean not null default true,
  created_by uuid references evently.users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table evently.webhook_endpoints is
  E'@behavior -insert -update -delete\nWhere organizers'' systems hear about changes (admins register them; evently.create_webhook_endpoint). The signing secret is kept apart and shown once.';
create index webhook_endpoints_active_idx on evently.webhook_endpoints using gin (event_types) where active;
create index webhook_endpoints_created_by_idx on evently.webhook_endpoints (created_by);
alter table evently.webhook_endpoints enable row level security;
-- Admins only (others read an empty table: REST lists and GraphQL answer them with nothing).
create policy select_admin on evently.webhook_endpoints for select using (evently.current_user_is_admin());
grant select (id, url, event_types, description, active, created_by, created_at, updated_at)
  on evently.webhook_endpoints to evently_user;

-- Signing secrets (whsec_ + base64): only the owner (the worker that signs) reads them.
create table evently_private.webhook_secrets (
  endpoint_id uuid primary key references evently.webhook_endpoints on delete cascade,
  secret text not null,
  created_at timestamptz not null default now()
);
alter table evently_private.webhook_secrets enable row level security;

-- The webhook outbox: one row per change an endpoint wanted, written in the change's own
-- transaction (a rolled-back booking leaves none); relayed_at is set when the relay has
-- made its deliveries.
create table evently.webhook_events (
  id uuid primary key default gen_random_uuid(),
  type text not null constraint webhook_events_type check (
    type in ('booking.confirmed', 'booking.cancelled', 'event.sold_out', 'waitlist.offered', 'event.cancelled')),
  event_id uuid not null references evently.events on delete cascade,
  data jsonb not null,
  created_at timestamptz not null default now(),
  relayed_at timestamptz
);
comment on table evently.webhook_events is
  E'@behavior -insert -update -delete\nWhat happened, once per change (the webhook outbox); each endpoint that wanted the type gets a delivery.';
create index webhook_events_pending_idx on evently.webhook_events (created_at) where relayed_at is null;
create index webhook_events_event_idx on evently.webhook_events (event_id);
alter table evently.webhook_events enable row level security;
create policy select_admin on evently.webhook_events for select using (evently.current_user_is_admin());
grant select (id, type, event_id, data, created_at, relayed_at) on evently.webhook_events to evently_user;

create table evently.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  endpoint_id uuid not null references evently.webhook_endpoints on delete cascade,
  webhook_event_id uuid not null references evently.webhook_events on delete cascade,
  -- A replay is a new delivery of the same event (same webhook-id) to the same endpoint.
  replay_of uuid references evently.webhook_deliveries on delete set null,
  status text not null default 'pending' constraint webhook_deliveries_status check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0 constraint webhook_deliveries_attempts check (attempts >= 0),
  response_status integer,
  -- Never more than 1 kB of what the receiver answered.
  response_body text constraint webhook_deliveries_response_body_cap check (octet_length(response_body) <= 1024),
  last_error text constraint webhook_deliveries_last_error_cap check (length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  constraint webhook_deliveries_delivered_at check ((status = 'delivered') = (delivered_at is not null))
);
comment on table evently.webhook_deliveries is
  E'@behavior -insert -update -delete\nOne webhook event sent to one endpoint: status, attempts, the last response''s status code and at most 1 kB of its body.';
create index webhook_deliveries_endpoint_idx on evently.webhook_deliveries (endpoint_id, created_at desc);
create index webhook_deliveries_event_idx on evently.webhook_deliveries (webhook_event_id);
create index webhook_deliveries_replay_idx on evently.webhook_deliveries (replay_of) where replay_of is not null;
alter table evently.webhook_deliveries enable row level security;
create policy select_admin on evently.webhook_deliveries for select using (evently.current_user_is_admin());
grant select (id, endpoint_id, webhook_event_id, replay_of, status, attempts, response_status, response_body, last_error,
              created_at, last_attempt_at, delivered_at)
  on evently.webhook_deliveries to evently_user;

-- What create_webhook_endpoint and rotate_webhook_secret return: the endpoint and its
-- secret, the only time the secret is shown.
create type evently.webhook_endpoint_secret as (
  id uuid,
  url text,
  event_types text[],
  description text,
  active boolean,
  created_at timestamptz,
  secret text
);
