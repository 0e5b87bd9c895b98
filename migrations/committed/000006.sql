--! Previous: sha1:8ee7ccf8f117e1324dafbb7e53f38803df499eb0
--! Hash: sha1:cb9f4a98f54e6e1e166ce24da9cebd7f967c48d1

-- The invariant oracle (evently_private.invariant_violations) also checks tickets and seats
-- against the hold and booking rows; reconciliation records those too.
alter table evently.counter_mismatches drop constraint counter_mismatches_counter;
alter table evently.counter_mismatches add constraint counter_mismatches_counter
  check (counter in ('held', 'booked', 'waiting', 'tickets_valid', 'seats_held', 'seats_booked', 'seats_orphaned',
                     'seat_tickets', 'hold_seats'));
