--! Previous: sha1:8e6c25a95a3db218fd08fca284b3320edcac8a33
--! Hash: sha1:ea2e9f90dd245f14acd88e991d26086cc83ba08f

-- A virtual waiting room for on-sales (issue 13, part 3). An admin opens one for an event
-- (evently.open_waiting_room): from then on only people admitted from its queue may hold or
-- book that event's tickets (or join its waitlist). People join before or during the rush
-- (evently.join_queue) and get the next position; from opens_at on they are admitted in
-- position order at admission_rate people per minute (evently_private.admit_from_queue, run
-- by the admit_from_queue job and by each join), each for admission_window, after which an
-- unused admission has expired and its holder may join again at the back.

create table evently.waiting_rooms (
  event_id uuid primary key references evently.events on delete cascade,
  opens_at timestamptz not null,
  admission_rate integer not null constraint waiting_rooms_admission_rate check (admission_rate between 1 and 1000000),
  admission_window interval not null default '10 minutes'
    constraint waiting_rooms_admission_window check (admission_window between '1 minute' and '1 day'),
  -- Positions handed out so far, and admissions made so far: both only grow, under this
  -- row's lock (every write to the event's queue takes it first).
  last_position bigint not null default 0 constraint waiting_rooms_last_position check (last_position >= 0),
  admitted bigint not null default 0 constraint waiting_rooms_admitted check (admitted >= 0),
  -- The rate is counted from counting_since (opens_at, or the moment the rate last changed):
  -- admissions since then never exceed admission_rate per minute of elapsed time, so
  -- opening a room "in the past" or raising the rate mid-sale admits no burst.
  counting_since timestamptz not null,
  admitted_before bigint not null default 0,
  constraint waiting_rooms_admitted_before check (admitted_before between 0 and admitted),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table evently.waiting_rooms is
  E'@behavior -insert -update -delete\nAn event''s on-sale queue: from opens_at, admission_rate people per minute are admitted in join order, each for admission_window; only admitted people may hold or book.';
alter table evently.waiting_rooms enable row level security;
-- Public, every column (the computed column waiting takes the whole row): when the room
-- opens and how fast it moves is what a buyer needs to know. Who opened it is in audit_log.
create policy select_all on evently.waiting_rooms for select using (true);
grant select (event_id, opens_at, admission_rate, admission_window, last_position, admitted, counting_since,
  admitted_before, created_at, updated_at)
  on evently.waiting_rooms to evently_anonymous, evently_user;

create table evently.queue_entries (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references evently.waiting_rooms on delete cascade,
  user_id uuid not null references evently.users on delete cascade,
  position bigint not null constraint queue_entries_position check (position > 0),
  status text not null default 'waiting' constraint queue_entries_status check (status in ('waiting', 'admitted', 'left')),
  joined_at timestamptz not null default now(),
  admitted_at timestamptz,
  admission_expires_at timestamptz,
  constraint queue_entries_admission check (
    (status = 'admitted') = (admitted_at is not null) and (admitted_at is null) = (admission_expires_at is null)
    and (admission_expires_at is null or admission_expires_at > admitted_at)),
  -- One entry per person per event (joining again after leaving or an expired admission
  -- moves the same entry to the back).
  constraint queue_entries_one_per_user unique (event_id, user_id),
  constraint queue_entries_position_unique unique (event_id, position)
);
comment on table evently.queue_entries is
  E'@behavior -insert -update -delete\nA person''s place in an event''s waiting room: waiting (position), admitted until admission_expires_at, or left.';
-- Admission walks the waiting entries in position order; people_ahead counts them.
create index queue_entries_waiting_idx on evently.queue_entries (event_id, position) where status = 'waiting';
create index queue_entries_user_idx on evently.queue_entries (user_id);
alter table evently.queue_entries enable row level security;
create policy select_own on evently.queue_entries for select
  using (user_id = evently.current_user_id() or evently.current_user_is_admin());
grant select (id, event_id, user_id, position, status, joined_at, admitted_at, admission_expires_at)
  on evently.queue_entries to evently_user;

-- "It is your turn": sent when an admission is made. Added NOT VALID, then validated: the
-- validation scans notifications without blocking writes to it.
alter table evently.notifications drop constraint notifications_kind;
alter table evently.notifications add constraint notifications_kind check (kind in (
  'booking_confirmed', 'booking_cancelled', 'waitlist_offer', 'offer_expired', 'event_changed', 'event_cancelled',
  'queue_admitted')) not valid;
alter table evently.notifications validate constraint notifications_kind;
