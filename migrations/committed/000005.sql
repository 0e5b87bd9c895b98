--! Previous: sha1:1604d1244906e3bbfd3009f5f47d2dca4de1ceee
--! Hash: sha1:8c3adf1b196ceb0d9b31331ecc0bc997ef5f7ff0

-- The invariant oracle (evently_private.invariant_violations) also checks tickets and seats
-- against the hold and booking rows; reconciliation records those too.
alter table evently.counter_mismatches drop constraint counter_mismatches_counter;
alter table evently.counter_mismatches add constraint counter_mismatches_counter
  check (counter in ('held', 'booked', 'waiting', 'tickets_valid', 'seats_held', 'seats_booked', 'seats_orphaned',
                     'seat_tickets', 'hold_seats'));
