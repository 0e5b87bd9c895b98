--! Previous: sha1:fce3f176b90e866474b0710f363695558a71063b
--! Hash: sha1:a2aaf6f648cead6417c790bd672f7bca456fe82b

-- Foreign keys to the rows a booking contends for are checked at commit, not at insert
-- (issue 15). A booking writes its booking, tickets and outbox rows before it takes the hot
-- event row (so the row stays locked only for the counter update and the commit); an
-- immediate check of each of those rows' event_id took FOR KEY SHARE on the event row while
-- other transactions held it for update, so every version of a hot event's row carried a
-- MultiXact of all its waiting buyers, and every read of that row resolved it
-- (GetMultiXactIdMembers: 8 % of PostgreSQL's CPU in a profile of one hot event). Checked
-- at commit, the transaction already holds the row for update: the check's key-share lock
-- never waits and makes no MultiXact. The guarantee is the same: a row pointing at a
-- missing event still cannot commit.
alter table evently.bookings alter constraint bookings_event_id_fkey deferrable initially deferred;
alter table evently.tickets alter constraint tickets_event_id_fkey deferrable initially deferred;
alter table evently.notifications alter constraint notifications_event_id_fkey deferrable initially deferred;
alter table evently.holds alter constraint holds_event_id_fkey deferrable initially deferred;
-- A booking's webhook event (when an endpoint wants booking.confirmed) is written before the
-- event row too.
alter table evently.webhook_events alter constraint webhook_events_event_id_fkey deferrable initially deferred;
-- The same for a ticket type's row, which its counter triggers update on every typed hold and
-- booking.
alter table evently.bookings alter constraint bookings_ticket_type_fk deferrable initially deferred;
alter table evently.holds alter constraint holds_ticket_type_fk deferrable initially deferred;
