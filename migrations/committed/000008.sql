--! Previous: sha1:596e39514866e3f5a8fd7eb4b1160c9dcc2c68ca
--! Hash: sha1:7fda44ca6a7bc4e70b4c46d75ca12c7699d0d916

-- Check-in at the door (issue 13, part 2): door staff granted per event by admins, and
-- each ticket checked in at most once (evently.check_in, functions/checkin/).

-- When and by whom a ticket was let in. Set once, by one conditional UPDATE
-- (checked_in_at is null) in evently.check_in: a second scan finds it set.
alter table evently.tickets
  add column checked_in_at timestamptz,
  add column checked_in_by uuid references evently.users on delete set null,
  add constraint tickets_checked_in_by check (checked_in_by is null or checked_in_at is not null);
comment on column evently.tickets.checked_in_at is E'When the ticket was checked in at the door (null: not yet).';
comment on column evently.tickets.checked_in_by is E'The door staff member (or admin) who checked the ticket in.';
-- Checked-in counts per event (evently.event_check_ins, analytics_check_ins).
create index tickets_event_checked_in_idx on evently.tickets (event_id, checked_in_at) where checked_in_at is not null;
create index tickets_checked_in_by_idx on evently.tickets (checked_in_by) where checked_in_by is not null;

-- Who may check tickets in for an event, besides admins.
create table evently.door_staff (
  event_id uuid not null references evently.events on delete cascade,
  user_id uuid not null references evently.users on delete cascade,
  granted_by uuid references evently.users on delete set null,
  granted_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
comment on table evently.door_staff is
  E'@behavior -insert -update -delete\nUsers an admin allowed to check tickets in at one event''s door (evently.grant_door_staff).';
create index door_staff_user_idx on evently.door_staff (user_id);
create index door_staff_granted_by_idx on evently.door_staff (granted_by);
alter table evently.door_staff enable row level security;
create policy select_own_or_admin on evently.door_staff for select
  using (user_id = evently.current_user_id() or evently.current_user_is_admin());
grant select (event_id, user_id, granted_by, granted_at) on evently.door_staff to evently_user;

-- What the door sees after a scan: the ticket, its event and holder (never the holder's email).
create type evently.check_in_result as (
  ticket_id uuid,
  code text,
  event_id uuid,
  event_name text,
  booking_id uuid,
  holder_name text,
  seat_label text,
  checked_in_at timestamptz,
  checked_in_by uuid
);
