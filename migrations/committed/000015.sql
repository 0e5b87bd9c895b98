--! Previous: sha1:fce3f176b90e866474b0710f363695558a71063b
--! Hash: sha1:07f41d614ab7b942aed28fd5e76f4e4200585400

-- Foreign keys to the rows a booking contends for are checked at commit, not at insert
-- (issue 15). A booking writes its booking, tickets and outbox rows before it takes the hot
-- event row (so the row stays locked only for the counter update and the commit); an
-- immediate check of each of those rows' event_id took FOR KEY SHARE on the event row while
-- other transactions held it for update, so every version of a hot event's row carried a
-- MultiXact of all its waiting buyers, and every read of that row resolved it
-- (GetMultiXactIdMembers: 8 % of PostgreSQL's CPU in a profile of one hot event). Checked
-- at commit, the transaction already holds the row for update, so the check takes no lock.
-- The guarantee is the same: a row pointing at a missing event still cannot commit.
alter table evently.bookings alter constraint bookings_event_id_fkey deferrable initially deferred;
alter table evently.tickets alter constraint tickets_event_id_fkey deferrable initially deferred;
alter table evently.notifications alter constraint notifications_event_id_fkey deferrable initially deferred;
alter table evently.holds alter constraint holds_event_id_fkey deferrable initially deferred;
-- The same for a ticket type's row, which its counter triggers update on every typed hold and
-- booking.
alter table evently.bookings alter constraint bookings_ticket_type_fk deferrable initially deferred;
alter table evently.holds alter constraint holds_ticket_type_fk deferrable initially deferred;
