--! Previous: sha1:858551545a91deb9d490ede3ce39111139413992
--! Hash: sha1:c4c77a1c6ccc44513cfc0c420f6b392a7beebc29

-- Waitlists with in-transaction promotion, a notification outbox, and counter
-- reconciliation.

alter table evently.events
  add column offer_ttl interval not null default '30 minutes'
    constraint events_offer_ttl_range check (offer_ttl between interval '1 minute' and interval '7 days'),
  -- Positions come from this per-event counter (under the event row lock), never from
  -- max(position) + 1, which two concurrent joins could both read.
  add column waitlist_seq bigint not null default 0,
  -- Waiting entries of the event; while any wait, buyers outside the waitlist get no
  -- tickets (freed capacity goes to the waitlist first).
  add column waiting integer not null default 0 constraint events_waiting_nonnegative check (waiting >= 0);
comment on column evently.events.offer_ttl is E'How long a waitlist offer stays open (default 30 minutes).';
comment on column evently.events.waiting is E'Waiting waitlist entries (reconciled against evently.waitlist_entries).';

create table evently.waitlist_entries (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references evently.events on delete cascade,
  user_id uuid not null references evently.users on delete cascade,
  quantity integer not null constraint waitlist_quantity_positive check (quantity > 0),
  position bigint not null,
  status text not null default 'waiting'
    constraint waitlist_status check (status in ('waiting', 'offered', 'accepted', 'declined', 'expired', 'left', 'cancelled')),
  -- How often smaller parties behind this one were offered tickets it could not take.
  skipped integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, position)
);
comment on table evently.waitlist_entries is
  E'@behavior -insert -update -delete\nA user waiting for tickets of a sold-out event, in position order.';
-- One live entry per user and event.
create unique index waitlist_live_user_idx on evently.waitlist_entries (event_id, user_id)
  where status in ('waiting', 'offered');
create index waitlist_waiting_idx on evently.waitlist_entries (event_id, position) where status = 'waiting';
create index waitlist_user_idx on evently.waitlist_entries (user_id, created_at desc);
alter table evently.waitlist_entries enable row level security;
create policy select_own_or_admin on evently.waitlist_entries for select
  using (user_id = evently.current_user_id() or evently.current_user_is_admin());
grant select on evently.waitlist_entries to evently_user;

-- An offer is a hold owned by the waiting user, linked to the entry.
alter table evently.holds add column waitlist_entry_id uuid references evently.waitlist_entries on delete set null;
create unique index holds_live_offer_idx on evently.holds (waitlist_entry_id)
  where status = 'active' and waitlist_entry_id is not null;

-------------------------------------------------------------------------------
-- Notification outbox: rows written in the transaction of the change they report;
-- a send_notification job (queued in the same transaction) delivers each one.
-------------------------------------------------------------------------------
create table evently.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references evently.users on delete cascade,
  kind text not null constraint notifications_kind check (kind in (
    'booking_confirmed', 'booking_cancelled', 'waitlist_offer', 'offer_expired', 'event_changed', 'event_cancelled')),
  event_id uuid references evently.events on delete cascade,
  payload jsonb not null default '{}',
  status text not null default 'pending' constraint notifications_status check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  -- What was sent, kept readable (the development transport stores nothing else).
  subject text,
  body text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
comment on table evently.notifications is
  E'@behavior -insert -update -delete\nMessages to a user about their bookings, offers and events (the outbox).';
create index notifications_user_idx on evently.notifications (user_id, created_at desc);
create index notifications_pending_idx on evently.notifications (created_at) where status = 'pending';
create index notifications_event_idx on evently.notifications (event_id);
alter table evently.notifications enable row level security;
create policy select_own_or_admin on evently.notifications for select
  using (user_id = evently.current_user_id() or evently.current_user_is_admin());
grant select on evently.notifications to evently_user;

-------------------------------------------------------------------------------
-- Reconciliation: every counter against the rows it counts. Mismatches are recorded,
-- never fixed silently; evently_private.repair_counter fixes one and records who did.
-------------------------------------------------------------------------------
create table evently.counter_mismatches (
  id bigint generated always as identity primary key,
  event_id uuid not null references evently.events on delete cascade,
  counter text not null constraint counter_mismatches_counter check (counter in ('held', 'booked', 'waiting', 'seats_held', 'seats_booked')),
  recorded integer not null,
  actual integer not null,
  detected_at timestamptz not null default now(),
  repaired_at timestamptz,
  repaired_by text,
  note text
);
comment on table evently.counter_mismatches is
  E'@behavior -insert -update -delete\nCounters found not to equal the rows they count (reconcile_counters job), and who repaired them.';
create unique index counter_mismatches_open_idx on evently.counter_mismatches (event_id, counter) where repaired_at is null;
alter table evently.counter_mismatches enable row level security;
create policy select_admin on evently.counter_mismatches for select using (evently.current_user_is_admin());
grant select on evently.counter_mismatches to evently_admin;

-- Anonymous GraphQL/REST callers listing users get an empty list, not a permission error.
grant select on evently.users to evently_anonymous;

-- create_event and update_event gain offer_ttl (functions/ re-creates them).
drop function if exists evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer, text, jsonb);
drop function if exists evently.update_event(uuid, text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer);
