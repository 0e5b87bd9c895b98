--! Previous: sha1:bc673075be5a12f9a822533b51b47198d406c5a2
--! Hash: sha1:a0d3d92780a8a24ca578084a024fb249acbe7fb9

-- Per-type waitlists (issue 13, part 1): on an event with ticket types a waitlist entry
-- names the type it waits for, and freed tickets of a type go to that type's line first.
-- events.waiting still counts every waiting entry of the event (the reconciler's pair is
-- unchanged); ticket_types.waiting counts the entries of one type, kept by trigger like
-- the type's held and booked counters, so no path that ends an entry can forget it.

-- issue_booking's `p_type evently.ticket_types default null` depends on the row type, and
-- PostgreSQL refuses to add a column to a table whose row type a function default uses. The
-- deploy re-creates every function from functions/ in this same transaction.
drop function if exists evently_private.issue_booking(evently.events, uuid, integer, uuid, evently.ticket_types);

alter table evently.waitlist_entries add column ticket_type_id uuid;
comment on column evently.waitlist_entries.ticket_type_id is
  E'The ticket type waited for (null: the event has no ticket types).';
alter table evently.waitlist_entries add constraint waitlist_entries_ticket_type_fk
  foreign key (ticket_type_id, event_id) references evently.ticket_types (id, event_id) not valid;
alter table evently.waitlist_entries validate constraint waitlist_entries_ticket_type_fk;

alter table evently.ticket_types
  add column waiting integer not null default 0 constraint ticket_types_waiting check (waiting >= 0);
comment on column evently.ticket_types.waiting is
  E'Waiting waitlist entries for this type (reconciled against evently.waitlist_entries). While any wait, the type''s freed tickets are offered to them, not sold.';
grant select (waiting) on evently.ticket_types to evently_anonymous, evently_user;

-- One live entry per user, event and type (a user may wait for two types of one event;
-- null = an event without types, still one entry).
create unique index waitlist_live_user_type_idx on evently.waitlist_entries (event_id, user_id, ticket_type_id)
  nulls not distinct where status in ('waiting', 'offered');
drop index evently.waitlist_live_user_idx;

-- The trigger function's readable source is functions/tickettypes/count_ticket_type_waiting.sql
-- (re-applied by every deploy); it is created here because the trigger needs it first.
create or replace function evently_private.count_ticket_type_waiting() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  if tg_op = 'INSERT' then
    if new.status = 'waiting' then
      update evently.ticket_types t set waiting = t.waiting + 1 where t.id = new.ticket_type_id and t.event_id = new.event_id;
    end if;
  elsif old.status = 'waiting' and new.status <> 'waiting' then
    update evently.ticket_types t set waiting = t.waiting - 1 where t.id = old.ticket_type_id and t.event_id = old.event_id;
  end if;
  return null;
end;
$$;
revoke all on function evently_private.count_ticket_type_waiting() from public;
create trigger waitlist_entries_count_ticket_type
  after insert or update of status on evently.waitlist_entries
  for each row when (new.ticket_type_id is not null)
  execute function evently_private.count_ticket_type_waiting();
