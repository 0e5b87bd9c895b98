--! Previous: -
--! Hash: sha1:db2f237f2e1042806064a3aa9e3028472eb8ec8d

-- Evently foundation schema: roles, schemas, tables, constraints, indexes, grants, RLS.
-- Functions live in functions/ (re-applied after every migrate); only the two
-- identity helpers that RLS policies call are defined here, because policies need them
-- to exist when they are created.

-- Roles are cluster-wide: create them only if another database already has not.
do $$
declare
  v_role text;
begin
  foreach v_role in array array['evently_anonymous', 'evently_user', 'evently_admin'] loop
    if not exists (select 1 from pg_roles where rolname = v_role) then
      begin
        execute format('create role %I nologin', v_role);
      exception when duplicate_object then null; -- created concurrently by another database's migration
      end;
    end if;
  end loop;
  if not exists (select 1 from pg_roles where rolname = 'evently_authenticator') then
    begin
      create role evently_authenticator login noinherit;
    exception when duplicate_object then null;
    end;
  end if;
end
$$;
grant evently_user to evently_admin;
grant evently_anonymous, evently_user, evently_admin to evently_authenticator;
-- The migrating (owner) role switches to the API roles in SQL tests and tools.
do $$ begin
  execute format('grant evently_anonymous, evently_user, evently_admin to %I', current_user);
end $$;

create extension if not exists pgcrypto with schema public;
create extension if not exists citext with schema public;

revoke all on schema public from public;
grant usage on schema public to evently_anonymous, evently_user;

create schema evently;
create schema evently_private;
grant usage on schema evently to evently_anonymous, evently_user;

-- Functions are never executable by PUBLIC unless a file in functions/ grants it.
alter default privileges in schema evently revoke execute on functions from public;
alter default privileges in schema evently_private revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from public;

-------------------------------------------------------------------------------
-- Identity helpers (used by RLS policies)
-------------------------------------------------------------------------------
create function evently.current_user_id() returns uuid
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select nullif(current_setting('jwt.claims.user_id', true), '')::uuid;
$$;
comment on function evently.current_user_id() is
  E'The id of the user this request acts for (jwt.claims.user_id), or null for anonymous callers.';
grant execute on function evently.current_user_id() to evently_anonymous, evently_user;

-------------------------------------------------------------------------------
-- Users
-------------------------------------------------------------------------------
create table evently.users (
  id uuid primary key default gen_random_uuid(),
  email citext not null unique
    constraint users_email_format check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  name text not null constraint users_name_length check (length(btrim(name)) between 1 and 200),
  role text not null default 'user' constraint users_role check (role in ('user', 'admin')),
  created_at timestamptz not null default now()
);
comment on table evently.users is
  E'@behavior -insert -update -delete\nA person who books tickets; role ''admin'' may also manage venues and events.';
comment on column evently.users.role is
  E'''user'' or ''admin''. DBAs promote with: update evently.users set role = ''admin'' where email = ...';

-- security definer: policies on other tables call this, and users' own RLS must not hide the row.
create function evently.current_user_is_admin() returns boolean
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select exists (select 1 from evently.users where id = evently.current_user_id() and role = 'admin');
$$;
comment on function evently.current_user_is_admin() is
  E'True when the current user (jwt.claims.user_id) has role ''admin'' in evently.users right now.';
revoke all on function evently.current_user_is_admin() from public;
grant execute on function evently.current_user_is_admin() to evently_anonymous, evently_user;

alter table evently.users enable row level security;
create policy select_self_or_admin on evently.users for select
  using (id = evently.current_user_id() or evently.current_user_is_admin());
grant select on evently.users to evently_user;

create table evently_private.user_secrets (
  user_id uuid primary key references evently.users on delete cascade,
  password_hash text not null,
  password_updated_at timestamptz not null default now()
);
alter table evently_private.user_secrets enable row level security;

create type evently.jwt_token as (
  role text,
  user_id uuid,
  exp bigint
);

-------------------------------------------------------------------------------
-- Venues and events
-------------------------------------------------------------------------------
create table evently.venues (
  id uuid primary key default gen_random_uuid(),
  name text not null constraint venues_name_length check (length(btrim(name)) between 1 and 200),
  address text,
  city text,
  country text,
  created_by uuid references evently.users on delete set null,
  created_at timestamptz not null default now()
);
comment on table evently.venues is E'@behavior -insert -update -delete\nA place where events happen.';
create index venues_city_idx on evently.venues (lower(city));
create index venues_created_by_idx on evently.venues (created_by);
alter table evently.venues enable row level security;
create policy select_all on evently.venues for select using (true);
grant select on evently.venues to evently_anonymous, evently_user;

create table evently.events (
  id uuid primary key default gen_random_uuid(),
  venue_id uuid references evently.venues on delete restrict,
  name text not null constraint events_name_length check (length(btrim(name)) between 1 and 200),
  description text,
  starts_at timestamptz not null,
  ends_at timestamptz,
  capacity integer not null constraint events_capacity_positive check (capacity >= 0),
  -- held: tickets in active holds (expired ones included until released);
  -- booked: tickets in confirmed bookings. Both are only ever changed by conditional
  -- UPDATEs in the booking functions; this CHECK is the backstop against overselling.
  held integer not null default 0,
  booked integer not null default 0,
  price_cents integer not null default 0 constraint events_price_nonnegative check (price_cents >= 0),
  hold_ttl interval not null default '5 minutes'
    constraint events_hold_ttl_range check (hold_ttl between interval '10 seconds' and interval '1 day'),
  max_tickets_per_user integer not null default 10
    constraint events_max_tickets_positive check (max_tickets_per_user >= 1),
  status text not null default 'published' constraint events_status check (status in ('published', 'cancelled')),
  cancelled_at timestamptz,
  created_by uuid references evently.users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint events_counters check (held >= 0 and booked >= 0 and held + booked <= capacity),
  constraint events_ends_after_start check (ends_at is null or ends_at > starts_at),
  constraint events_cancelled_at check ((status = 'cancelled') = (cancelled_at is not null))
);
comment on table evently.events is
  E'@behavior -insert -update -delete\nSomething people book tickets for. Counters held/booked always equal the active holds and confirmed bookings.';
comment on column evently.events.held is E'Tickets in active holds (including expired holds not yet released).';
comment on column evently.events.booked is E'Tickets in confirmed bookings.';
create index events_upcoming_idx on evently.events (starts_at) where status = 'published';
create index events_venue_idx on evently.events (venue_id, starts_at);
create index events_created_by_idx on evently.events (created_by);
alter table evently.events enable row level security;
create policy select_all on evently.events for select using (true);
grant select on evently.events to evently_anonymous, evently_user;

-------------------------------------------------------------------------------
-- Holds, bookings, tickets
-------------------------------------------------------------------------------
create table evently.holds (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references evently.events on delete cascade,
  user_id uuid not null references evently.users on delete cascade,
  quantity integer not null constraint holds_quantity_positive check (quantity > 0),
  status text not null default 'active'
    constraint holds_status check (status in ('active', 'confirmed', 'released', 'expired', 'cancelled')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  constraint holds_closed_at check ((status = 'active') = (closed_at is null))
);
comment on table evently.holds is
  E'@behavior -insert -update -delete\nTickets set aside for a user until expires_at; confirm_hold turns a hold into a booking.';
create index holds_active_expiry_idx on evently.holds (event_id, expires_at) where status = 'active';
create index holds_active_user_idx on evently.holds (event_id, user_id) where status = 'active';
create index holds_user_idx on evently.holds (user_id, created_at desc);
alter table evently.holds enable row level security;
create policy select_own_or_admin on evently.holds for select
  using (user_id = evently.current_user_id() or evently.current_user_is_admin());
grant select on evently.holds to evently_user;

create table evently.bookings (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references evently.events on delete cascade,
  user_id uuid not null references evently.users on delete cascade,
  hold_id uuid unique references evently.holds on delete set null,
  quantity integer not null constraint bookings_quantity_positive check (quantity > 0),
  total_cents integer not null constraint bookings_total_nonnegative check (total_cents >= 0),
  status text not null default 'confirmed' constraint bookings_status check (status in ('confirmed', 'cancelled')),
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  constraint bookings_cancelled_at check ((status = 'cancelled') = (cancelled_at is not null))
);
comment on table evently.bookings is
  E'@behavior -insert -update -delete\nConfirmed (or later cancelled) tickets of one user for one event.';
create index bookings_user_idx on evently.bookings (user_id, created_at desc);
create index bookings_event_user_idx on evently.bookings (event_id, user_id) where status = 'confirmed';
create index bookings_event_idx on evently.bookings (event_id, created_at);
alter table evently.bookings enable row level security;
create policy select_own_or_admin on evently.bookings for select
  using (user_id = evently.current_user_id() or evently.current_user_is_admin());
grant select on evently.bookings to evently_user;

create table evently.tickets (
  id uuid primary key default gen_random_uuid(),
  booking_id uuid not null references evently.bookings on delete cascade,
  event_id uuid not null references evently.events on delete cascade,
  user_id uuid not null references evently.users on delete cascade,
  -- 128 random bits: the code on the door scanner must not be guessable.
  code text not null unique default encode(gen_random_bytes(16), 'hex'),
  status text not null default 'valid' constraint tickets_status check (status in ('valid', 'cancelled')),
  created_at timestamptz not null default now()
);
comment on table evently.tickets is
  E'@behavior -insert -update -delete\nOne admitted person of a booking, with an unguessable code.';
create index tickets_booking_idx on evently.tickets (booking_id);
create index tickets_user_idx on evently.tickets (user_id, created_at desc);
create index tickets_event_idx on evently.tickets (event_id);
alter table evently.tickets enable row level security;
create policy select_own_or_admin on evently.tickets for select
  using (user_id = evently.current_user_id() or evently.current_user_is_admin());
grant select on evently.tickets to evently_user;

-------------------------------------------------------------------------------
-- Idempotency keys (per user; request stored and compared; response replayed)
-------------------------------------------------------------------------------
create table evently_private.idempotency_keys (
  user_id uuid not null references evently.users on delete cascade,
  idempotency_key text not null constraint idempotency_key_length check (length(idempotency_key) between 1 and 255),
  request jsonb not null,
  booking_id uuid references evently.bookings on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, idempotency_key)
);
create index idempotency_keys_created_idx on evently_private.idempotency_keys (created_at);
alter table evently_private.idempotency_keys enable row level security;

-------------------------------------------------------------------------------
-- Audit log: who changed or cancelled what (admins read it)
-------------------------------------------------------------------------------
create table evently.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid references evently.users on delete set null,
  action text not null,
  subject_type text not null,
  subject_id uuid not null,
  details jsonb not null default '{}'
);
comment on table evently.audit_log is
  E'@behavior -insert -update -delete\nAdministrative actions (event created, changed, cancelled), for admins.';
create index audit_log_subject_idx on evently.audit_log (subject_type, subject_id, occurred_at);
create index audit_log_actor_idx on evently.audit_log (actor_id);
alter table evently.audit_log enable row level security;
create policy select_admin on evently.audit_log for select using (evently.current_user_is_admin());
grant select on evently.audit_log to evently_admin;
