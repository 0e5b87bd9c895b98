-- The benchmark's comparison strategies. Created only in the benchmark's own database
-- (bench/database.ts), never by migrations/ or functions/: they exist to show what
-- Evently's conditional update avoids, and `naive` oversells on purpose.
-- Each strategy is one function so every strategy costs one round trip, like
-- evently.book_tickets; refusals raise EVSLD (sold out) like the product does.
drop schema if exists bench cascade;
create schema bench;

create table bench.events (
  id uuid primary key,
  capacity integer not null,
  -- No CHECK (booked <= capacity) on purpose: the backstop would turn naive's
  -- oversell into errors and hide it. The invariant check counts it instead.
  booked integer not null default 0,
  version integer not null default 0
);

create table bench.bookings (
  id bigint generated always as identity primary key,
  event_id uuid not null references bench.events,
  user_id uuid not null,
  quantity integer not null,
  created_at timestamptz not null default now()
);
create index bookings_event_idx on bench.bookings (event_id);

-- naive: read the count, then write. Two concurrent buyers both read "1 left" and both
-- insert: the classic oversell. The counter is incremented atomically, so only the
-- oversell (rows > capacity) shows, not lost updates as well.
create function bench.book_naive(p_event_id uuid, p_user_id uuid, p_quantity integer) returns bigint
  language plpgsql volatile as $$
declare
  v_capacity integer;
  v_sold integer;
  v_id bigint;
begin
  select capacity into v_capacity from bench.events where id = p_event_id;
  select coalesce(sum(quantity), 0) into v_sold from bench.bookings where event_id = p_event_id;
  if v_sold + p_quantity > v_capacity then
    raise exception 'Sold out' using errcode = 'EVSLD';
  end if;
  insert into bench.bookings (event_id, user_id, quantity) values (p_event_id, p_user_id, p_quantity) returning id into v_id;
  update bench.events set booked = booked + p_quantity where id = p_event_id;
  return v_id;
end;
$$;

-- pessimistic: lock the event row first (SELECT ... FOR UPDATE), so check and write are
-- serialized per event; correct, but every buyer of a hot event queues on one lock for
-- the whole transaction.
create function bench.book_pessimistic(p_event_id uuid, p_user_id uuid, p_quantity integer) returns bigint
  language plpgsql volatile as $$
declare
  v_event bench.events;
  v_id bigint;
begin
  select * into v_event from bench.events where id = p_event_id for update;
  if v_event.booked + p_quantity > v_event.capacity then
    raise exception 'Sold out' using errcode = 'EVSLD';
  end if;
  insert into bench.bookings (event_id, user_id, quantity) values (p_event_id, p_user_id, p_quantity) returning id into v_id;
  update bench.events set booked = booked + p_quantity where id = p_event_id;
  return v_id;
end;
$$;

-- optimistic: read without a lock, write only if the version is unchanged, otherwise
-- re-read and retry. Correct; under contention most attempts lose and retry. After
-- 100 lost attempts it gives up with EVCNF (reported as an error, not a refusal).
create function bench.book_optimistic(p_event_id uuid, p_user_id uuid, p_quantity integer) returns bigint
  language plpgsql volatile as $$
declare
  v_event bench.events;
  v_id bigint;
begin
  for v_attempt in 1..100 loop
    select * into v_event from bench.events where id = p_event_id;
    if v_event.booked + p_quantity > v_event.capacity then
      raise exception 'Sold out' using errcode = 'EVSLD';
    end if;
    update bench.events set booked = booked + p_quantity, version = version + 1
     where id = p_event_id and version = v_event.version;
    if found then
      insert into bench.bookings (event_id, user_id, quantity) values (p_event_id, p_user_id, p_quantity) returning id into v_id;
      return v_id;
    end if;
  end loop;
  raise exception 'Gave up after 100 version conflicts' using errcode = 'EVCNF';
end;
$$;

-- L_min: the least a correct booking can do, one conditional UPDATE of the counter and
-- one INSERT, in PL/pgSQL. Measured by pgbench on the same server in the same run as
-- L_hot (ceiling/pgbench.ts), so L_hot ÷ L_min is what Evently's own hot path costs.
create function bench.book_min(p_event_id uuid, p_user_id uuid, p_quantity integer) returns bigint
  language plpgsql volatile as $$
declare
  v_id bigint;
begin
  update bench.events set booked = booked + p_quantity
   where id = p_event_id and booked + p_quantity <= capacity;
  if not found then
    raise exception 'Sold out' using errcode = 'EVSLD';
  end if;
  insert into bench.bookings (event_id, user_id, quantity) values (p_event_id, p_user_id, p_quantity) returning id into v_id;
  return v_id;
end;
$$;
