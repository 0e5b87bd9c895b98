--! Previous: sha1:2683f78de0eacb1c7ff82ec9b41ce60d38cc5158
--! Hash: sha1:596e39514866e3f5a8fd7eb4b1160c9dcc2c68ca

-- The invariant oracle (evently_private.invariant_violations) also checks tickets and seats
-- against the hold and booking rows; reconciliation records those too.
alter table evently.counter_mismatches drop constraint counter_mismatches_counter;
alter table evently.counter_mismatches add constraint counter_mismatches_counter
  check (counter in ('held', 'booked', 'waiting', 'tickets_valid', 'seats_held', 'seats_booked', 'seats_orphaned',
                     'seat_tickets', 'hold_seats'));
