--! Previous: sha1:db2f237f2e1042806064a3aa9e3028472eb8ec8d
--! Hash: sha1:858551545a91deb9d490ede3ce39111139413992

-- Reserved seating: venue layouts (sections -> rows -> seats) and each seated event's
-- own seat inventory, whose statuses always agree with events.held / events.booked.

-- create_event gains capacity default null, seating and category_prices (functions/
-- re-creates it); the old signature must go so named-argument calls stay unambiguous.
drop function if exists evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer);
-- assert_event_fields gains p_allow_past_start (update_event of an event already started).
drop function if exists evently_private.assert_event_fields(text, timestamptz, timestamptz, integer, integer, interval, integer);

alter table evently.events
  add column seating text not null default 'general'
    constraint events_seating check (seating in ('general', 'reserved'));
comment on column evently.events.seating is
  E'''general'' (capacity only) or ''reserved'' (every ticket is a seat of event_seats; capacity = seat count).';

create table evently.venue_seats (
  id uuid primary key default gen_random_uuid(),
  venue_id uuid not null references evently.venues on delete cascade,
  section text not null constraint venue_seats_section_length check (length(btrim(section)) between 1 and 100),
  row_label text not null constraint venue_seats_row_length check (length(btrim(row_label)) between 1 and 20),
  seat_number integer not null constraint venue_seats_number_positive check (seat_number > 0),
  label text not null,
  x numeric not null,
  y numeric not null,
  category text not null default 'standard' constraint venue_seats_category_length check (length(btrim(category)) between 1 and 50),
  -- Lower is better: row_rank orders rows (front first), seat_rank orders seats within a
  -- row (centre first). Best-available picks by these, so layouts decide what "best" means.
  row_rank integer not null,
  seat_rank integer not null default 0,
  unique (venue_id, section, row_label, seat_number)
);
comment on table evently.venue_seats is
  E'@behavior -insert -update -delete\nThe seats of a venue''s layout, copied into event_seats when a reserved-seating event is created.';
alter table evently.venue_seats enable row level security;
create policy select_all on evently.venue_seats for select using (true);
grant select on evently.venue_seats to evently_anonymous, evently_user;

create table evently.event_seats (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references evently.events on delete cascade,
  venue_seat_id uuid not null references evently.venue_seats on delete restrict,
  section text not null,
  row_label text not null,
  seat_number integer not null,
  label text not null,
  x numeric not null,
  y numeric not null,
  category text not null,
  row_rank integer not null,
  seat_rank integer not null,
  price_cents integer not null constraint event_seats_price_nonnegative check (price_cents >= 0),
  status text not null default 'available' constraint event_seats_status check (status in ('available', 'held', 'booked')),
  hold_id uuid references evently.holds on delete set null,
  booking_id uuid references evently.bookings on delete set null,
  unique (event_id, venue_seat_id),
  unique (event_id, section, row_label, seat_number),
  -- A seat belongs to at most one live hold or booking: the single row per (event, seat)
  -- carries at most one owner, and the status says which.
  constraint event_seats_owner check (
    (status = 'available' and hold_id is null and booking_id is null)
    or (status = 'held' and hold_id is not null and booking_id is null)
    or (status = 'booked' and booking_id is not null and hold_id is null)
  )
);
comment on table evently.event_seats is
  E'@behavior -*\nOne row per seat per reserved-seating event. Read it through evently.event_seat_map (which never says who holds a seat).';
-- Best-available walks the free seats of one event row rank by row rank.
create index event_seats_available_idx on evently.event_seats (event_id, row_rank, section, row_label, seat_number)
  where status = 'available';
create index event_seats_hold_idx on evently.event_seats (hold_id) where hold_id is not null;
create index event_seats_booking_idx on evently.event_seats (booking_id) where booking_id is not null;
alter table evently.event_seats enable row level security;

alter table evently.tickets add column seat_id uuid references evently.event_seats on delete restrict;
comment on column evently.tickets.seat_id is E'The seat this ticket admits to (reserved seating only).';
-- No seat in two bookings: at most one valid ticket per event seat.
create unique index tickets_seat_valid_idx on evently.tickets (seat_id) where status = 'valid' and seat_id is not null;

create table evently.event_price_categories (
  event_id uuid not null references evently.events on delete cascade,
  category text not null,
  price_cents integer not null constraint event_price_categories_price check (price_cents >= 0),
  primary key (event_id, category)
);
comment on table evently.event_price_categories is
  E'@behavior -insert -update -delete\nPrice of each seat category of a reserved-seating event.';
alter table evently.event_price_categories enable row level security;
create policy select_all on evently.event_price_categories for select using (true);
grant select on evently.event_price_categories to evently_anonymous, evently_user;

-- What a client may know about a seat: never who holds or booked it.
create type evently.seat_info as (
  seat_id uuid,
  section text,
  row_label text,
  seat_number integer,
  label text,
  x numeric,
  y numeric,
  category text,
  price_cents integer,
  status text
);

-- Per-schema default privileges cannot take away the global EXECUTE that PUBLIC gets on
-- new functions; only the global form can. Also close the one function that slipped.
alter default privileges revoke execute on functions from public;
revoke all on function evently.current_user_id() from public;
grant execute on function evently.current_user_id() to evently_anonymous, evently_user;
