--! Previous: sha1:ea2e9f90dd245f14acd88e991d26086cc83ba08f
--! Hash: sha1:bc673075be5a12f9a822533b51b47198d406c5a2

-- Ticket types (issue 13, part 1): several inventories within a general-admission event,
-- each with its own capacity, price, optional sales window and per-person limit; the
-- event's capacity stays the overall cap. Holds and bookings name their type (null: the
-- event has no types, as before). The event counters are taken as before (take_capacity,
-- event row first); the type counters follow the hold and booking rows by trigger (a
-- conditional UPDATE when taking, CHECK ticket_types_counters behind it).

create table evently.ticket_types (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references evently.events on delete cascade,
  name text not null constraint ticket_types_name check (length(btrim(name)) between 1 and 100),
  description text constraint ticket_types_description check (length(description) <= 1000),
  price_cents integer not null default 0 constraint ticket_types_price check (price_cents between 0 and 999999999),
  capacity integer not null constraint ticket_types_capacity check (capacity between 1 and 1000000),
  held integer not null default 0 constraint ticket_types_held check (held >= 0),
  booked integer not null default 0 constraint ticket_types_booked check (booked >= 0),
  sales_start timestamptz,
  sales_end timestamptz,
  max_tickets_per_user integer constraint ticket_types_max_per_user check (max_tickets_per_user between 1 and 100),
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ticket_types_counters check (held + booked <= capacity),
  constraint ticket_types_sales_window check (sales_end is null or sales_start is null or sales_end > sales_start),
  constraint ticket_types_name_unique unique (event_id, name),
  -- For the composite foreign keys below: a hold's or booking's type is of its own event.
  constraint ticket_types_id_event unique (id, event_id)
);
comment on table evently.ticket_types is
  E'@behavior -insert -update -delete\nKinds of ticket within a general-admission event (e.g. Early bird, Standard, VIP): each its own capacity, price, sales window and per-person limit; the event''s capacity caps them all.';
create index ticket_types_event_idx on evently.ticket_types (event_id, sort_order, name);
alter table evently.ticket_types enable row level security;
create policy select_all on evently.ticket_types for select using (true);
grant select (id, event_id, name, description, price_cents, capacity, held, booked, sales_start, sales_end,
  max_tickets_per_user, sort_order, created_at, updated_at) on evently.ticket_types to evently_anonymous, evently_user;

alter table evently.holds add column ticket_type_id uuid;
alter table evently.bookings add column ticket_type_id uuid;
comment on column evently.holds.ticket_type_id is E'The ticket type held (null: the event has no ticket types).';
comment on column evently.bookings.ticket_type_id is E'The ticket type booked (null: the event has no ticket types).';
alter table evently.holds add constraint holds_ticket_type_fk
  foreign key (ticket_type_id, event_id) references evently.ticket_types (id, event_id) not valid;
alter table evently.holds validate constraint holds_ticket_type_fk;
alter table evently.bookings add constraint bookings_ticket_type_fk
  foreign key (ticket_type_id, event_id) references evently.ticket_types (id, event_id) not valid;
alter table evently.bookings validate constraint bookings_ticket_type_fk;
-- The per-type limit sums one user's live rows of one type; counters and analytics by type.
create index holds_ticket_type_idx on evently.holds (ticket_type_id, user_id) where ticket_type_id is not null;
create index bookings_ticket_type_idx on evently.bookings (ticket_type_id, user_id) where ticket_type_id is not null;

-- The trigger functions' readable source is functions/tickettypes/ (re-applied by every
-- deploy); they are created here too because the triggers need them before functions/ runs.
create or replace function evently_private.count_ticket_type_holds() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_type evently.ticket_types;
begin
  -- A ticket type's held counter follows its holds, whichever function opens or ends them
  -- (place, confirm, release, decline, expire, reclaim, cancel_event): one trigger, so no
  -- path can forget it. Taking is the conditional UPDATE (never beyond the type's capacity;
  -- CHECK ticket_types_counters behind it). Lock order: callers took the event row first.
  if tg_op = 'INSERT' then
    if new.status = 'active' then
      for v_attempt in 1..2 loop
        update evently.ticket_types t set held = t.held + new.quantity
         where t.id = new.ticket_type_id and t.held + t.booked + new.quantity <= t.capacity
        returning * into v_type;
        exit when found or v_attempt = 2;
        -- Expired holds may still be counted (as take_capacity does for the event).
        perform evently_private.reclaim_expired_holds(new.event_id);
      end loop;
      if v_type.id is null then
        select * into v_type from evently.ticket_types t where t.id = new.ticket_type_id;
        raise exception 'Sold out: fewer than % "%" tickets left', new.quantity, v_type.name
          using errcode = 'EVSLD', detail = 'ticket_type_id';
      end if;
    end if;
  elsif old.status = 'active' and new.status <> 'active' then
    update evently.ticket_types t set held = t.held - old.quantity where t.id = old.ticket_type_id;
  end if;
  return null;
end;
$$;
revoke all on function evently_private.count_ticket_type_holds() from public;
create or replace function evently_private.count_ticket_type_bookings() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_type evently.ticket_types;
begin
  -- As count_ticket_type_holds, for booked: a confirmed booking counts into its type (a
  -- confirmed hold has just left held, so that always fits), a cancelled one out again.
  if tg_op = 'INSERT' then
    if new.status = 'confirmed' then
      for v_attempt in 1..2 loop
        update evently.ticket_types t set booked = t.booked + new.quantity
         where t.id = new.ticket_type_id and t.held + t.booked + new.quantity <= t.capacity
        returning * into v_type;
        exit when found or v_attempt = 2;
        perform evently_private.reclaim_expired_holds(new.event_id);
      end loop;
      if v_type.id is null then
        select * into v_type from evently.ticket_types t where t.id = new.ticket_type_id;
        raise exception 'Sold out: fewer than % "%" tickets left', new.quantity, v_type.name
          using errcode = 'EVSLD', detail = 'ticket_type_id';
      end if;
    end if;
  elsif old.status = 'confirmed' and new.status <> 'confirmed' then
    update evently.ticket_types t set booked = t.booked - old.quantity where t.id = old.ticket_type_id;
  end if;
  return null;
end;
$$;
revoke all on function evently_private.count_ticket_type_bookings() from public;
-- WHEN: rows without a type (every event without ticket types) never call the function.
create trigger holds_count_ticket_type
  after insert or update of status on evently.holds
  for each row when (new.ticket_type_id is not null)
  execute function evently_private.count_ticket_type_holds();
create trigger bookings_count_ticket_type
  after insert or update of status on evently.bookings
  for each row when (new.ticket_type_id is not null)
  execute function evently_private.count_ticket_type_bookings();
