--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: evently; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA evently;

--
-- Name: evently_ops; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA evently_ops;

--
-- Name: evently_private; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA evently_private;

--
-- Name: citext; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;

--
-- Name: EXTENSION citext; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';

--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';

--
-- Name: check_in_result; Type: TYPE; Schema: evently; Owner: -
--

CREATE TYPE evently.check_in_result AS (
	ticket_id uuid,
	code text,
	event_id uuid,
	event_name text,
	booking_id uuid,
	holder_name text,
	seat_label text,
	checked_in_at timestamp with time zone,
	checked_in_by uuid
);

--
-- Name: jwt_token; Type: TYPE; Schema: evently; Owner: -
--

CREATE TYPE evently.jwt_token AS (
	role text,
	user_id uuid,
	exp bigint
);

--
-- Name: seat_info; Type: TYPE; Schema: evently; Owner: -
--

CREATE TYPE evently.seat_info AS (
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

--
-- Name: webhook_endpoint_secret; Type: TYPE; Schema: evently; Owner: -
--

CREATE TYPE evently.webhook_endpoint_secret AS (
	id uuid,
	url text,
	event_types text[],
	description text,
	active boolean,
	created_at timestamp with time zone,
	secret text
);

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: venue_seats; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.venue_seats (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    venue_id uuid NOT NULL,
    section text NOT NULL,
    row_label text NOT NULL,
    seat_number integer NOT NULL,
    label text NOT NULL,
    x numeric NOT NULL,
    y numeric NOT NULL,
    category text DEFAULT 'standard'::text NOT NULL,
    row_rank integer NOT NULL,
    seat_rank integer DEFAULT 0 NOT NULL,
    CONSTRAINT venue_seats_category_length CHECK (((length(btrim(category)) >= 1) AND (length(btrim(category)) <= 50))),
    CONSTRAINT venue_seats_number_positive CHECK ((seat_number > 0)),
    CONSTRAINT venue_seats_row_length CHECK (((length(btrim(row_label)) >= 1) AND (length(btrim(row_label)) <= 20))),
    CONSTRAINT venue_seats_section_length CHECK (((length(btrim(section)) >= 1) AND (length(btrim(section)) <= 100)))
);

--
-- Name: TABLE venue_seats; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.venue_seats IS '@behavior -insert -update -delete
The seats of a venue''s layout, copied into event_seats when a reserved-seating event is created.';

--
-- Name: add_seats(uuid, text, integer, integer, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.add_seats(venue_id uuid, section text, rows integer, seats_per_row integer, category text DEFAULT 'standard'::text) RETURNS SETOF evently.venue_seats
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_x_offset numeric;
begin
  if not exists (select 1 from evently.venues v where v.id = add_seats.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if add_seats.section is null or length(btrim(add_seats.section)) not between 1 and 100 then
    raise exception 'section must be 1 to 100 characters' using errcode = 'EVLAY', detail = 'section';
  end if;
  if add_seats.rows is null or add_seats.rows not between 1 and 200 then
    raise exception 'rows must be from 1 to 200' using errcode = 'EVLAY', detail = 'rows';
  end if;
  if add_seats.seats_per_row is null or add_seats.seats_per_row not between 1 and 500 then
    raise exception 'seats_per_row must be from 1 to 500' using errcode = 'EVLAY', detail = 'seats_per_row';
  end if;
  if add_seats.category is null or length(btrim(add_seats.category)) not between 1 and 50 then
    raise exception 'category must be 1 to 50 characters' using errcode = 'EVLAY', detail = 'category';
  end if;
  -- Serialize layout changes of one venue (the section check and x offset below).
  perform 1 from evently.venues v where v.id = add_seats.venue_id for update;
  if exists (select 1 from evently.venue_seats s where s.venue_id = add_seats.venue_id and s.section = btrim(add_seats.section)) then
    raise exception 'Section "%" already exists in this venue', btrim(add_seats.section) using errcode = 'EVLAY', detail = 'section';
  end if;
  -- Sections are drawn side by side, two units apart.
  select coalesce(max(s.x) + 2, 0) into v_x_offset from evently.venue_seats s where s.venue_id = add_seats.venue_id;
  return query
  insert into evently.venue_seats (venue_id, section, row_label, seat_number, label, x, y, category, row_rank, seat_rank)
  select add_seats.venue_id, btrim(add_seats.section), evently_private.row_label(r), n,
         format('%s %s%s', btrim(add_seats.section), evently_private.row_label(r), n),
         v_x_offset + n, r, btrim(add_seats.category),
         r,                                    -- front rows first
         abs(2 * n - (add_seats.seats_per_row + 1)) -- centre seats first
    from generate_series(1, add_seats.rows) r, generate_series(1, add_seats.seats_per_row) n
  returning *;
end;
$$;

--
-- Name: FUNCTION add_seats(venue_id uuid, section text, rows integer, seats_per_row integer, category text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.add_seats(venue_id uuid, section text, rows integer, seats_per_row integer, category text) IS 'Admin: adds a rectangular section (rows A, B, ... of seats 1..seats_per_row) to a venue''s layout and returns the seats. Row A is the best row; centre seats rank before aisle seats. Errors: EVAUT, EVFBD, EVNFD, EVLAY (detail names the argument).';

--
-- Name: analytics_check_ins(timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.analytics_check_ins(starts_after timestamp with time zone DEFAULT NULL::timestamp with time zone, starts_before timestamp with time zone DEFAULT NULL::timestamp with time zone, max_rows integer DEFAULT 100) RETURNS TABLE(event_id uuid, name text, starts_at timestamp with time zone, status text, tickets integer, checked_in integer, check_in_rate double precision, last_check_in_at timestamp with time zone)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  perform evently_private.require_admin();
  if max_rows is null or max_rows not between 1 and 1000 then
    raise exception 'max_rows must be from 1 to 1000' using errcode = 'EVINV', detail = 'max_rows';
  end if;
  -- Events in start order; tickets are the valid ones (tickets_event_idx), check-ins
  -- those of them marked at the door.
  return query
  select e.id, e.name, e.starts_at, e.status, c.tickets, c.checked_in,
         case when c.tickets > 0 then round(c.checked_in::numeric / c.tickets, 4)::double precision end,
         c.last_at
    from evently.events e
    cross join lateral (
      select count(*)::integer as tickets,
             count(*) filter (where t.checked_in_at is not null)::integer as checked_in,
             max(t.checked_in_at) as last_at
        from evently.tickets t where t.event_id = e.id and t.status = 'valid'
    ) c
   where (analytics_check_ins.starts_after is null or e.starts_at >= analytics_check_ins.starts_after)
     and (analytics_check_ins.starts_before is null or e.starts_at < analytics_check_ins.starts_before)
   order by e.starts_at, e.id
   limit analytics_check_ins.max_rows;
end;
$$;

--
-- Name: FUNCTION analytics_check_ins(starts_after timestamp with time zone, starts_before timestamp with time zone, max_rows integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.analytics_check_ins(starts_after timestamp with time zone, starts_before timestamp with time zone, max_rows integer) IS 'Admin: per event (optionally only those starting in [starts_after, starts_before)), in start order, at most max_rows (1-1000): valid tickets, how many are checked in at the door, the share (null without tickets) and the latest check-in. Errors: EVAUT, EVFBD, EVINV.';

--
-- Name: analytics_daily(date, date); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.analytics_daily(since date DEFAULT (((now() AT TIME ZONE 'UTC'::text))::date - 29), until date DEFAULT ((now() AT TIME ZONE 'UTC'::text))::date) RETURNS TABLE(day date, bookings integer, tickets integer, revenue_cents bigint, cancellations integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  perform evently_private.require_admin();
  if since is null or until is null or until < since or until - since > 366 then
    raise exception 'until must be on or after since, at most 366 days later' using errcode = 'EVINV', detail = 'until';
  end if;
  -- Days are UTC. Bookings count on the day they were made (whatever happened later);
  -- revenue only for those still confirmed; cancellations on the day they were cancelled.
  return query
  with made as (
    select (b.created_at at time zone 'UTC')::date as d, count(*)::integer as n, sum(b.quantity)::integer as q,
           coalesce(sum(b.total_cents) filter (where b.status = 'confirmed'), 0)::bigint as cents
      from evently.bookings b
     where b.created_at >= (since::timestamp at time zone 'UTC')
       and b.created_at < ((until + 1)::timestamp at time zone 'UTC')
     group by 1
  ), cancelled as (
    select (b.cancelled_at at time zone 'UTC')::date as d, count(*)::integer as n
      from evently.bookings b
     where b.cancelled_at >= (since::timestamp at time zone 'UTC')
       and b.cancelled_at < ((until + 1)::timestamp at time zone 'UTC')
     group by 1
  )
  select g.d::date, coalesce(made.n, 0), coalesce(made.q, 0), coalesce(made.cents, 0::bigint), coalesce(cancelled.n, 0)
    from generate_series(since, until, interval '1 day') g(d)
    left join made on made.d = g.d::date
    left join cancelled on cancelled.d = g.d::date
   order by 1;
end;
$$;

--
-- Name: FUNCTION analytics_daily(since date, until date); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.analytics_daily(since date, until date) IS 'Admin: per UTC day from since to until (inclusive, at most 366 days; default the last 30): bookings made and their tickets, revenue of those still confirmed, and cancellations made that day. Errors: EVAUT, EVFBD, EVINV.';

--
-- Name: analytics_events(text, integer, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.analytics_events(order_by text DEFAULT 'tickets'::text, max_rows integer DEFAULT 10, starts_after timestamp with time zone DEFAULT NULL::timestamp with time zone, starts_before timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(event_id uuid, name text, starts_at timestamp with time zone, status text, capacity integer, tickets_sold integer, revenue_cents bigint, utilization double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  perform evently_private.require_admin();
  if order_by is null or order_by not in ('tickets', 'revenue', 'utilization') then
    raise exception 'order_by must be tickets, revenue or utilization' using errcode = 'EVINV', detail = 'order_by';
  end if;
  if max_rows is null or max_rows not between 1 and 100 then
    raise exception 'max_rows must be from 1 to 100' using errcode = 'EVINV', detail = 'max_rows';
  end if;
  -- tickets_sold is the events.booked counter (always equal to the confirmed bookings'
  -- tickets); revenue sums the confirmed bookings (prices may change after a sale)
  -- from the covering index bookings_event_confirmed_idx.
  return query
  select x.id, x.name, x.starts_at, x.status, x.capacity, x.booked, x.revenue, x.util
    from (
      select e.id, e.name, e.starts_at, e.status, e.capacity, e.booked,
             coalesce((select sum(b.total_cents) from evently.bookings b
                        where b.event_id = e.id and b.status = 'confirmed'), 0)::bigint as revenue,
             case when e.capacity > 0 then round(e.booked::numeric / e.capacity, 4)::double precision
                  else 0 end as util
        from evently.events e
       where (analytics_events.starts_after is null or e.starts_at >= analytics_events.starts_after)
         and (analytics_events.starts_before is null or e.starts_at < analytics_events.starts_before)
    ) x
   order by case analytics_events.order_by
              when 'tickets' then x.booked::double precision
              when 'revenue' then x.revenue::double precision
              else x.util
            end desc, x.starts_at, x.id
   limit analytics_events.max_rows;
end;
$$;

--
-- Name: FUNCTION analytics_events(order_by text, max_rows integer, starts_after timestamp with time zone, starts_before timestamp with time zone); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.analytics_events(order_by text, max_rows integer, starts_after timestamp with time zone, starts_before timestamp with time zone) IS 'Admin: top events (optionally only those starting in [starts_after, starts_before)) by tickets sold, revenue of confirmed bookings or capacity utilization (booked / capacity), at most max_rows (1-100). Errors: EVAUT, EVFBD, EVINV.';

--
-- Name: analytics_summary(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.analytics_summary(since timestamp with time zone DEFAULT (now() - '30 days'::interval), until timestamp with time zone DEFAULT now(), OUT bookings_created integer, OUT bookings_cancelled integer, OUT tickets_sold integer, OUT revenue_cents bigint, OUT cancellation_rate double precision, OUT holds_created integer, OUT holds_confirmed integer, OUT hold_conversion_rate double precision) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  perform evently_private.require_admin();
  if since is null or until is null or until <= since then
    raise exception 'until must be after since' using errcode = 'EVINV', detail = 'until';
  end if;
  -- security definer: one admin check here instead of the RLS policy's per-row check
  -- over millions of bookings. Range scans on bookings_created_idx / holds_created_idx.
  select count(*)::integer,
         count(*) filter (where b.status = 'cancelled')::integer,
         coalesce(sum(b.quantity) filter (where b.status = 'confirmed'), 0)::integer,
         coalesce(sum(b.total_cents) filter (where b.status = 'confirmed'), 0)::bigint
    into bookings_created, bookings_cancelled, tickets_sold, revenue_cents
    from evently.bookings b
   where b.created_at >= since and b.created_at < until;
  cancellation_rate := case when bookings_created > 0
                            then round(bookings_cancelled::numeric / bookings_created, 4)::double precision end;
  select count(*)::integer, count(*) filter (where h.status = 'confirmed')::integer
    into holds_created, holds_confirmed
    from evently.holds h
   where h.created_at >= since and h.created_at < until;
  hold_conversion_rate := case when holds_created > 0
                               then round(holds_confirmed::numeric / holds_created, 4)::double precision end;
end;
$$;

--
-- Name: FUNCTION analytics_summary(since timestamp with time zone, until timestamp with time zone, OUT bookings_created integer, OUT bookings_cancelled integer, OUT tickets_sold integer, OUT revenue_cents bigint, OUT cancellation_rate double precision, OUT holds_created integer, OUT holds_confirmed integer, OUT hold_conversion_rate double precision); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.analytics_summary(since timestamp with time zone, until timestamp with time zone, OUT bookings_created integer, OUT bookings_cancelled integer, OUT tickets_sold integer, OUT revenue_cents bigint, OUT cancellation_rate double precision, OUT holds_created integer, OUT holds_confirmed integer, OUT hold_conversion_rate double precision) IS 'Admin: bookings created in [since, until) (default the last 30 days): how many, how many are now cancelled, tickets and revenue of those still confirmed, cancellation rate; holds created and the share confirmed (hold-to-booking conversion). Rates are null when nothing was created. Errors: EVAUT, EVFBD, EVINV.';

--
-- Name: analytics_ticket_types(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.analytics_ticket_types(event_id uuid) RETURNS TABLE(ticket_type_id uuid, name text, price_cents integer, capacity integer, held integer, booked integer, available integer, bookings integer, cancelled_bookings integer, revenue_cents bigint, sell_through double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  perform evently_private.require_admin();
  if not exists (select 1 from evently.events e where e.id = analytics_ticket_types.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  -- Per type, in the event's order: its counters, and its bookings (bookings_ticket_type_idx).
  return query
  select t.id, t.name, t.price_cents, t.capacity, t.held, t.booked, evently.ticket_types_available(t),
         b.confirmed, b.cancelled, b.revenue,
         round(t.booked::numeric / t.capacity, 4)::double precision
    from evently.ticket_types t
    cross join lateral (
      select count(*) filter (where x.status = 'confirmed')::integer as confirmed,
             count(*) filter (where x.status = 'cancelled')::integer as cancelled,
             coalesce(sum(x.total_cents) filter (where x.status = 'confirmed'), 0)::bigint as revenue
        from evently.bookings x where x.ticket_type_id = t.id
    ) b
   where t.event_id = analytics_ticket_types.event_id
   order by t.sort_order, t.name;
end;
$$;

--
-- Name: FUNCTION analytics_ticket_types(event_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.analytics_ticket_types(event_id uuid) IS 'Admin: the event''s sales by ticket type: price, capacity, held, booked, available now, confirmed and cancelled bookings, revenue (confirmed) and sell-through (booked / capacity). Errors: EVAUT, EVFBD, EVNFD.';

--
-- Name: authenticate(text, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.authenticate(email text, password text) RETURNS evently.jwt_token
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user evently.users;
  v_hash text;
begin
  select u.* into v_user from evently.users u where u.email = authenticate.email::citext;
  select s.password_hash into v_hash from evently_private.user_secrets s where s.user_id = v_user.id;
  -- Hash even for unknown emails so response time does not reveal which emails exist.
  if v_hash is null then
    perform crypt(coalesce(authenticate.password, ''), gen_salt('bf', 10));
    raise exception 'Incorrect email or password' using errcode = 'EVCRD';
  end if;
  if crypt(coalesce(authenticate.password, ''), v_hash) <> v_hash then
    raise exception 'Incorrect email or password' using errcode = 'EVCRD';
  end if;
  return (
    case when v_user.role = 'admin' then 'evently_admin' else 'evently_user' end,
    v_user.id,
    extract(epoch from now() + interval '1 day')::bigint
  )::evently.jwt_token;
end;
$$;

--
-- Name: FUNCTION authenticate(email text, password text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.authenticate(email text, password text) IS 'Checks email and password and returns a JWT (role, user_id, exp = 24 hours). Error: EVCRD. Errors: EVCRD.';

--
-- Name: bookings; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.bookings (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    hold_id uuid,
    quantity integer NOT NULL,
    total_cents integer NOT NULL,
    status text DEFAULT 'confirmed'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    cancelled_at timestamp with time zone,
    ticket_type_id uuid,
    CONSTRAINT bookings_cancelled_at CHECK (((status = 'cancelled'::text) = (cancelled_at IS NOT NULL))),
    CONSTRAINT bookings_quantity_positive CHECK ((quantity > 0)),
    CONSTRAINT bookings_status CHECK ((status = ANY (ARRAY['confirmed'::text, 'cancelled'::text]))),
    CONSTRAINT bookings_total_nonnegative CHECK ((total_cents >= 0))
);

--
-- Name: TABLE bookings; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.bookings IS '@behavior -insert -update -delete
Confirmed (or later cancelled) tickets of one user for one event.';

--
-- Name: COLUMN bookings.ticket_type_id; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.bookings.ticket_type_id IS 'The ticket type booked (null: the event has no ticket types).';

--
-- Name: book_ticket_type(uuid, integer, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text DEFAULT NULL::text) RETURNS evently.bookings
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_booking_id uuid;
  v_event evently.events;
  v_type evently.ticket_types;
  v_booking evently.bookings;
begin
  if book_ticket_type.ticket_type_id is null then
    raise exception 'ticket_type_id is required' using errcode = 'EVINV', detail = 'ticket_type_id';
  end if;
  v_booking_id := evently_private.idempotency_begin(v_user_id, book_ticket_type.idempotency_key,
    jsonb_build_object('function', 'book_ticket_type', 'ticket_type_id', book_ticket_type.ticket_type_id,
                       'quantity', book_ticket_type.quantity));
  if v_booking_id is not null then
    select * into v_booking from evently.bookings where id = v_booking_id;
    return v_booking;
  end if;
  select * into v_type from evently.ticket_types t where t.id = book_ticket_type.ticket_type_id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  v_event := evently_private.bookable_event(v_type.event_id);
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  v_type := evently_private.ticket_type_for(v_event, book_ticket_type.ticket_type_id);
  v_booking := evently_private.book_typed(v_event, v_type, v_user_id, book_ticket_type.quantity);
  if book_ticket_type.idempotency_key is not null then
    perform evently_private.idempotency_finish(v_user_id, book_ticket_type.idempotency_key, v_booking.id);
  end if;
  return v_booking;
end;
$$;

--
-- Name: FUNCTION book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text) IS 'Books quantity tickets of one ticket type for the current user in one step, at the type''s price; never beyond the type''s capacity nor the event''s. With idempotency_key, retries return the same booking; the same key with other parameters raises EVIDM. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVTSW, EVIDM, EVIDK, EVQAD.';

--
-- Name: book_tickets(uuid, integer, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.book_tickets(event_id uuid, quantity integer, idempotency_key text DEFAULT NULL::text) RETURNS evently.bookings
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_booking_id uuid;
  v_event evently.events;
  v_booking evently.bookings;
  v_type evently.ticket_types;
begin
  select * into v_event from evently.events e where e.id = book_tickets.event_id;
  -- The common case (general admission, tickets looking free, nothing else with a rule), with
  -- as few statements as the guarantees allow: it is what a rush is made of.
  if evently_private.books_at_once(v_event, book_tickets.quantity, book_tickets.idempotency_key) then
    perform evently_private.lock_user_tickets(v_event.id, v_user_id);
    -- A key already used goes the general way: idempotency_begin replays it or raises EVIDM.
    -- Under the lock, a retry of this request made by another transaction is committed and
    -- seen here.
    if book_tickets.idempotency_key is null
       or not exists (select 1 from evently_private.idempotency_keys k
                       where k.user_id = v_user_id and k.idempotency_key = book_tickets.idempotency_key) then
      if evently_private.live_tickets(v_event.id, v_user_id) + book_tickets.quantity > v_event.max_tickets_per_user then
        perform evently_private.lock_and_check_ticket_limit(v_event, v_user_id, book_tickets.quantity); -- raises EVLIM
      end if;
      -- The booking, tickets, outbox row and key first; the contended event row last, so its
      -- lock is held only for the counter update and the commit. The conditional update
      -- still decides: if it refuses, all of it rolls back.
      v_booking := evently_private.issue_booking(v_event, v_user_id, book_tickets.quantity, null);
      if book_tickets.idempotency_key is not null then
        perform evently_private.idempotency_record(v_user_id, book_tickets.idempotency_key,
          evently_private.book_tickets_request(v_event.id, book_tickets.quantity), v_booking.id);
      end if;
      perform evently_private.take_capacity(v_event.id, book_tickets.quantity, 'booked');
      return v_booking;
    end if;
  end if;
  -- Sold out already: refused from the snapshot, without writing or queueing for the event row.
  perform evently_private.refuse_if_sold_out(v_event, v_user_id, book_tickets.quantity, book_tickets.idempotency_key);
  -- With a key, the user's lock comes before the key is claimed, as in a batch
  -- (book_tickets_batch locks every user first): a retry that claimed the key and then waited
  -- for the lock a batch holds, while the batch waits for that key, would deadlock.
  if book_tickets.idempotency_key is not null then
    perform evently_private.lock_user_tickets(book_tickets.event_id, v_user_id);
  end if;
  v_booking_id := evently_private.idempotency_begin(v_user_id, book_tickets.idempotency_key,
    evently_private.book_tickets_request(book_tickets.event_id, book_tickets.quantity));
  if v_booking_id is not null then
    select * into v_booking from evently.bookings where id = v_booking_id;
    return v_booking;
  end if;
  v_event := evently_private.bookable_event(book_tickets.event_id);
  -- A replay above needs no admission: the booking was made when it was current.
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- An event with ticket types: its only type (several: EVTTR, name one with book_ticket_type).
  v_type := evently_private.ticket_type_for(v_event, null);
  if v_type.id is not null then
    v_booking := evently_private.book_typed(v_event, v_type, v_user_id, book_tickets.quantity);
  elsif v_event.seating = 'reserved' then
    -- Best available seats, held and confirmed in this transaction.
    v_booking := evently_private.convert_hold(evently_private.place_hold(v_event, v_user_id, book_tickets.quantity));
  else
    -- Looked sold out or waitlisted (or a refusal of the request's own shape): refuse before
    -- writing anything (take_capacity may still find tickets in expired holds). Hold and
    -- confirm in one transaction: the tickets go straight to booked, so no hold row or
    -- expiry job is needed.
    perform evently_private.lock_and_check_ticket_limit(v_event, v_user_id, book_tickets.quantity);
    perform evently_private.take_capacity(v_event.id, book_tickets.quantity, 'booked');
    v_booking := evently_private.issue_booking(v_event, v_user_id, book_tickets.quantity, null);
  end if;
  if book_tickets.idempotency_key is not null then
    perform evently_private.idempotency_finish(v_user_id, book_tickets.idempotency_key, v_booking.id);
  end if;
  return v_booking;
end;
$$;

--
-- Name: FUNCTION book_tickets(event_id uuid, quantity integer, idempotency_key text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.book_tickets(event_id uuid, quantity integer, idempotency_key text) IS 'Books quantity tickets for the current user in one step (the best available seats on a reserved-seating event; the only ticket type of an event with types). With idempotency_key, retries of the same request return the same booking (also concurrently); the same key with other parameters raises EVIDM. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVIDM, EVIDK, EVTSW, EVTTR, EVQAD.';

--
-- Name: booking_stats(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.booking_stats(OUT events_upcoming integer, OUT events_sold_out integer, OUT tickets_sold integer, OUT tickets_held integer, OUT bookings_last_24h integer, OUT cancellations_last_24h integer, OUT revenue_cents_last_24h bigint) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  perform evently_private.require_admin();
  -- Upcoming published events only: the counters are maintained by the booking
  -- functions, so this reads events rows, not millions of bookings.
  select count(*)::integer,
         count(*) filter (where e.capacity - e.booked - e.held <= 0 or e.waiting > 0)::integer,
         coalesce(sum(e.booked), 0)::integer,
         coalesce(sum(e.held), 0)::integer
    into events_upcoming, events_sold_out, tickets_sold, tickets_held
    from evently.events e
   where e.status = 'published' and e.starts_at > now();
  select count(*)::integer, coalesce(sum(b.total_cents) filter (where b.status = 'confirmed'), 0)::bigint
    into bookings_last_24h, revenue_cents_last_24h
    from evently.bookings b where b.created_at >= now() - interval '24 hours';
  select count(*)::integer into cancellations_last_24h
    from evently.bookings b where b.cancelled_at >= now() - interval '24 hours';
end;
$$;

--
-- Name: FUNCTION booking_stats(OUT events_upcoming integer, OUT events_sold_out integer, OUT tickets_sold integer, OUT tickets_held integer, OUT bookings_last_24h integer, OUT cancellations_last_24h integer, OUT revenue_cents_last_24h bigint); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.booking_stats(OUT events_upcoming integer, OUT events_sold_out integer, OUT tickets_sold integer, OUT tickets_held integer, OUT bookings_last_24h integer, OUT cancellations_last_24h integer, OUT revenue_cents_last_24h bigint) IS 'Admin: a live summary for dashboards: upcoming published events, how many are sold out (counting held tickets, and any with people on the waitlist), tickets sold and held for them, and bookings, cancellations and revenue of the last 24 hours. Errors: EVAUT, EVFBD.';

--
-- Name: cancel_booking(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.cancel_booking(booking_id uuid) RETURNS evently.bookings
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_is_admin boolean := evently.current_user_is_admin();
  v_booking evently.bookings;
  v_event evently.events;
begin
  -- Lock order: event row, then the booking.
  select * into v_event from evently.events e
   where e.id = (select b.event_id from evently.bookings b where b.id = cancel_booking.booking_id)
     for no key update;
  select * into v_booking from evently.bookings b where b.id = cancel_booking.booking_id for update;
  -- Someone else's booking is "not found": its existence is not revealed.
  if not found or (v_booking.user_id <> v_user_id and not v_is_admin) then
    raise exception 'Booking not found' using errcode = 'EVNFD';
  end if;
  if v_booking.status = 'cancelled' then
    raise exception 'Booking is already cancelled' using errcode = 'EVBCN';
  end if;
  if v_event.starts_at <= now() and not v_is_admin then
    raise exception 'Event "%" has already started', v_event.name using errcode = 'EVPST';
  end if;
  update evently.bookings b set status = 'cancelled', cancelled_at = now()
   where b.id = v_booking.id
  returning * into v_booking;
  update evently.tickets t set status = 'cancelled' where t.booking_id = v_booking.id;
  update evently.event_seats s set status = 'available', booking_id = null where s.booking_id = v_booking.id;
  update evently.events e set booked = booked - v_booking.quantity where e.id = v_booking.event_id;
  perform evently_private.queue_notification(v_booking.user_id, 'booking_cancelled', v_booking.event_id,
    jsonb_build_object('booking_id', v_booking.id, 'quantity', v_booking.quantity));
  perform evently_private.promote_waitlist(v_booking.event_id);
  return v_booking;
end;
$$;

--
-- Name: FUNCTION cancel_booking(booking_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.cancel_booking(booking_id uuid) IS 'Cancels a confirmed booking (its owner before the event starts, or an admin); its tickets become void and go back on sale (seats too), to the waitlist first. Errors: EVAUT, EVNFD, EVBCN, EVPST.';

--
-- Name: events; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    venue_id uuid,
    name text NOT NULL,
    description text,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone,
    capacity integer NOT NULL,
    held integer DEFAULT 0 NOT NULL,
    booked integer DEFAULT 0 NOT NULL,
    price_cents integer DEFAULT 0 NOT NULL,
    hold_ttl interval DEFAULT '00:05:00'::interval NOT NULL,
    max_tickets_per_user integer DEFAULT 10 NOT NULL,
    status text DEFAULT 'published'::text NOT NULL,
    cancelled_at timestamp with time zone,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    seating text DEFAULT 'general'::text NOT NULL,
    offer_ttl interval DEFAULT '00:30:00'::interval NOT NULL,
    waitlist_seq bigint DEFAULT 0 NOT NULL,
    waiting integer DEFAULT 0 NOT NULL,
    CONSTRAINT events_cancelled_at CHECK (((status = 'cancelled'::text) = (cancelled_at IS NOT NULL))),
    CONSTRAINT events_capacity_positive CHECK ((capacity >= 0)),
    CONSTRAINT events_counters CHECK (((held >= 0) AND (booked >= 0) AND ((held + booked) <= capacity))),
    CONSTRAINT events_ends_after_start CHECK (((ends_at IS NULL) OR (ends_at > starts_at))),
    CONSTRAINT events_hold_ttl_range CHECK (((hold_ttl >= '00:00:10'::interval) AND (hold_ttl <= '1 day'::interval))),
    CONSTRAINT events_max_tickets_positive CHECK ((max_tickets_per_user >= 1)),
    CONSTRAINT events_name_length CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT events_offer_ttl_range CHECK (((offer_ttl >= '00:01:00'::interval) AND (offer_ttl <= '7 days'::interval))),
    CONSTRAINT events_price_nonnegative CHECK ((price_cents >= 0)),
    CONSTRAINT events_seating CHECK ((seating = ANY (ARRAY['general'::text, 'reserved'::text]))),
    CONSTRAINT events_status CHECK ((status = ANY (ARRAY['published'::text, 'cancelled'::text]))),
    CONSTRAINT events_waiting_nonnegative CHECK ((waiting >= 0))
);

--
-- Name: TABLE events; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.events IS '@behavior -insert -update -delete
Something people book tickets for. Counters held/booked always equal the active holds and confirmed bookings.';

--
-- Name: COLUMN events.held; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.events.held IS 'Tickets in active holds (including expired holds not yet released).';

--
-- Name: COLUMN events.booked; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.events.booked IS 'Tickets in confirmed bookings.';

--
-- Name: COLUMN events.seating; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.events.seating IS '''general'' (capacity only) or ''reserved'' (every ticket is a seat of event_seats; capacity = seat count).';

--
-- Name: COLUMN events.offer_ttl; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.events.offer_ttl IS 'How long a waitlist offer stays open (default 30 minutes).';

--
-- Name: COLUMN events.waiting; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.events.waiting IS 'Waiting waitlist entries (reconciled against evently.waitlist_entries).';

--
-- Name: cancel_event(uuid, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.cancel_event(event_id uuid, reason text DEFAULT NULL::text) RETURNS evently.events
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_holds integer;
  v_bookings integer;
  v_tickets integer;
begin
  -- Event row first: no hold or booking can slip in between the cancellations below
  -- and the counter reset.
  select * into v_event from evently.events e where e.id = cancel_event.event_id for no key update;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'Event "%" is already cancelled', v_event.name using errcode = 'EVECN';
  end if;
  -- Cancelled first: the holds closed below then offer nothing to the waitlist.
  update evently.events e set status = 'cancelled', cancelled_at = now(), updated_at = now()
   where e.id = v_event.id;
  select count(*) into v_holds
    from evently_private.close_holds(
      array(select h.id from evently.holds h where h.event_id = v_event.id and h.status = 'active'), 'cancelled');
  update evently.bookings b set status = 'cancelled', cancelled_at = now()
   where b.event_id = v_event.id and b.status = 'confirmed';
  get diagnostics v_bookings = row_count;
  update evently.tickets t set status = 'cancelled' where t.event_id = v_event.id and t.status = 'valid';
  get diagnostics v_tickets = row_count;
  update evently.waitlist_entries w set status = 'cancelled', updated_at = now()
   where w.event_id = v_event.id and w.status in ('waiting', 'offered');
  update evently.event_seats s set status = 'available', hold_id = null, booking_id = null
   where s.event_id = v_event.id and s.status <> 'available';
  update evently.events e set booked = 0, waiting = 0
   where e.id = v_event.id
  returning * into v_event;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'event.cancelled', 'event', v_event.id,
          jsonb_build_object('reason', cancel_event.reason, 'holds_cancelled', v_holds,
                             'bookings_cancelled', v_bookings, 'tickets_cancelled', v_tickets));
  perform evently_private.notify_event_holders(v_event.id, 'event_cancelled', jsonb_build_object('reason', cancel_event.reason));
  perform evently_private.queue_webhook_event('event.cancelled', v_event.id, jsonb_build_object(
    'event_id', v_event.id, 'name', v_event.name, 'starts_at', v_event.starts_at, 'reason', cancel_event.reason,
    'bookings_cancelled', v_bookings, 'tickets_cancelled', v_tickets));
  return v_event;
end;
$$;

--
-- Name: FUNCTION cancel_event(event_id uuid, reason text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.cancel_event(event_id uuid, reason text) IS 'Admin: cancels an event, every active hold and every confirmed booking (tickets void), and records it in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVECN (already cancelled).';

--
-- Name: check_in(text, uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.check_in(code text, event_id uuid DEFAULT NULL::uuid) RETURNS evently.check_in_result
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_is_admin boolean := evently.current_user_is_admin();
  v_code text := lower(btrim(check_in.code));
  v_ticket evently.tickets;
  v_ticket_id uuid;
  v_event evently.events;
  v_by text;
  v_result evently.check_in_result;
begin
  -- security definer: door staff read and mark tickets that RLS keeps from them; who may
  -- is checked here, before anything about the code is told.
  if check_in.event_id is not null then
    if not exists (select 1 from evently.events e where e.id = check_in.event_id) then
      raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
    end if;
    if not v_is_admin and not exists (select 1 from evently.door_staff d
                                       where d.event_id = check_in.event_id and d.user_id = v_user_id) then
      raise exception 'You are not door staff for this event' using errcode = 'EVDSF', detail = 'event_id';
    end if;
  elsif not v_is_admin and not exists (select 1 from evently.door_staff d where d.user_id = v_user_id) then
    raise exception 'You are not door staff for any event' using errcode = 'EVDSF';
  end if;
  if v_code is null or v_code = '' or length(v_code) > 200 then
    raise exception 'code must be a ticket code' using errcode = 'EVINV', detail = 'code';
  end if;

  select * into v_ticket from evently.tickets t where t.code = v_code;
  if not found then
    raise exception 'Unknown ticket: no ticket has this code' using errcode = 'EVTUK', detail = 'code';
  end if;
  select * into v_event from evently.events e where e.id = v_ticket.event_id;
  if check_in.event_id is not null and v_ticket.event_id <> check_in.event_id then
    raise exception 'This ticket is for another event: "%" on %', v_event.name,
      to_char(v_event.starts_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
      using errcode = 'EVTWE', detail = 'code';
  end if;
  if not v_is_admin and not exists (select 1 from evently.door_staff d
                                     where d.event_id = v_ticket.event_id and d.user_id = v_user_id) then
    raise exception 'You are not door staff for "%", the event of this ticket', v_event.name using errcode = 'EVDSF', detail = 'code';
  end if;

  -- The one way a ticket gets used: this conditional UPDATE. Of concurrent scans of one
  -- ticket, the first takes the row lock and sets checked_in_at; the others wait, find
  -- the WHERE clause false on the committed row and update nothing.
  if v_ticket.status = 'valid' and v_ticket.checked_in_at is null then
    v_ticket_id := v_ticket.id; -- an UPDATE that finds no row sets v_ticket to nulls
    update evently.tickets t set checked_in_at = now(), checked_in_by = v_user_id
     where t.id = v_ticket_id and t.status = 'valid' and t.checked_in_at is null
    returning * into v_ticket;
    if found then
      insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
      values (v_user_id, 'ticket.checked_in', 'ticket', v_ticket.id,
              jsonb_build_object('event_id', v_ticket.event_id, 'booking_id', v_ticket.booking_id));
      select v_ticket.id, v_ticket.code, v_event.id, v_event.name, v_ticket.booking_id,
             (select u.name from evently.users u where u.id = v_ticket.user_id),
             (select s.label from evently.event_seats s where s.id = v_ticket.seat_id),
             v_ticket.checked_in_at, v_ticket.checked_in_by
        into v_result;
      return v_result;
    end if;
    -- Lost the race (or cancelled meanwhile): this statement's snapshot sees the winner.
    select * into strict v_ticket from evently.tickets t where t.id = v_ticket_id;
  end if;
  if v_ticket.status = 'cancelled' then
    raise exception 'Ticket cancelled: it does not admit anyone' using errcode = 'EVTCN', detail = 'code';
  end if;
  select u.name into v_by from evently.users u where u.id = v_ticket.checked_in_by;
  raise exception 'Ticket already used: checked in at % by %',
    to_char(v_ticket.checked_in_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
    coalesce(v_by, 'a former staff member')
    using errcode = 'EVTUS', detail = 'code',
          hint = format('checked_in_at=%s checked_in_by=%s', v_ticket.checked_in_at, v_ticket.checked_in_by);
end;
$$;

--
-- Name: FUNCTION check_in(code text, event_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.check_in(code text, event_id uuid) IS 'Door staff of the ticket''s event (evently.grant_door_staff) or an admin: marks the ticket with this code used, exactly once, and records it in audit_log; with event_id, only tickets of that event are accepted (scanning at its door). A second scan is refused with when and by whom the ticket was used. Errors: EVAUT, EVINV (code), EVNFD (event_id), EVDSF (not door staff for the event), EVTUK (unknown code), EVTWE (ticket of another event), EVTCN (cancelled ticket), EVTUS (already used: when and by whom).';

--
-- Name: waiting_rooms; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.waiting_rooms (
    event_id uuid NOT NULL,
    opens_at timestamp with time zone NOT NULL,
    admission_rate integer NOT NULL,
    admission_window interval DEFAULT '00:10:00'::interval NOT NULL,
    last_position bigint DEFAULT 0 NOT NULL,
    admitted bigint DEFAULT 0 NOT NULL,
    counting_since timestamp with time zone NOT NULL,
    admitted_before bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT waiting_rooms_admission_rate CHECK (((admission_rate >= 1) AND (admission_rate <= 1000000))),
    CONSTRAINT waiting_rooms_admission_window CHECK (((admission_window >= '00:01:00'::interval) AND (admission_window <= '1 day'::interval))),
    CONSTRAINT waiting_rooms_admitted CHECK ((admitted >= 0)),
    CONSTRAINT waiting_rooms_admitted_before CHECK (((admitted_before >= 0) AND (admitted_before <= admitted))),
    CONSTRAINT waiting_rooms_last_position CHECK ((last_position >= 0))
);

--
-- Name: TABLE waiting_rooms; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.waiting_rooms IS '@behavior -insert -update -delete
An event''s on-sale queue: from opens_at, admission_rate people per minute are admitted in join order, each for admission_window; only admitted people may hold or book.';

--
-- Name: close_waiting_room(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.close_waiting_room(event_id uuid) RETURNS evently.waiting_rooms
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_room evently.waiting_rooms;
begin
  -- Its queue entries go with it (cascade): the event is open to everyone again.
  delete from evently.waiting_rooms r where r.event_id = close_waiting_room.event_id returning * into v_room;
  if not found then
    raise exception 'This event has no waiting room' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  perform graphile_worker.remove_job('admit_from_queue:' || v_room.event_id);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'waiting_room.closed', 'event', v_room.event_id,
          jsonb_build_object('joined', v_room.last_position, 'admitted', v_room.admitted));
  return v_room;
end;
$$;

--
-- Name: FUNCTION close_waiting_room(event_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.close_waiting_room(event_id uuid) IS 'Admin: removes the event''s waiting room and its queue; everyone may hold and book again. Returns the room as it was. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD.';

--
-- Name: confirm_hold(uuid, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.confirm_hold(hold_id uuid, idempotency_key text DEFAULT NULL::text) RETURNS evently.bookings
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_booking_id uuid;
  v_hold evently.holds;
  v_booking evently.bookings;
begin
  v_booking_id := evently_private.idempotency_begin(v_user_id, confirm_hold.idempotency_key,
    jsonb_build_object('function', 'confirm_hold', 'hold_id', confirm_hold.hold_id));
  if v_booking_id is not null then
    select * into v_booking from evently.bookings where id = v_booking_id;
    return v_booking;
  end if;
  v_hold := evently_private.lock_own_active_hold(confirm_hold.hold_id, v_user_id);
  if v_hold.expires_at <= now() then
    raise exception 'Hold expired at %; its tickets went back on sale', v_hold.expires_at using errcode = 'EVHEX';
  end if;
  v_booking := evently_private.convert_hold(v_hold);
  if confirm_hold.idempotency_key is not null then
    perform evently_private.idempotency_finish(v_user_id, confirm_hold.idempotency_key, v_booking.id);
  end if;
  return v_booking;
end;
$$;

--
-- Name: FUNCTION confirm_hold(hold_id uuid, idempotency_key text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.confirm_hold(hold_id uuid, idempotency_key text) IS 'Turns the current user''s active hold into a confirmed booking with one ticket per person. With idempotency_key, a retry returns the same booking. Errors: EVAUT, EVNFD (missing or not yours), EVHNA, EVHEX, EVIDM, EVIDK.';

--
-- Name: create_event(text, timestamp with time zone, integer, uuid, text, timestamp with time zone, integer, interval, integer, text, jsonb, interval); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.create_event(name text, starts_at timestamp with time zone, capacity integer DEFAULT NULL::integer, venue_id uuid DEFAULT NULL::uuid, description text DEFAULT NULL::text, ends_at timestamp with time zone DEFAULT NULL::timestamp with time zone, price_cents integer DEFAULT 0, hold_ttl interval DEFAULT '00:05:00'::interval, max_tickets_per_user integer DEFAULT 10, seating text DEFAULT 'general'::text, category_prices jsonb DEFAULT NULL::jsonb, offer_ttl interval DEFAULT '00:30:00'::interval) RETURNS evently.events
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_capacity integer := create_event.capacity;
  v_unknown text;
begin
  if create_event.seating is null or create_event.seating not in ('general', 'reserved') then
    raise exception 'seating must be ''general'' or ''reserved''' using errcode = 'EVINV', detail = 'seating';
  end if;
  if create_event.venue_id is not null
     and not exists (select 1 from evently.venues v where v.id = create_event.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if create_event.seating = 'reserved' then
    if create_event.venue_id is null then
      raise exception 'A reserved-seating event needs a venue_id' using errcode = 'EVINV', detail = 'venue_id';
    end if;
    select count(*) into v_capacity from evently.venue_seats s where s.venue_id = create_event.venue_id;
    if v_capacity = 0 then
      raise exception 'The venue has no seats; add them with add_seats or import_seats' using errcode = 'EVLAY', detail = 'venue_id';
    end if;
    if create_event.capacity is not null and create_event.capacity <> v_capacity then
      raise exception 'capacity of a reserved-seating event is its seat count (%)', v_capacity
        using errcode = 'EVSEA', detail = 'capacity';
    end if;
    if create_event.category_prices is not null then
      if jsonb_typeof(create_event.category_prices) <> 'object'
         or exists (select 1 from jsonb_each(create_event.category_prices) p
                     where jsonb_typeof(p.value) <> 'number' or p.value::text !~ '^[0-9]{1,9}$') then
        raise exception 'category_prices must map categories to whole, non-negative cents' using errcode = 'EVINV', detail = 'category_prices';
      end if;
      select string_agg(k, ', ') into v_unknown from jsonb_object_keys(create_event.category_prices) k
       where not exists (select 1 from evently.venue_seats s where s.venue_id = create_event.venue_id and s.category = k);
      if v_unknown is not null then
        raise exception 'No seats of category %', v_unknown using errcode = 'EVINV', detail = 'category_prices';
      end if;
    end if;
  elsif create_event.category_prices is not null then
    raise exception 'category_prices apply to reserved seating only' using errcode = 'EVSEA', detail = 'category_prices';
  end if;
  if create_event.offer_ttl is null or create_event.offer_ttl not between interval '1 minute' and interval '7 days' then
    raise exception 'offer_ttl must be from 1 minute to 7 days' using errcode = 'EVINV', detail = 'offer_ttl';
  end if;
  perform evently_private.assert_event_fields(create_event.name, create_event.starts_at, create_event.ends_at,
    v_capacity, create_event.price_cents, create_event.hold_ttl, create_event.max_tickets_per_user);
  insert into evently.events (name, starts_at, capacity, venue_id, description, ends_at, price_cents,
                              hold_ttl, max_tickets_per_user, seating, offer_ttl, created_by)
  values (btrim(create_event.name), create_event.starts_at, v_capacity, create_event.venue_id,
          create_event.description, create_event.ends_at, create_event.price_cents, create_event.hold_ttl,
          create_event.max_tickets_per_user, create_event.seating, create_event.offer_ttl, v_admin_id)
  returning * into v_event;
  if v_event.seating = 'reserved' then
    -- Categories without a price in category_prices cost the event's price_cents.
    insert into evently.event_price_categories (event_id, category, price_cents)
    select v_event.id, c.category, coalesce((create_event.category_prices ->> c.category)::integer, v_event.price_cents)
      from (select distinct s.category from evently.venue_seats s where s.venue_id = v_event.venue_id) c;
    insert into evently.event_seats (event_id, venue_seat_id, section, row_label, seat_number, label, x, y,
                                     category, row_rank, seat_rank, price_cents)
    select v_event.id, s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y,
           s.category, s.row_rank, s.seat_rank, p.price_cents
      from evently.venue_seats s
      join evently.event_price_categories p on p.event_id = v_event.id and p.category = s.category
     where s.venue_id = v_event.venue_id;
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'event.created', 'event', v_event.id,
          jsonb_build_object('capacity', v_event.capacity, 'seating', v_event.seating));
  return v_event;
end;
$_$;

--
-- Name: FUNCTION create_event(name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, seating text, category_prices jsonb, offer_ttl interval); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.create_event(name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, seating text, category_prices jsonb, offer_ttl interval) IS 'Admin: creates an event. seating => ''general'' (default) needs capacity; seating => ''reserved'' copies the venue''s seats into the event (capacity = seat count) priced by category_prices ({"premium": 9000}; others cost price_cents). offer_ttl is how long a waitlist offer stays open. Errors: EVAUT, EVFBD, EVINV (field in detail), EVNFD (venue), EVLAY (venue without seats), EVSEA.';

--
-- Name: ticket_types; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.ticket_types (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    name text NOT NULL,
    description text,
    price_cents integer DEFAULT 0 NOT NULL,
    capacity integer NOT NULL,
    held integer DEFAULT 0 NOT NULL,
    booked integer DEFAULT 0 NOT NULL,
    sales_start timestamp with time zone,
    sales_end timestamp with time zone,
    max_tickets_per_user integer,
    sort_order integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    waiting integer DEFAULT 0 NOT NULL,
    CONSTRAINT ticket_types_booked CHECK ((booked >= 0)),
    CONSTRAINT ticket_types_capacity CHECK (((capacity >= 1) AND (capacity <= 1000000))),
    CONSTRAINT ticket_types_counters CHECK (((held + booked) <= capacity)),
    CONSTRAINT ticket_types_description CHECK ((length(description) <= 1000)),
    CONSTRAINT ticket_types_held CHECK ((held >= 0)),
    CONSTRAINT ticket_types_max_per_user CHECK (((max_tickets_per_user >= 1) AND (max_tickets_per_user <= 100))),
    CONSTRAINT ticket_types_name CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100))),
    CONSTRAINT ticket_types_price CHECK (((price_cents >= 0) AND (price_cents <= 999999999))),
    CONSTRAINT ticket_types_sales_window CHECK (((sales_end IS NULL) OR (sales_start IS NULL) OR (sales_end > sales_start))),
    CONSTRAINT ticket_types_waiting CHECK ((waiting >= 0))
);

--
-- Name: TABLE ticket_types; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.ticket_types IS '@behavior -insert -update -delete
Kinds of ticket within a general-admission event (e.g. Early bird, Standard, VIP): each its own capacity, price, sales window and per-person limit; the event''s capacity caps them all.';

--
-- Name: COLUMN ticket_types.waiting; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.ticket_types.waiting IS 'Waiting waitlist entries for this type (reconciled against evently.waitlist_entries). While any wait, the type''s freed tickets are offered to them, not sold.';

--
-- Name: create_ticket_type(uuid, text, integer, integer, timestamp with time zone, timestamp with time zone, integer, text, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.create_ticket_type(event_id uuid, name text, capacity integer, price_cents integer DEFAULT 0, sales_start timestamp with time zone DEFAULT NULL::timestamp with time zone, sales_end timestamp with time zone DEFAULT NULL::timestamp with time zone, max_tickets_per_user integer DEFAULT NULL::integer, description text DEFAULT NULL::text, sort_order integer DEFAULT 0) RETURNS evently.ticket_types
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_type evently.ticket_types;
begin
  -- The event row first, as every path that touches a type's counters takes it.
  select * into v_event from evently.events e where e.id = create_ticket_type.event_id for no key update;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'Event "%" is cancelled', v_event.name using errcode = 'EVECN';
  end if;
  if v_event.seating <> 'general' then
    raise exception 'Ticket types are for general admission; reserved seating prices seats by category'
      using errcode = 'EVSEA';
  end if;
  -- A waitlist formed without types waits for the event's tickets; typed sales only check
  -- their own type's line, so they would pass it by.
  if exists (select 1 from evently.waitlist_entries w
              where w.event_id = v_event.id and w.ticket_type_id is null and w.status in ('waiting', 'offered')) then
    raise exception 'Event "%" has people on its waitlist: add ticket types once it is served', v_event.name
      using errcode = 'EVTWL';
  end if;
  perform evently_private.assert_ticket_type_fields(v_event, create_ticket_type.name, create_ticket_type.capacity,
    create_ticket_type.price_cents, create_ticket_type.sales_start, create_ticket_type.sales_end,
    create_ticket_type.max_tickets_per_user, create_ticket_type.description);
  begin
    insert into evently.ticket_types (event_id, name, capacity, price_cents, sales_start, sales_end,
                                      max_tickets_per_user, description, sort_order)
    values (v_event.id, btrim(create_ticket_type.name), create_ticket_type.capacity,
            coalesce(create_ticket_type.price_cents, 0), create_ticket_type.sales_start, create_ticket_type.sales_end,
            create_ticket_type.max_tickets_per_user, create_ticket_type.description,
            coalesce(create_ticket_type.sort_order, 0))
    returning * into v_type;
  exception when unique_violation then
    raise exception 'This event already has a ticket type named "%"', btrim(create_ticket_type.name)
      using errcode = 'EVINV', detail = 'name';
  end;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'ticket_type.created', 'event', v_event.id,
          jsonb_build_object('ticket_type_id', v_type.id, 'name', v_type.name, 'capacity', v_type.capacity,
                             'price_cents', v_type.price_cents));
  return v_type;
end;
$$;

--
-- Name: FUNCTION create_ticket_type(event_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.create_ticket_type(event_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) IS 'Admin: adds a ticket type to a general-admission event: its own capacity (at most the event''s), price, optional sales window and per-person limit. Once an event has ticket types, hold_tickets and book_tickets use its only type, and need hold_ticket_type/book_ticket_type when there are several. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV, EVNFD, EVECN, EVSEA, EVTWL.';

--
-- Name: venues; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.venues (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    address text,
    city text,
    country text,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT venues_name_length CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200)))
);

--
-- Name: TABLE venues; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.venues IS '@behavior -insert -update -delete
A place where events happen.';

--
-- Name: create_venue(text, text, text, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.create_venue(name text, address text DEFAULT NULL::text, city text DEFAULT NULL::text, country text DEFAULT NULL::text) RETURNS evently.venues
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_venue evently.venues;
begin
  if create_venue.name is null or length(btrim(create_venue.name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  insert into evently.venues (name, address, city, country, created_by)
  values (btrim(create_venue.name), create_venue.address, create_venue.city, create_venue.country, v_admin_id)
  returning * into v_venue;
  return v_venue;
end;
$$;

--
-- Name: FUNCTION create_venue(name text, address text, city text, country text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.create_venue(name text, address text, city text, country text) IS 'Admin: creates a venue. Errors: EVAUT, EVFBD, EVINV (name).';

--
-- Name: create_webhook_endpoint(text, text[], text, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.create_webhook_endpoint(url text, event_types text[], secret text DEFAULT NULL::text, description text DEFAULT NULL::text) RETURNS evently.webhook_endpoint_secret
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
  v_secret text;
begin
  perform evently_private.assert_webhook_fields(create_webhook_endpoint.url, create_webhook_endpoint.event_types,
                                                create_webhook_endpoint.description);
  v_secret := evently_private.webhook_secret(create_webhook_endpoint.secret);
  -- security definer: the secret goes where no API role reads it (evently_private).
  insert into evently.webhook_endpoints (url, event_types, description, created_by)
  values (create_webhook_endpoint.url, create_webhook_endpoint.event_types, create_webhook_endpoint.description, v_admin_id)
  returning * into v_endpoint;
  insert into evently_private.webhook_secrets (endpoint_id, secret) values (v_endpoint.id, v_secret);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.created', 'webhook_endpoint', v_endpoint.id,
          jsonb_build_object('url', v_endpoint.url, 'event_types', v_endpoint.event_types));
  return (v_endpoint.id, v_endpoint.url, v_endpoint.event_types, v_endpoint.description, v_endpoint.active,
          v_endpoint.created_at, v_secret)::evently.webhook_endpoint_secret;
end;
$$;

--
-- Name: FUNCTION create_webhook_endpoint(url text, event_types text[], secret text, description text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.create_webhook_endpoint(url text, event_types text[], secret text, description text) IS 'Admin: registers a webhook endpoint (http or https URL; event types among booking.confirmed, booking.cancelled, event.sold_out, waitlist.offered, event.cancelled) with a Standard Webhooks signing secret, given (whsec_ base64) or generated; the result shows the secret, this once. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV (url, event_types, secret, description).';

--
-- Name: users; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email public.citext NOT NULL,
    name text NOT NULL,
    role text DEFAULT 'user'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_email_format CHECK (((email OPERATOR(public.~) '^[^@\s]+@[^@\s]+\.[^@\s]+$'::public.citext) AND (length((email)::text) <= 254))),
    CONSTRAINT users_name_length CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
    CONSTRAINT users_role CHECK ((role = ANY (ARRAY['user'::text, 'admin'::text])))
);

--
-- Name: TABLE users; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.users IS '@behavior -insert -update -delete
A person who books tickets; role ''admin'' may also manage venues and events.';

--
-- Name: COLUMN users.role; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.users.role IS '''user'' or ''admin''. DBAs promote with: update evently.users set role = ''admin'' where email = ...';

--
-- Name: current_user(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently."current_user"() RETURNS evently.users
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select * from evently.users where id = evently.current_user_id();
$$;

--
-- Name: FUNCTION "current_user"(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently."current_user"() IS 'The signed-in user, or null for anonymous callers. Errors: none.';

--
-- Name: current_user_id(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.current_user_id() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  return nullif(current_setting('jwt.claims.user_id', true), '')::uuid;
end;
$$;

--
-- Name: FUNCTION current_user_id(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.current_user_id() IS 'The id of the user this request acts for (jwt.claims.user_id), or null for anonymous callers. Errors: none.';

--
-- Name: current_user_is_admin(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.current_user_is_admin() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  return exists (select 1 from evently.users where id = evently.current_user_id() and role = 'admin');
end;
$$;

--
-- Name: FUNCTION current_user_is_admin(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.current_user_is_admin() IS 'True when the current user (jwt.claims.user_id) has role ''admin'' in evently.users right now. Errors: none.';

--
-- Name: holds; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.holds (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    quantity integer NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    closed_at timestamp with time zone,
    waitlist_entry_id uuid,
    ticket_type_id uuid,
    CONSTRAINT holds_closed_at CHECK (((status = 'active'::text) = (closed_at IS NULL))),
    CONSTRAINT holds_quantity_positive CHECK ((quantity > 0)),
    CONSTRAINT holds_status CHECK ((status = ANY (ARRAY['active'::text, 'confirmed'::text, 'released'::text, 'expired'::text, 'cancelled'::text])))
);

--
-- Name: TABLE holds; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.holds IS '@behavior -insert -update -delete
Tickets set aside for a user until expires_at; confirm_hold turns a hold into a booking.';

--
-- Name: COLUMN holds.ticket_type_id; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.holds.ticket_type_id IS 'The ticket type held (null: the event has no ticket types).';

--
-- Name: decline_offer(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.decline_offer(hold_id uuid) RETURNS evently.holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_hold evently.holds := evently_private.lock_own_active_hold(decline_offer.hold_id, v_user_id);
begin
  if v_hold.waitlist_entry_id is null then
    raise exception 'This hold is not a waitlist offer; use release_hold' using errcode = 'EVNOF';
  end if;
  -- close_holds marks the entry declined and offers the tickets to the next in line.
  select * into v_hold from evently_private.close_holds(array[v_hold.id], 'released');
  return v_hold;
end;
$$;

--
-- Name: FUNCTION decline_offer(hold_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.decline_offer(hold_id uuid) IS 'Declines a waitlist offer: its tickets pass to the next in line in this transaction. Errors: EVAUT, EVNFD, EVNOF, EVHNA.';

--
-- Name: webhook_endpoints; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.webhook_endpoints (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    url text NOT NULL,
    event_types text[] NOT NULL,
    description text,
    active boolean DEFAULT true NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_endpoints_description_length CHECK ((length(description) <= 500)),
    CONSTRAINT webhook_endpoints_event_types CHECK ((((cardinality(event_types) >= 1) AND (cardinality(event_types) <= 5)) AND (event_types <@ ARRAY['booking.confirmed'::text, 'booking.cancelled'::text, 'event.sold_out'::text, 'waitlist.offered'::text, 'event.cancelled'::text]))),
    CONSTRAINT webhook_endpoints_url CHECK (((url ~ '^https?://[^\s/?#@]+([/?#]\S*)?$'::text) AND (length(url) <= 2000)))
);

--
-- Name: TABLE webhook_endpoints; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.webhook_endpoints IS '@behavior -insert -update -delete
Where organizers'' systems hear about changes (admins register them; evently.create_webhook_endpoint). The signing secret is kept apart and shown once.';

--
-- Name: delete_webhook_endpoint(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.delete_webhook_endpoint(endpoint_id uuid) RETURNS evently.webhook_endpoints
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
begin
  -- security definer: no API role deletes. Its secret and deliveries go with it; a
  -- delivery job still queued finds nothing to send.
  delete from evently.webhook_endpoints w where w.id = delete_webhook_endpoint.endpoint_id
  returning * into v_endpoint;
  if not found then
    raise exception 'Webhook endpoint not found' using errcode = 'EVNFD', detail = 'endpoint_id';
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.deleted', 'webhook_endpoint', v_endpoint.id, jsonb_build_object('url', v_endpoint.url));
  return v_endpoint;
end;
$$;

--
-- Name: FUNCTION delete_webhook_endpoint(endpoint_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.delete_webhook_endpoint(endpoint_id uuid) IS 'Admin: removes a webhook endpoint with its secret and delivery records; returns it. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD.';

--
-- Name: event_bookings(uuid, text, text, integer, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.event_bookings(event_id uuid, search text DEFAULT NULL::text, booking_status text DEFAULT NULL::text, max_rows integer DEFAULT 20, skip_rows integer DEFAULT 0) RETURNS TABLE(id uuid, user_id uuid, email text, name text, quantity integer, total_cents integer, status text, created_at timestamp with time zone, cancelled_at timestamp with time zone, codes text[], matching integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_search text := nullif(btrim(event_bookings.search), '');
begin
  perform evently_private.require_admin();
  if not exists (select 1 from evently.events e where e.id = event_bookings.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if max_rows is null or max_rows not between 1 and 100 then
    raise exception 'max_rows must be from 1 to 100' using errcode = 'EVINV', detail = 'max_rows';
  end if;
  if skip_rows is null or skip_rows < 0 then
    raise exception 'skip_rows must not be negative' using errcode = 'EVINV', detail = 'skip_rows';
  end if;
  -- Security definer, like analytics_*: evently_private.require_admin above is the gate (no API
  -- role may execute it), and the rows are other people's bookings.
  -- search matches the buyer's email (a substring, any case) or one ticket code exactly;
  -- matching counts every row that matches, so a page can say "12 of 340".
  return query
  select b.id, b.user_id, u.email::text, u.name, b.quantity, b.total_cents, b.status, b.created_at, b.cancelled_at,
         array(select t.code from evently.tickets t where t.booking_id = b.id order by t.code),
         (count(*) over ())::integer
    from evently.bookings b
    join evently.users u on u.id = b.user_id
   where b.event_id = event_bookings.event_id
     and (event_bookings.booking_status is null or b.status = event_bookings.booking_status)
     and (v_search is null
          or strpos(lower(u.email::text), lower(v_search)) > 0
          or exists (select 1 from evently.tickets t where t.booking_id = b.id and t.code = v_search))
   order by b.created_at desc, b.id
   limit event_bookings.max_rows offset event_bookings.skip_rows;
end;
$$;

--
-- Name: FUNCTION event_bookings(event_id uuid, search text, booking_status text, max_rows integer, skip_rows integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.event_bookings(event_id uuid, search text, booking_status text, max_rows integer, skip_rows integer) IS 'Admin: the bookings of one event, newest first, with the buyer''s email and name and the ticket codes; search matches part of the email (any case) or a ticket code exactly, booking_status keeps confirmed or cancelled ones; max_rows (1-100) from skip_rows; matching is how many rows match in all. Errors: EVAUT, EVFBD, EVNFD, EVINV.';

--
-- Name: event_check_ins(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.event_check_ins(event_id uuid, OUT tickets integer, OUT checked_in integer, OUT remaining integer, OUT last_check_in_at timestamp with time zone) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
begin
  if not exists (select 1 from evently.events e where e.id = event_check_ins.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  -- security definer: door staff count tickets RLS keeps from them (counts only).
  if not evently.current_user_is_admin()
     and not exists (select 1 from evently.door_staff d where d.event_id = event_check_ins.event_id and d.user_id = v_user_id) then
    raise exception 'You are not door staff for this event' using errcode = 'EVDSF', detail = 'event_id';
  end if;
  -- A ticket checked in and cancelled afterwards counts as neither (it admits no one now).
  select count(*)::integer, count(*) filter (where t.checked_in_at is not null)::integer,
         max(t.checked_in_at)
    into tickets, checked_in, last_check_in_at
    from evently.tickets t
   where t.event_id = event_check_ins.event_id and t.status = 'valid';
  remaining := tickets - checked_in;
end;
$$;

--
-- Name: FUNCTION event_check_ins(event_id uuid, OUT tickets integer, OUT checked_in integer, OUT remaining integer, OUT last_check_in_at timestamp with time zone); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.event_check_ins(event_id uuid, OUT tickets integer, OUT checked_in integer, OUT remaining integer, OUT last_check_in_at timestamp with time zone) IS 'Door staff of the event or an admin: its valid tickets, how many are checked in, how many are still to come, and the latest check-in. Errors: EVAUT, EVNFD, EVDSF.';

--
-- Name: event_seat_map(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.event_seat_map(event_id uuid) RETURNS SETOF evently.seat_info
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- One indexed query, cheap enough to redraw live. Says what a seat costs and whether
  -- it can be bought, never who holds it. Seats in expired holds are available.
  -- A free seat is "held" while anyone is on the event's waitlist: it goes to the line
  -- first (take_capacity refuses other buyers), as events_available says 0.
  select s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y, s.category, s.price_cents,
         case when s.status = 'held' and h.expires_at <= now() or s.status = 'available'
              then case when e.waiting > 0 then 'held' else 'available' end
              else s.status end
    from evently.event_seats s
    join evently.events e on e.id = s.event_id
    left join evently.holds h on h.id = s.hold_id
   where s.event_id = event_seat_map.event_id
   order by s.section, s.row_rank, s.row_label, s.seat_number;
$$;

--
-- Name: FUNCTION event_seat_map(event_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.event_seat_map(event_id uuid) IS 'Every seat of a reserved-seating event with coordinates, category, price and status (available, held, booked; free seats count as held while anyone is on the waitlist, whose offers take them first). Open to anonymous users. Errors: none.';

--
-- Name: events_available(evently.events); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.events_available(e evently.events) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- What a buyer can hold or book right now, by the same rules take_capacity applies:
  -- nothing once the event is cancelled or has started, and nothing while anyone is on
  -- the waitlist (freed tickets belong to the line: promote_waitlist offers them, or keeps
  -- them for a large party at its head). Expired holds that no worker has released yet do
  -- not reduce availability.
  -- With ticket types, also no more than their free tickets together (those on sale now,
  -- and none of a type anyone waits for: each type has its own waitlist).
  select case when e.status <> 'published' or e.starts_at <= now()
                or (e.waiting > 0 and not exists (select 1 from evently.ticket_types t where t.event_id = e.id)) then 0 else
    least(
      greatest(0, e.capacity - e.booked - coalesce((
        select sum(h.quantity)::integer from evently.holds h
         where h.event_id = e.id and h.status = 'active' and h.expires_at > now()), 0)),
      (select sum(evently_private.ticket_type_free(t))::integer from evently.ticket_types t where t.event_id = e.id))
  end;
$$;

--
-- Name: FUNCTION events_available(e evently.events); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.events_available(e evently.events) IS 'Tickets that can be held or booked now: capacity minus booked minus unexpired holds (with ticket types, at most their free tickets on sale now together); 0 when the event is cancelled or has started, or while anyone is on its waitlist (freed tickets go to the waitlist first; with ticket types, per type). Errors: none.';

--
-- Name: find_venues(text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.find_venues(city text DEFAULT NULL::text) RETURNS SETOF evently.venues
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- The one city match (case-insensitive, whole name); upcoming_events filters by it too.
  select v.*
    from evently.venues v
   where find_venues.city is null or lower(v.city) = lower(find_venues.city)
   order by v.name, v.id;
$$;

--
-- Name: FUNCTION find_venues(city text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.find_venues(city text) IS 'Venues by name, optionally only those in one city (case-insensitive). Open to anonymous users. Errors: none.';

--
-- Name: door_staff; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.door_staff (
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    granted_by uuid,
    granted_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE door_staff; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.door_staff IS '@behavior -insert -update -delete
Users an admin allowed to check tickets in at one event''s door (evently.grant_door_staff).';

--
-- Name: grant_door_staff(uuid, uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.grant_door_staff(event_id uuid, user_id uuid) RETURNS evently.door_staff
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_grant evently.door_staff;
begin
  if not exists (select 1 from evently.events e where e.id = grant_door_staff.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  -- security definer: an admin may name any user, and RLS would show them all anyway;
  -- the definer also writes door_staff, which no API role may.
  if not exists (select 1 from evently.users u where u.id = grant_door_staff.user_id) then
    raise exception 'User not found' using errcode = 'EVNFD', detail = 'user_id';
  end if;
  -- Granting twice keeps the first grant (who and when) and records nothing new.
  insert into evently.door_staff (event_id, user_id, granted_by)
  values (grant_door_staff.event_id, grant_door_staff.user_id, v_admin_id)
  on conflict on constraint door_staff_pkey do nothing
  returning * into v_grant;
  if found then
    insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
    values (v_admin_id, 'door_staff.granted', 'event', v_grant.event_id, jsonb_build_object('user_id', v_grant.user_id));
    return v_grant;
  end if;
  select * into v_grant from evently.door_staff d
   where d.event_id = grant_door_staff.event_id and d.user_id = grant_door_staff.user_id;
  return v_grant;
end;
$$;

--
-- Name: FUNCTION grant_door_staff(event_id uuid, user_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.grant_door_staff(event_id uuid, user_id uuid) IS 'Admin: lets a user check tickets in at this event''s door (evently.check_in); granting again keeps the first grant. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD (event or user).';

--
-- Name: hold_best_available(uuid, integer, text, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.hold_best_available(event_id uuid, quantity integer, section text DEFAULT NULL::text, category text DEFAULT NULL::text) RETURNS evently.holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_best_available.event_id);
begin
  if v_event.seating <> 'reserved' then
    raise exception 'Event "%" has no reserved seating; use hold_tickets', v_event.name using errcode = 'EVSEA';
  end if;
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  return evently_private.place_hold(v_event, v_user_id, hold_best_available.quantity, null,
                                    hold_best_available.section, hold_best_available.category, p_expiry_job => true);
end;
$$;

--
-- Name: FUNCTION hold_best_available(event_id uuid, quantity integer, section text, category text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.hold_best_available(event_id uuid, quantity integer, section text, category text) IS 'Holds the best quantity seats: adjacent in one row when possible (front rows, centre seats first), otherwise the best free seats row by row; optionally only in one section or category. Never refuses while enough seats are free. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVSEA, EVQTY, EVLIM, EVSLD, EVQAD.';

--
-- Name: hold_seats(uuid, uuid[]); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.hold_seats(event_id uuid, seat_ids uuid[]) RETURNS evently.holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_seats.event_id);
begin
  if v_event.seating <> 'reserved' then
    raise exception 'Event "%" has no reserved seating; use hold_tickets', v_event.name using errcode = 'EVSEA';
  end if;
  if hold_seats.seat_ids is null or cardinality(hold_seats.seat_ids) = 0 then
    raise exception 'seat_ids must name at least one seat' using errcode = 'EVQTY', detail = 'seat_ids';
  end if;
  if array_position(hold_seats.seat_ids, null) is not null
     or cardinality(hold_seats.seat_ids) <> (select count(distinct s) from unnest(hold_seats.seat_ids) s) then
    raise exception 'seat_ids must not contain nulls or repeats' using errcode = 'EVINV', detail = 'seat_ids';
  end if;
  if (select count(*) from evently.event_seats s
       where s.event_id = v_event.id and s.id = any (hold_seats.seat_ids)) < cardinality(hold_seats.seat_ids) then
    raise exception 'Seat not found in this event' using errcode = 'EVNFD', detail = 'seat_ids';
  end if;
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  return evently_private.place_hold(v_event, v_user_id, cardinality(hold_seats.seat_ids), hold_seats.seat_ids,
                                    p_expiry_job => true);
end;
$$;

--
-- Name: FUNCTION hold_seats(event_id uuid, seat_ids uuid[]); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.hold_seats(event_id uuid, seat_ids uuid[]) IS 'Holds exactly these seats (ids from event_seat_map) for the current user, all or nothing. Confirm with confirm_hold. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVSEA, EVQTY, EVLIM, EVSTK (a seat is taken), EVSLD, EVQAD.';

--
-- Name: hold_ticket_type(uuid, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.hold_ticket_type(ticket_type_id uuid, quantity integer) RETURNS evently.holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events;
  v_type evently.ticket_types;
begin
  if hold_ticket_type.ticket_type_id is null then
    raise exception 'ticket_type_id is required' using errcode = 'EVINV', detail = 'ticket_type_id';
  end if;
  select * into v_type from evently.ticket_types t where t.id = hold_ticket_type.ticket_type_id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  v_event := evently_private.bookable_event(v_type.event_id);
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  v_type := evently_private.ticket_type_for(v_event, hold_ticket_type.ticket_type_id);
  return evently_private.place_typed_hold(v_event, v_type, v_user_id, hold_ticket_type.quantity, p_expiry_job => true);
end;
$$;

--
-- Name: FUNCTION hold_ticket_type(ticket_type_id uuid, quantity integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.hold_ticket_type(ticket_type_id uuid, quantity integer) IS 'Sets quantity tickets of one ticket type aside for the current user until expires_at (the event''s hold_ttl); confirm with confirm_hold. Never beyond the type''s capacity nor the event''s. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVTSW, EVQAD.';

--
-- Name: hold_tickets(uuid, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.hold_tickets(event_id uuid, quantity integer) RETURNS evently.holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_tickets.event_id);
  v_type evently.ticket_types;
begin
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- An event with ticket types: its only type (several: EVTTR, name one with hold_ticket_type).
  v_type := evently_private.ticket_type_for(v_event, null);
  if v_type.id is not null then
    return evently_private.place_typed_hold(v_event, v_type, v_user_id, hold_tickets.quantity, p_expiry_job => true);
  end if;
  -- On a reserved-seating event this holds the best available seats.
  return evently_private.place_hold(v_event, v_user_id, hold_tickets.quantity, p_expiry_job => true);
end;
$$;

--
-- Name: FUNCTION hold_tickets(event_id uuid, quantity integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.hold_tickets(event_id uuid, quantity integer) IS 'Sets quantity tickets aside for the current user until expires_at (the event''s hold_ttl); on a reserved-seating event, the best available seats; on an event with ticket types, of its only type. Confirm with confirm_hold. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVTSW, EVTTR, EVQAD.';

--
-- Name: holds_seats(evently.holds); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.holds_seats(h evently.holds) RETURNS SETOF evently.seat_info
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- security definer (event_seats is not readable directly): re-check that the caller
  -- may see this hold rather than trusting the row passed in.
  select s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y, s.category, s.price_cents, s.status
    from evently.event_seats s
    join evently.holds own on own.id = s.hold_id
   where s.hold_id = h.id
     and (own.user_id = evently.current_user_id() or evently.current_user_is_admin())
   order by s.section, s.row_label, s.seat_number;
$$;

--
-- Name: FUNCTION holds_seats(h evently.holds); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.holds_seats(h evently.holds) IS 'The seats of an active hold (GraphQL field Hold.seats). Errors: none.';

--
-- Name: import_seats(uuid, jsonb); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.import_seats(venue_id uuid, seats jsonb) RETURNS SETOF evently.venue_seats
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_seat jsonb;
  v_index bigint;
  v_field text;
  v_duplicate record;
begin
  if not exists (select 1 from evently.venues v where v.id = import_seats.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if import_seats.seats is null or jsonb_typeof(import_seats.seats) <> 'array'
     or jsonb_array_length(import_seats.seats) not between 1 and 100000 then
    raise exception 'seats must be a JSON array of 1 to 100000 seats' using errcode = 'EVLAY', detail = 'seats';
  end if;
  -- Validate every seat before writing anything, naming the first bad one.
  for v_seat, v_index in select value, ordinality - 1 from jsonb_array_elements(import_seats.seats) with ordinality loop
    v_field := case
      when jsonb_typeof(v_seat) <> 'object' then ''
      when jsonb_typeof(v_seat -> 'section') <> 'string' or length(btrim(v_seat ->> 'section')) not between 1 and 100 then '.section'
      when jsonb_typeof(v_seat -> 'row') not in ('string', 'number') or length(btrim(v_seat ->> 'row')) not between 1 and 20 then '.row'
      when jsonb_typeof(v_seat -> 'number') <> 'number' or (v_seat ->> 'number') !~ '^[0-9]{1,6}$' or (v_seat ->> 'number')::integer < 1 then '.number'
      when jsonb_typeof(v_seat -> 'x') <> 'number' then '.x'
      when jsonb_typeof(v_seat -> 'y') <> 'number' then '.y'
      when v_seat ? 'category' and (jsonb_typeof(v_seat -> 'category') <> 'string' or length(btrim(v_seat ->> 'category')) not between 1 and 50) then '.category'
      when v_seat ? 'row_rank' and (jsonb_typeof(v_seat -> 'row_rank') <> 'number' or (v_seat ->> 'row_rank') !~ '^-?[0-9]{1,9}$') then '.row_rank'
      when v_seat ? 'label' and (jsonb_typeof(v_seat -> 'label') <> 'string' or length(v_seat ->> 'label') not between 1 and 100) then '.label'
      when exists (select 1 from jsonb_object_keys(v_seat) k
                    where k not in ('section', 'row', 'number', 'x', 'y', 'category', 'row_rank', 'label')) then '.unknown_field'
    end;
    if v_field is not null then
      raise exception 'Seat % is malformed (%)', v_index, coalesce(nullif(ltrim(v_field, '.'), ''), 'not an object')
        using errcode = 'EVLAY', detail = format('seats[%s]%s', v_index, v_field);
    end if;
  end loop;
  perform 1 from evently.venues v where v.id = import_seats.venue_id for update;
  select min(i) as i into v_duplicate
    from (select ordinality - 1 as i,
                 count(*) over (partition by btrim(value ->> 'section'), btrim(value ->> 'row'), (value ->> 'number')::integer) as copies,
                 exists (select 1 from evently.venue_seats s
                          where s.venue_id = import_seats.venue_id and s.section = btrim(value ->> 'section')
                            and s.row_label = btrim(value ->> 'row') and s.seat_number = (value ->> 'number')::integer) as exists_already
            from jsonb_array_elements(import_seats.seats) with ordinality) d
   where copies > 1 or exists_already;
  if v_duplicate.i is not null then
    raise exception 'Seat % duplicates another seat (same section, row and number)', v_duplicate.i
      using errcode = 'EVLAY', detail = format('seats[%s]', v_duplicate.i);
  end if;
  return query
  with input as (
    select btrim(value ->> 'section') as section, btrim(value ->> 'row') as row_label,
           (value ->> 'number')::integer as seat_number, (value ->> 'x')::numeric as x, (value ->> 'y')::numeric as y,
           coalesce(btrim(value ->> 'category'), 'standard') as category, (value ->> 'row_rank')::integer as row_rank,
           value ->> 'label' as label, ordinality as i
      from jsonb_array_elements(import_seats.seats) with ordinality
  ), ranked as (
    select input.*,
           -- Without an explicit row_rank, rows rank in the order they first appear.
           coalesce(row_rank, dense_rank() over (partition by section order by first_i)::integer) as final_row_rank,
           abs(2 * seat_number - (min(seat_number) over r + max(seat_number) over r)) as final_seat_rank
      from (select input.*, min(i) over (partition by section, row_label) as first_i from input) input
    window r as (partition by section, row_label)
  )
  insert into evently.venue_seats (venue_id, section, row_label, seat_number, label, x, y, category, row_rank, seat_rank)
  select import_seats.venue_id, section, row_label, seat_number,
         coalesce(label, format('%s %s%s', section, row_label, seat_number)), x, y, category, final_row_rank, final_seat_rank
    from ranked
   order by i
  returning *;
end;
$_$;

--
-- Name: FUNCTION import_seats(venue_id uuid, seats jsonb); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.import_seats(venue_id uuid, seats jsonb) IS 'Admin: adds an irregular layout from a JSON array of seats {section, row, number, x, y, category?, row_rank?, label?}. All or nothing: the first malformed or duplicate seat raises EVLAY with detail seats[i].field. Seats with consecutive numbers in a row are adjacent; lower row_rank is better (default: order of appearance). Errors: EVAUT, EVFBD, EVLAY, EVNFD.';

--
-- Name: queue_entries; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.queue_entries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    "position" bigint NOT NULL,
    status text DEFAULT 'waiting'::text NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    admitted_at timestamp with time zone,
    admission_expires_at timestamp with time zone,
    CONSTRAINT queue_entries_admission CHECK ((((status = 'admitted'::text) = (admitted_at IS NOT NULL)) AND ((admitted_at IS NULL) = (admission_expires_at IS NULL)) AND ((admission_expires_at IS NULL) OR (admission_expires_at > admitted_at)))),
    CONSTRAINT queue_entries_position CHECK (("position" > 0)),
    CONSTRAINT queue_entries_status CHECK ((status = ANY (ARRAY['waiting'::text, 'admitted'::text, 'left'::text])))
);

--
-- Name: TABLE queue_entries; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.queue_entries IS '@behavior -insert -update -delete
A person''s place in an event''s waiting room: waiting (position), admitted until admission_expires_at, or left.';

--
-- Name: join_queue(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.join_queue(event_id uuid) RETURNS evently.queue_entries
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(join_queue.event_id);
  v_room evently.waiting_rooms;
  v_entry evently.queue_entries;
begin
  -- The room row is the queue's lock: positions are handed out in the order joins take it.
  update evently.waiting_rooms r set last_position = r.last_position + 1
   where r.event_id = v_event.id
  returning * into v_room;
  if not found then
    raise exception 'Event "%" has no waiting room: tickets can be held and booked directly', v_event.name
      using errcode = 'EVQNR';
  end if;
  select * into v_entry from evently.queue_entries q where q.event_id = v_room.event_id and q.user_id = v_user_id;
  if found and (v_entry.status = 'waiting' or v_entry.admission_expires_at > now()) then
    -- Already in line or admitted: joining again changes nothing (the position handed out
    -- above stays unused; positions are an order, not a count).
    return v_entry;
  end if;
  if found then
    -- Left, or admitted and never used in time: to the back of the line.
    update evently.queue_entries q
       set position = v_room.last_position, status = 'waiting', joined_at = now(),
           admitted_at = null, admission_expires_at = null
     where q.id = v_entry.id
    returning * into v_entry;
  else
    insert into evently.queue_entries (event_id, user_id, position)
    values (v_room.event_id, v_user_id, v_room.last_position)
    returning * into v_entry;
  end if;
  -- Admit at once what the rate allows (a quiet queue lets people straight through); the
  -- admissions job takes over when a line forms.
  if evently_private.admit_from_queue(v_room.event_id) = 0 then
    perform evently_private.schedule_admissions(v_room.event_id, greatest(now(), v_room.opens_at), false);
  end if;
  select * into v_entry from evently.queue_entries q where q.id = v_entry.id;
  return v_entry;
end;
$$;

--
-- Name: FUNCTION join_queue(event_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.join_queue(event_id uuid) IS 'Puts the current user in the event''s waiting room at the next position (joining again while waiting or admitted returns the same entry; after leaving or an expired admission, at the back). Admitted at once when the line and the rate allow; otherwise watch queue_entries_people_ahead and the queue_admitted notification. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQNR.';

--
-- Name: waitlist_entries; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.waitlist_entries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    quantity integer NOT NULL,
    "position" bigint NOT NULL,
    status text DEFAULT 'waiting'::text NOT NULL,
    skipped integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    ticket_type_id uuid,
    CONSTRAINT waitlist_quantity_positive CHECK ((quantity > 0)),
    CONSTRAINT waitlist_status CHECK ((status = ANY (ARRAY['waiting'::text, 'offered'::text, 'accepted'::text, 'declined'::text, 'expired'::text, 'left'::text, 'cancelled'::text])))
);

--
-- Name: TABLE waitlist_entries; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.waitlist_entries IS '@behavior -insert -update -delete
A user waiting for tickets of a sold-out event, in position order.';

--
-- Name: COLUMN waitlist_entries.ticket_type_id; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.waitlist_entries.ticket_type_id IS 'The ticket type waited for (null: the event has no ticket types).';

--
-- Name: join_ticket_type_waitlist(uuid, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.join_ticket_type_waitlist(ticket_type_id uuid, quantity integer) RETURNS evently.waitlist_entries
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events;
  v_event_id uuid;
begin
  if join_ticket_type_waitlist.ticket_type_id is null then
    raise exception 'ticket_type_id is required' using errcode = 'EVINV', detail = 'ticket_type_id';
  end if;
  select t.event_id into v_event_id from evently.ticket_types t where t.id = join_ticket_type_waitlist.ticket_type_id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  v_event := evently_private.bookable_event(v_event_id);
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- Only while the type is on sale: its line is offered the type's freed tickets.
  return evently_private.enter_waitlist(v_event, evently_private.ticket_type_for(v_event, join_ticket_type_waitlist.ticket_type_id),
                                        v_user_id, join_ticket_type_waitlist.quantity);
end;
$$;

--
-- Name: FUNCTION join_ticket_type_waitlist(ticket_type_id uuid, quantity integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.join_ticket_type_waitlist(ticket_type_id uuid, quantity integer) IS 'Puts the current user on one ticket type''s waitlist for a party of quantity, at the event''s next position. While anyone waits for a type, its freed tickets are offered to its waitlist in position order (a hold of the type; accept with confirm_hold, decline with decline_offer), not sold. One live entry per user and type. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVWLD, EVTSW, EVQAD.';

--
-- Name: join_waitlist(uuid, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.join_waitlist(event_id uuid, quantity integer) RETURNS evently.waitlist_entries
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(join_waitlist.event_id);
begin
  -- The waiting room first, as for holds and bookings.
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- Contract v1 on an event with ticket types: its only type's line (several: EVTTR, name
  -- one with join_ticket_type_waitlist).
  return evently_private.enter_waitlist(v_event, evently_private.ticket_type_for(v_event, null),
                                        v_user_id, join_waitlist.quantity);
end;
$$;

--
-- Name: FUNCTION join_waitlist(event_id uuid, quantity integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.join_waitlist(event_id uuid, quantity integer) IS 'Puts the current user on the event''s waitlist for a party of quantity, at the next position (on an event with ticket types: its only type''s waitlist; with several, use join_ticket_type_waitlist). When tickets free up they are offered in position order as a hold (see waitlist_offer notifications); accept with confirm_hold, decline with decline_offer. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVWLD, EVTTR, EVTSW, EVQAD.';

--
-- Name: leave_queue(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.leave_queue(event_id uuid) RETURNS evently.queue_entries
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_entry evently.queue_entries;
begin
  -- The room row first, as every write to the queue takes it (see join_queue).
  perform 1 from evently.waiting_rooms r where r.event_id = leave_queue.event_id for update;
  update evently.queue_entries q
     set status = 'left', admitted_at = null, admission_expires_at = null
   where q.event_id = leave_queue.event_id and q.user_id = v_user_id
  returning * into v_entry;
  if not found then
    raise exception 'You are not in this event''s waiting room' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  return v_entry;
end;
$$;

--
-- Name: FUNCTION leave_queue(event_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.leave_queue(event_id uuid) IS 'Takes the current user out of the event''s waiting room (also giving up an admission); joining again goes to the back. Errors: EVAUT, EVNFD.';

--
-- Name: leave_waitlist(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.leave_waitlist(entry_id uuid) RETURNS evently.waitlist_entries
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_entry evently.waitlist_entries;
begin
  -- Lock order: event row, then the entry (and its offer hold).
  perform 1 from evently.events e
   where e.id = (select w.event_id from evently.waitlist_entries w where w.id = leave_waitlist.entry_id)
     for no key update;
  select * into v_entry from evently.waitlist_entries w where w.id = leave_waitlist.entry_id for update;
  if not found or (v_entry.user_id <> v_user_id and not evently.current_user_is_admin()) then
    raise exception 'Waitlist entry not found' using errcode = 'EVNFD';
  end if;
  if v_entry.status not in ('waiting', 'offered') then
    raise exception 'Waitlist entry is already %', v_entry.status using errcode = 'EVWNA';
  end if;
  if v_entry.status = 'waiting' then
    update evently.events e set waiting = waiting - 1 where e.id = v_entry.event_id;
  end if;
  update evently.waitlist_entries w set status = 'left', updated_at = now() where w.id = v_entry.id
  returning * into v_entry;
  -- An open offer goes back, to the next in line.
  perform evently_private.close_holds(
    array(select h.id from evently.holds h where h.waitlist_entry_id = v_entry.id and h.status = 'active'), 'released');
  -- A head that left may have kept free tickets back for its party: the next in line gets them.
  perform evently_private.promote_waitlist(v_entry.event_id);
  return v_entry;
end;
$$;

--
-- Name: FUNCTION leave_waitlist(entry_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.leave_waitlist(entry_id uuid) IS 'Takes the current user''s entry off the waitlist (an open offer is released to the next in line). Errors: EVAUT, EVNFD, EVWNA.';

--
-- Name: my_bookings(boolean); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.my_bookings(upcoming boolean DEFAULT NULL::boolean) RETURNS SETOF evently.bookings
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select b.*
    from evently.bookings b
    join evently.events e on e.id = b.event_id
   where b.user_id = evently.current_user_id()
     and (my_bookings.upcoming is null or (e.starts_at > now()) = my_bookings.upcoming)
   order by b.created_at desc, b.id;
$$;

--
-- Name: FUNCTION my_bookings(upcoming boolean); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.my_bookings(upcoming boolean) IS 'The current user''s bookings, newest first; upcoming => true for events not yet started, false for past ones. Errors: none.';

--
-- Name: my_door_staff(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.my_door_staff() RETURNS SETOF evently.door_staff
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select d.*
    from evently.door_staff d
   where d.user_id = evently.current_user_id()
   order by d.granted_at desc, d.event_id;
$$;

--
-- Name: FUNCTION my_door_staff(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.my_door_staff() IS 'The events whose door the current user may check tickets in at (their door-staff grants), newest first. Signed-in users only. Errors: none.';

--
-- Name: notifications; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.notifications (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL,
    event_id uuid,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    last_error text,
    subject text,
    body text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone,
    next_attempt_at timestamp with time zone,
    CONSTRAINT notifications_kind CHECK ((kind = ANY (ARRAY['booking_confirmed'::text, 'booking_cancelled'::text, 'waitlist_offer'::text, 'offer_expired'::text, 'event_changed'::text, 'event_cancelled'::text, 'queue_admitted'::text]))),
    CONSTRAINT notifications_status CHECK ((status = ANY (ARRAY['pending'::text, 'sent'::text, 'failed'::text])))
);

--
-- Name: TABLE notifications; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.notifications IS '@behavior -insert -update -delete
Messages to a user about their bookings, offers and events (the outbox).';

--
-- Name: COLUMN notifications.next_attempt_at; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.notifications.next_attempt_at IS 'When a failed delivery is tried again; null: as soon as the relay gets to it.';

--
-- Name: my_notifications(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.my_notifications() RETURNS SETOF evently.notifications
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select n.*
    from evently.notifications n
   where n.user_id = evently.current_user_id()
   order by n.created_at desc, n.id;
$$;

--
-- Name: FUNCTION my_notifications(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.my_notifications() IS 'The current user''s notifications (booking confirmed or cancelled, waitlist offers, event changes), newest first. Signed-in users only. Errors: none.';

--
-- Name: my_queue_entry(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.my_queue_entry(event_id uuid) RETURNS evently.queue_entries
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select q.*
    from evently.queue_entries q
   where q.event_id = my_queue_entry.event_id and q.user_id = evently.current_user_id();
$$;

--
-- Name: FUNCTION my_queue_entry(event_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.my_queue_entry(event_id uuid) IS 'The current user''s place in the event''s waiting room (null when not in it); people_ahead and admitted_now tell where it stands. Errors: none.';

--
-- Name: tickets; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.tickets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    booking_id uuid NOT NULL,
    event_id uuid NOT NULL,
    user_id uuid NOT NULL,
    code text DEFAULT encode(public.gen_random_bytes(16), 'hex'::text) NOT NULL,
    status text DEFAULT 'valid'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    seat_id uuid,
    checked_in_at timestamp with time zone,
    checked_in_by uuid,
    CONSTRAINT tickets_checked_in_by CHECK (((checked_in_by IS NULL) OR (checked_in_at IS NOT NULL))),
    CONSTRAINT tickets_status CHECK ((status = ANY (ARRAY['valid'::text, 'cancelled'::text])))
);

--
-- Name: TABLE tickets; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.tickets IS '@behavior -insert -update -delete
One admitted person of a booking, with an unguessable code.';

--
-- Name: COLUMN tickets.seat_id; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.tickets.seat_id IS 'The seat this ticket admits to (reserved seating only).';

--
-- Name: COLUMN tickets.checked_in_at; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.tickets.checked_in_at IS 'When the ticket was checked in at the door (null: not yet).';

--
-- Name: COLUMN tickets.checked_in_by; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON COLUMN evently.tickets.checked_in_by IS 'The door staff member (or admin) who checked the ticket in.';

--
-- Name: my_tickets(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.my_tickets() RETURNS SETOF evently.tickets
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select t.*
    from evently.tickets t
   where t.user_id = evently.current_user_id()
   order by t.created_at desc, t.id;
$$;

--
-- Name: FUNCTION my_tickets(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.my_tickets() IS 'The current user''s tickets (valid and cancelled), newest first. Signed-in users only. Errors: none.';

--
-- Name: my_waitlist_entries(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.my_waitlist_entries() RETURNS SETOF evently.waitlist_entries
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select w.*
    from evently.waitlist_entries w
   where w.user_id = evently.current_user_id()
   order by w.created_at desc, w.id;
$$;

--
-- Name: FUNCTION my_waitlist_entries(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.my_waitlist_entries() IS 'The current user''s waitlist entries (every status), newest first; an open offer is waitlist_entries_offer. Signed-in users only. Errors: none.';

--
-- Name: open_waiting_room(uuid, timestamp with time zone, integer, interval); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.open_waiting_room(event_id uuid, opens_at timestamp with time zone, admission_rate integer, admission_window interval DEFAULT '00:10:00'::interval) RETURNS evently.waiting_rooms
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_room evently.waiting_rooms;
  v_since timestamptz := greatest(now(), open_waiting_room.opens_at);
begin
  if open_waiting_room.opens_at is null then
    raise exception 'opens_at is required' using errcode = 'EVINV', detail = 'opens_at';
  end if;
  if open_waiting_room.admission_rate is null or open_waiting_room.admission_rate not between 1 and 1000000 then
    raise exception 'admission_rate must be 1 to 1000000 people per minute' using errcode = 'EVINV', detail = 'admission_rate';
  end if;
  if open_waiting_room.admission_window is null
     or open_waiting_room.admission_window not between interval '1 minute' and interval '1 day' then
    raise exception 'admission_window must be between 1 minute and 1 day' using errcode = 'EVINV', detail = 'admission_window';
  end if;
  v_event := evently_private.bookable_event(open_waiting_room.event_id);
  if open_waiting_room.opens_at >= v_event.starts_at then
    raise exception 'The waiting room must open before the event starts' using errcode = 'EVINV', detail = 'opens_at';
  end if;
  -- Reconfiguring restarts the rate count from now (or the new opening), keeping everyone's
  -- place: a higher rate never releases a burst for the time already passed.
  insert into evently.waiting_rooms as r (event_id, opens_at, admission_rate, admission_window, counting_since)
  values (v_event.id, open_waiting_room.opens_at, open_waiting_room.admission_rate, open_waiting_room.admission_window,
          v_since)
  on conflict on constraint waiting_rooms_pkey do update
     set opens_at = excluded.opens_at, admission_rate = excluded.admission_rate,
         admission_window = excluded.admission_window, counting_since = excluded.counting_since,
         admitted_before = r.admitted, updated_at = now()
  returning * into v_room;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'waiting_room.opened', 'event', v_room.event_id,
          jsonb_build_object('opens_at', v_room.opens_at, 'admission_rate', v_room.admission_rate,
                             'admission_window_seconds', extract(epoch from v_room.admission_window)));
  perform evently_private.schedule_admissions(v_room.event_id, v_room.opens_at);
  return v_room;
end;
$$;

--
-- Name: FUNCTION open_waiting_room(event_id uuid, opens_at timestamp with time zone, admission_rate integer, admission_window interval); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.open_waiting_room(event_id uuid, opens_at timestamp with time zone, admission_rate integer, admission_window interval) IS 'Admin: puts a waiting room in front of the event''s on-sale (or changes it). From now on only people admitted from its queue may hold, book or join the waitlist; from opens_at on, admission_rate people per minute are admitted in join order, each for admission_window. Changing it keeps everyone''s place and counts the rate afresh. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV, EVNFD, EVECN, EVPST.';

--
-- Name: queue_entries_admitted_now(evently.queue_entries); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.queue_entries_admitted_now(q evently.queue_entries) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Like an offer, an admission past its time counts as gone before anything closes it.
  select q.status = 'admitted' and q.admission_expires_at > now();
$$;

--
-- Name: FUNCTION queue_entries_admitted_now(q evently.queue_entries); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.queue_entries_admitted_now(q evently.queue_entries) IS 'Whether this entry''s holder may hold and book now (admitted, admission not expired). Computed column QueueEntry.admittedNow. Errors: none.';

--
-- Name: queue_entries_people_ahead(evently.queue_entries); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.queue_entries_people_ahead(q evently.queue_entries) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- security definer: counts other people's entries, which RLS hides from the caller; only
  -- for an entry the caller may already see.
  select count(*)
    from evently.queue_entries o
   where q.status = 'waiting' and (q.user_id = evently.current_user_id() or evently.current_user_is_admin())
     and o.event_id = q.event_id and o.status = 'waiting' and o.position < q.position;
$$;

--
-- Name: FUNCTION queue_entries_people_ahead(q evently.queue_entries); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.queue_entries_people_ahead(q evently.queue_entries) IS 'How many people are waiting ahead of this entry (0 once admitted or left). Computed column QueueEntry.peopleAhead. Errors: none.';

--
-- Name: register(text, text, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.register(email text, password text, name text) RETURNS evently.users
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
declare
  v_user evently.users;
begin
  if register.email is null or register.email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(register.email) > 254 then
    raise exception 'email must be a valid email address' using errcode = 'EVINV', detail = 'email';
  end if;
  if register.name is null or length(btrim(register.name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  if register.password is null or length(register.password) not between 8 and 200 then
    raise exception 'Password must be 8 to 200 characters' using errcode = 'EVWPW', detail = 'password';
  end if;
  begin
    insert into evently.users (email, name) values (register.email, btrim(register.name))
    returning * into v_user;
  exception when unique_violation then
    raise exception 'An account with this email already exists' using errcode = 'EVEML', detail = 'email';
  end;
  -- Only the bcrypt hash is stored; the plain password never leaves this function.
  insert into evently_private.user_secrets (user_id, password_hash)
  values (v_user.id, crypt(register.password, gen_salt('bf', 10)));
  return v_user;
end;
$_$;

--
-- Name: FUNCTION register(email text, password text, name text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.register(email text, password text, name text) IS 'Creates an account (role ''user''). Errors: EVINV (email, name), EVWPW (password 8-200 chars), EVEML (email taken).';

--
-- Name: release_hold(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.release_hold(hold_id uuid) RETURNS evently.holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
  v_hold evently.holds := evently_private.lock_own_active_hold(release_hold.hold_id, v_user_id, p_admin_may => true);
begin
  select * into v_hold from evently_private.close_holds(array[v_hold.id], 'released');
  return v_hold;
end;
$$;

--
-- Name: FUNCTION release_hold(hold_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.release_hold(hold_id uuid) IS 'Gives the tickets of an active hold back (its owner, or an admin). Errors: EVAUT, EVNFD, EVHNA.';

--
-- Name: webhook_deliveries; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.webhook_deliveries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    endpoint_id uuid NOT NULL,
    webhook_event_id uuid NOT NULL,
    replay_of uuid,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    response_status integer,
    response_body text,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_attempt_at timestamp with time zone,
    delivered_at timestamp with time zone,
    CONSTRAINT webhook_deliveries_attempts CHECK ((attempts >= 0)),
    CONSTRAINT webhook_deliveries_delivered_at CHECK (((status = 'delivered'::text) = (delivered_at IS NOT NULL))),
    CONSTRAINT webhook_deliveries_last_error_cap CHECK ((length(last_error) <= 1000)),
    CONSTRAINT webhook_deliveries_response_body_cap CHECK ((octet_length(response_body) <= 1024)),
    CONSTRAINT webhook_deliveries_status CHECK ((status = ANY (ARRAY['pending'::text, 'delivered'::text, 'failed'::text])))
);

--
-- Name: TABLE webhook_deliveries; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.webhook_deliveries IS '@behavior -insert -update -delete
One webhook event sent to one endpoint: status, attempts, the last response''s status code and at most 1 kB of its body.';

--
-- Name: replay_webhook_delivery(uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.replay_webhook_delivery(delivery_id uuid) RETURNS evently.webhook_deliveries
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_original evently.webhook_deliveries;
  v_active boolean;
  v_delivery evently.webhook_deliveries;
begin
  select * into v_original from evently.webhook_deliveries d where d.id = replay_webhook_delivery.delivery_id;
  if not found then
    raise exception 'Webhook delivery not found' using errcode = 'EVNFD', detail = 'delivery_id';
  end if;
  select e.active into v_active from evently.webhook_endpoints e where e.id = v_original.endpoint_id;
  if not v_active then
    raise exception 'The endpoint is inactive: activate it before replaying' using errcode = 'EVWHI', detail = 'delivery_id';
  end if;
  -- security definer: no API role writes deliveries. A new delivery of the same event (same
  -- webhook-id) to the same endpoint, sent by its own job; the original keeps its record.
  insert into evently.webhook_deliveries (endpoint_id, webhook_event_id, replay_of)
  values (v_original.endpoint_id, v_original.webhook_event_id, v_original.id)
  returning * into v_delivery;
  perform evently_private.schedule_webhook_delivery(v_delivery.id);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_delivery.replayed', 'webhook_endpoint', v_delivery.endpoint_id,
          jsonb_build_object('delivery_id', v_delivery.id, 'replay_of', v_original.id));
  return v_delivery;
end;
$$;

--
-- Name: FUNCTION replay_webhook_delivery(delivery_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.replay_webhook_delivery(delivery_id uuid) IS 'Admin: sends a delivery''s webhook event again to its endpoint (whatever became of the first: delivered, failed or pending), as a new delivery with replay_of set and the same webhook-id. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVWHI (endpoint inactive).';

--
-- Name: revoke_door_staff(uuid, uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.revoke_door_staff(event_id uuid, user_id uuid) RETURNS evently.door_staff
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_grant evently.door_staff;
begin
  -- security definer: no API role may delete from door_staff. Tickets already checked
  -- in by this user stay checked in (checked_in_by keeps naming them).
  delete from evently.door_staff d
   where d.event_id = revoke_door_staff.event_id and d.user_id = revoke_door_staff.user_id
  returning * into v_grant;
  if not found then
    raise exception 'This user is not door staff of this event' using errcode = 'EVNFD', detail = 'user_id';
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'door_staff.revoked', 'event', v_grant.event_id, jsonb_build_object('user_id', v_grant.user_id));
  return v_grant;
end;
$$;

--
-- Name: FUNCTION revoke_door_staff(event_id uuid, user_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.revoke_door_staff(event_id uuid, user_id uuid) IS 'Admin: takes back a user''s door-staff grant for this event (their past check-ins stay); returns the grant removed. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD (no such grant).';

--
-- Name: rotate_webhook_secret(uuid, text); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.rotate_webhook_secret(endpoint_id uuid, secret text DEFAULT NULL::text) RETURNS evently.webhook_endpoint_secret
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
  v_secret text;
begin
  select * into v_endpoint from evently.webhook_endpoints w where w.id = rotate_webhook_secret.endpoint_id for update;
  if not found then
    raise exception 'Webhook endpoint not found' using errcode = 'EVNFD', detail = 'endpoint_id';
  end if;
  v_secret := evently_private.webhook_secret(rotate_webhook_secret.secret);
  -- security definer: secrets live in evently_private. Every attempt from now on is signed
  -- with the new secret, retries and replays of older deliveries too.
  update evently_private.webhook_secrets s set secret = v_secret, created_at = now() where s.endpoint_id = v_endpoint.id;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.secret_rotated', 'webhook_endpoint', v_endpoint.id, '{}');
  return (v_endpoint.id, v_endpoint.url, v_endpoint.event_types, v_endpoint.description, v_endpoint.active,
          v_endpoint.created_at, v_secret)::evently.webhook_endpoint_secret;
end;
$$;

--
-- Name: FUNCTION rotate_webhook_secret(endpoint_id uuid, secret text); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.rotate_webhook_secret(endpoint_id uuid, secret text) IS 'Admin: replaces an endpoint''s signing secret (given as whsec_ base64, or generated) and shows the new one, this once; later attempts are signed with it. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVINV (secret).';

--
-- Name: ticket_types_available(evently.ticket_types); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.ticket_types_available(t evently.ticket_types) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- What a buyer can hold or book of this type now: its own free tickets, never more than
  -- the event has.
  select least(evently_private.ticket_type_free(t),
               (select evently.events_available(e) from evently.events e where e.id = t.event_id));
$$;

--
-- Name: FUNCTION ticket_types_available(t evently.ticket_types); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.ticket_types_available(t evently.ticket_types) IS 'Tickets of this type that can be held or booked now: its capacity minus booked minus unexpired holds, at most what the event has left; 0 outside the sales window and while anyone is on its waitlist. Computed column TicketType.available. Errors: none.';

--
-- Name: tickets_seat(evently.tickets); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.tickets_seat(t evently.tickets) RETURNS evently.seat_info
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y, s.category, s.price_cents, s.status
    from evently.tickets own
    join evently.event_seats s on s.id = own.seat_id
   where own.id = t.id
     and (own.user_id = evently.current_user_id() or evently.current_user_is_admin());
$$;

--
-- Name: FUNCTION tickets_seat(t evently.tickets); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.tickets_seat(t evently.tickets) IS 'The seat a ticket admits to, for reserved seating (GraphQL field Ticket.seat). Errors: none.';

--
-- Name: counter_mismatches; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.counter_mismatches (
    id bigint NOT NULL,
    event_id uuid NOT NULL,
    counter text NOT NULL,
    recorded integer NOT NULL,
    actual integer NOT NULL,
    detected_at timestamp with time zone DEFAULT now() NOT NULL,
    repaired_at timestamp with time zone,
    repaired_by text,
    note text,
    CONSTRAINT counter_mismatches_counter CHECK ((counter = ANY (ARRAY['held'::text, 'booked'::text, 'waiting'::text, 'tickets_valid'::text, 'seats_held'::text, 'seats_booked'::text, 'seats_orphaned'::text, 'seat_tickets'::text, 'hold_seats'::text])))
);

--
-- Name: TABLE counter_mismatches; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.counter_mismatches IS '@behavior -insert -update -delete
Counters found not to equal the rows they count (reconcile_counters job), and who repaired them.';

--
-- Name: unrepaired_counter_mismatches(); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.unrepaired_counter_mismatches() RETURNS SETOF evently.counter_mismatches
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- For the organizer's dashboard alert: what reconcile_counters recorded and nobody has
  -- repaired yet (repairs stay a DBA's act: evently_private.repair_counter).
  -- Security definer, like analytics_*: require_admin is the gate (no API role may execute it).
  perform evently_private.require_admin();
  return query
  select m.* from evently.counter_mismatches m
   where m.repaired_at is null
   order by m.detected_at desc, m.id desc;
end;
$$;

--
-- Name: FUNCTION unrepaired_counter_mismatches(); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.unrepaired_counter_mismatches() IS 'Admin: the counter mismatches reconciliation recorded and nobody repaired yet, newest first. Errors: EVAUT, EVFBD.';

--
-- Name: upcoming_events(timestamp with time zone, timestamp with time zone, text, uuid); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.upcoming_events(starts_after timestamp with time zone DEFAULT NULL::timestamp with time zone, starts_before timestamp with time zone DEFAULT NULL::timestamp with time zone, city text DEFAULT NULL::text, venue_id uuid DEFAULT NULL::uuid) RETURNS SETOF evently.events
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select e.*
    from evently.events e
   where e.status = 'published'
     and e.starts_at >= coalesce(upcoming_events.starts_after, now())
     and (upcoming_events.starts_before is null or e.starts_at < upcoming_events.starts_before)
     and (upcoming_events.city is null
          or e.venue_id in (select v.id from evently.find_venues(upcoming_events.city) v))
     and (upcoming_events.venue_id is null or e.venue_id = upcoming_events.venue_id)
   order by e.starts_at, e.id;
$$;

--
-- Name: FUNCTION upcoming_events(starts_after timestamp with time zone, starts_before timestamp with time zone, city text, venue_id uuid); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.upcoming_events(starts_after timestamp with time zone, starts_before timestamp with time zone, city text, venue_id uuid) IS 'Published events starting from starts_after (default now) and before starts_before, optionally in one city (as find_venues matches it) or venue, soonest first. Open to anonymous users. Errors: none.';

--
-- Name: update_event(uuid, text, timestamp with time zone, integer, uuid, text, timestamp with time zone, integer, interval, integer, interval); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.update_event(event_id uuid, name text DEFAULT NULL::text, starts_at timestamp with time zone DEFAULT NULL::timestamp with time zone, capacity integer DEFAULT NULL::integer, venue_id uuid DEFAULT NULL::uuid, description text DEFAULT NULL::text, ends_at timestamp with time zone DEFAULT NULL::timestamp with time zone, price_cents integer DEFAULT NULL::integer, hold_ttl interval DEFAULT NULL::interval, max_tickets_per_user integer DEFAULT NULL::integer, offer_ttl interval DEFAULT NULL::interval) RETURNS evently.events
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_old evently.events;
  v_new evently.events;
  v_changes jsonb;
begin
  -- Arguments left null keep their current value.
  select * into v_old from evently.events e where e.id = update_event.event_id for no key update;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if v_old.status = 'cancelled' then
    raise exception 'Event "%" is cancelled', v_old.name using errcode = 'EVECN';
  end if;
  if update_event.venue_id is not null
     and not exists (select 1 from evently.venues v where v.id = update_event.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if update_event.capacity is not null and v_old.seating = 'reserved' and update_event.capacity <> v_old.capacity then
    raise exception 'capacity of a reserved-seating event is its seat count (%)', v_old.capacity
      using errcode = 'EVSEA', detail = 'capacity';
  end if;
  if update_event.venue_id is not null and v_old.seating = 'reserved' and update_event.venue_id <> v_old.venue_id then
    raise exception 'A reserved-seating event cannot move to another venue' using errcode = 'EVSEA', detail = 'venue_id';
  end if;
  v_new := v_old;
  v_new.name := coalesce(btrim(update_event.name), v_old.name);
  v_new.starts_at := coalesce(update_event.starts_at, v_old.starts_at);
  v_new.capacity := coalesce(update_event.capacity, v_old.capacity);
  v_new.venue_id := coalesce(update_event.venue_id, v_old.venue_id);
  v_new.description := coalesce(update_event.description, v_old.description);
  v_new.ends_at := coalesce(update_event.ends_at, v_old.ends_at);
  v_new.price_cents := coalesce(update_event.price_cents, v_old.price_cents);
  v_new.hold_ttl := coalesce(update_event.hold_ttl, v_old.hold_ttl);
  v_new.max_tickets_per_user := coalesce(update_event.max_tickets_per_user, v_old.max_tickets_per_user);
  v_new.offer_ttl := coalesce(update_event.offer_ttl, v_old.offer_ttl);
  if v_new.offer_ttl not between interval '1 minute' and interval '7 days' then
    raise exception 'offer_ttl must be from 1 minute to 7 days' using errcode = 'EVINV', detail = 'offer_ttl';
  end if;
  perform evently_private.assert_event_fields(v_new.name, v_new.starts_at, v_new.ends_at, v_new.capacity,
    v_new.price_cents, v_new.hold_ttl, v_new.max_tickets_per_user,
    p_allow_past_start => update_event.starts_at is null and v_old.starts_at <= now());
  if v_new.capacity < v_old.held + v_old.booked then
    -- Expired holds still counted in held must not make the change fail.
    perform evently_private.reclaim_expired_holds(v_old.id);
    select e.held, e.booked into v_old.held, v_old.booked from evently.events e where e.id = v_old.id;
    if v_new.capacity < v_old.held + v_old.booked then
      raise exception 'Capacity cannot go below % (% sold, % held)', v_old.booked + v_old.held, v_old.booked, v_old.held
        using errcode = 'EVCAP', detail = 'capacity';
    end if;
  end if;
  update evently.events e
     set name = v_new.name, starts_at = v_new.starts_at, capacity = v_new.capacity, venue_id = v_new.venue_id,
         description = v_new.description, ends_at = v_new.ends_at, price_cents = v_new.price_cents,
         hold_ttl = v_new.hold_ttl, max_tickets_per_user = v_new.max_tickets_per_user,
         offer_ttl = v_new.offer_ttl, updated_at = now()
   where e.id = update_event.event_id
  returning * into v_new;
  select coalesce(jsonb_object_agg(n.key, jsonb_build_object('from', o.value, 'to', n.value)), '{}')
    into v_changes
    from jsonb_each(to_jsonb(v_new)) n join jsonb_each(to_jsonb(v_old)) o using (key)
   where n.value is distinct from o.value and n.key not in ('updated_at', 'held', 'booked', 'waiting', 'waitlist_seq');
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'event.updated', 'event', v_new.id, v_changes);
  if v_changes ?| array['starts_at', 'ends_at', 'venue_id'] then
    perform evently_private.notify_event_holders(v_new.id, 'event_changed', jsonb_build_object('changes', v_changes));
  end if;
  if v_new.capacity > v_old.capacity then
    perform evently_private.promote_waitlist(v_new.id);
  end if;
  return v_new;
end;
$$;

--
-- Name: FUNCTION update_event(event_id uuid, name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, offer_ttl interval); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.update_event(event_id uuid, name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, offer_ttl interval) IS 'Admin: changes an event; null arguments keep the current value. Capacity never goes below tickets sold plus held; more capacity goes to the waitlist first; a new time or venue notifies every ticket holder. Errors: EVAUT, EVFBD, EVNFD, EVECN, EVINV, EVCAP, EVSEA (capacity or venue of a reserved-seating event).';

--
-- Name: update_ticket_type(uuid, text, integer, integer, timestamp with time zone, timestamp with time zone, integer, text, integer); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.update_ticket_type(ticket_type_id uuid, name text DEFAULT NULL::text, capacity integer DEFAULT NULL::integer, price_cents integer DEFAULT NULL::integer, sales_start timestamp with time zone DEFAULT NULL::timestamp with time zone, sales_end timestamp with time zone DEFAULT NULL::timestamp with time zone, max_tickets_per_user integer DEFAULT NULL::integer, description text DEFAULT NULL::text, sort_order integer DEFAULT NULL::integer) RETURNS evently.ticket_types
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_type evently.ticket_types;
begin
  -- Event row, then the type's (the lock order of every counter change).
  select e.* into v_event from evently.events e
   where e.id = (select t.event_id from evently.ticket_types t where t.id = update_ticket_type.ticket_type_id)
     for no key update;
  select * into v_type from evently.ticket_types t where t.id = update_ticket_type.ticket_type_id for update;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  -- Null leaves a field as it is.
  v_type.name := coalesce(btrim(update_ticket_type.name), v_type.name);
  v_type.capacity := coalesce(update_ticket_type.capacity, v_type.capacity);
  v_type.price_cents := coalesce(update_ticket_type.price_cents, v_type.price_cents);
  v_type.sales_start := coalesce(update_ticket_type.sales_start, v_type.sales_start);
  v_type.sales_end := coalesce(update_ticket_type.sales_end, v_type.sales_end);
  v_type.max_tickets_per_user := coalesce(update_ticket_type.max_tickets_per_user, v_type.max_tickets_per_user);
  v_type.description := coalesce(update_ticket_type.description, v_type.description);
  v_type.sort_order := coalesce(update_ticket_type.sort_order, v_type.sort_order);
  perform evently_private.assert_ticket_type_fields(v_event, v_type.name, v_type.capacity, v_type.price_cents,
    v_type.sales_start, v_type.sales_end, v_type.max_tickets_per_user, v_type.description);
  if v_type.capacity < v_type.held + v_type.booked then
    raise exception 'Capacity cannot go below the % tickets held or booked', v_type.held + v_type.booked
      using errcode = 'EVCAP', detail = 'capacity';
  end if;
  begin
    update evently.ticket_types t
       set name = v_type.name, capacity = v_type.capacity, price_cents = v_type.price_cents,
           sales_start = v_type.sales_start, sales_end = v_type.sales_end,
           max_tickets_per_user = v_type.max_tickets_per_user, description = v_type.description,
           sort_order = v_type.sort_order, updated_at = now()
     where t.id = v_type.id
    returning * into v_type;
  exception when unique_violation then
    raise exception 'This event already has a ticket type named "%"', v_type.name using errcode = 'EVINV', detail = 'name';
  end;
  -- More capacity, or a sales window that opens now, goes to the type's waitlist first.
  perform evently_private.promote_waitlist(v_type.event_id);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'ticket_type.updated', 'event', v_type.event_id,
          jsonb_build_object('ticket_type_id', v_type.id, 'name', v_type.name, 'capacity', v_type.capacity,
                             'price_cents', v_type.price_cents));
  return v_type;
end;
$$;

--
-- Name: FUNCTION update_ticket_type(ticket_type_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.update_ticket_type(ticket_type_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) IS 'Admin: changes a ticket type (null leaves a field unchanged); capacity never below what is held and booked; more capacity goes to the type''s waitlist first. A new price applies to bookings made from now on. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV, EVNFD, EVCAP.';

--
-- Name: update_webhook_endpoint(uuid, text, text[], text, boolean); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.update_webhook_endpoint(endpoint_id uuid, url text DEFAULT NULL::text, event_types text[] DEFAULT NULL::text[], description text DEFAULT NULL::text, active boolean DEFAULT NULL::boolean) RETURNS evently.webhook_endpoints
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
begin
  -- security definer: no API role writes webhook_endpoints. Null arguments keep the value.
  select * into v_endpoint from evently.webhook_endpoints w where w.id = update_webhook_endpoint.endpoint_id for update;
  if not found then
    raise exception 'Webhook endpoint not found' using errcode = 'EVNFD', detail = 'endpoint_id';
  end if;
  perform evently_private.assert_webhook_fields(coalesce(update_webhook_endpoint.url, v_endpoint.url),
    coalesce(update_webhook_endpoint.event_types, v_endpoint.event_types),
    coalesce(update_webhook_endpoint.description, v_endpoint.description));
  update evently.webhook_endpoints w
     set url = coalesce(update_webhook_endpoint.url, w.url),
         event_types = coalesce(update_webhook_endpoint.event_types, w.event_types),
         description = coalesce(update_webhook_endpoint.description, w.description),
         active = coalesce(update_webhook_endpoint.active, w.active),
         updated_at = now()
   where w.id = v_endpoint.id
  returning * into v_endpoint;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.updated', 'webhook_endpoint', v_endpoint.id,
          jsonb_strip_nulls(jsonb_build_object('url', update_webhook_endpoint.url, 'event_types', update_webhook_endpoint.event_types,
                                               'description', update_webhook_endpoint.description,
                                               'active', update_webhook_endpoint.active)));
  return v_endpoint;
end;
$$;

--
-- Name: FUNCTION update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, active boolean); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, active boolean) IS 'Admin: changes a webhook endpoint''s URL, event types, description or active flag (null keeps the value; inactive endpoints get no new deliveries and pending ones are not sent). Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVINV.';

--
-- Name: waiting_rooms_waiting(evently.waiting_rooms); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.waiting_rooms_waiting(r evently.waiting_rooms) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- security definer: counts everyone's entries, which RLS hides; a count tells nobody who.
  select count(*) from evently.queue_entries q where q.event_id = r.event_id and q.status = 'waiting';
$$;

--
-- Name: FUNCTION waiting_rooms_waiting(r evently.waiting_rooms); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.waiting_rooms_waiting(r evently.waiting_rooms) IS 'How many people are waiting in the room''s line now. Computed column WaitingRoom.waiting. Errors: none.';

--
-- Name: waitlist_entries_offer(evently.waitlist_entries); Type: FUNCTION; Schema: evently; Owner: -
--

CREATE FUNCTION evently.waitlist_entries_offer(w evently.waitlist_entries) RETURNS evently.holds
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Open means confirmable now: like events_available, a hold past expires_at counts as
  -- gone even before a job or a booking has closed it.
  select o.*
    from evently.holds o
   where o.waitlist_entry_id = w.id and o.status = 'active' and o.expires_at > now();
$$;

--
-- Name: FUNCTION waitlist_entries_offer(w evently.waitlist_entries); Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON FUNCTION evently.waitlist_entries_offer(w evently.waitlist_entries) IS 'The entry''s open offer: an active, unexpired hold to confirm (confirm_hold) or decline (decline_offer); null when there is none. Computed column WaitlistEntry.offer. Errors: none.';

--
-- Name: admit_from_queue(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.admit_from_queue(p_event_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_room evently.waiting_rooms;
  v_allowed bigint;
  v_admitted integer;
  -- The clock, not the transaction's start: a join that waited for the room's lock must not
  -- count the wait as time the rate allows, and admission times then follow the line.
  v_now timestamptz := clock_timestamp();
begin
  -- Under the room row's lock (a join in the same transaction already holds it).
  select * into v_room from evently.waiting_rooms r where r.event_id = p_event_id for update;
  v_now := clock_timestamp();
  if not found or v_room.opens_at > v_now then
    return 0;
  end if;
  -- The rate as a budget: at most admission_rate per minute since counting_since, in all.
  v_allowed := floor(v_room.admission_rate * extract(epoch from v_now - v_room.counting_since) / 60)::bigint
               - (v_room.admitted - v_room.admitted_before);
  if v_allowed <= 0 then
    return 0;
  end if;
  with next_in_line as (
    select q.id
      from evently.queue_entries q
     where q.event_id = p_event_id and q.status = 'waiting'
     order by q.position
     limit v_allowed
  ), admitted as (
    update evently.queue_entries q
       set status = 'admitted', admitted_at = v_now, admission_expires_at = v_now + v_room.admission_window
      from next_in_line n
     where q.id = n.id
    returning q.user_id, q.admission_expires_at
  )
  select count(evently_private.queue_notification(a.user_id, 'queue_admitted', p_event_id,
           jsonb_build_object('admission_expires_at', a.admission_expires_at)))::integer
    into v_admitted
    from admitted a;
  if v_admitted > 0 then
    update evently.waiting_rooms r set admitted = r.admitted + v_admitted where r.event_id = p_event_id;
    -- Live positions: the same channel as availability (eventChanged), once per transaction.
    if coalesce(current_setting('evently.live_updates', true), '') <> 'off' then
      perform pg_notify('evently_event:' || p_event_id::text, '');
    end if;
  end if;
  return v_admitted;
end;
$$;

--
-- Name: FUNCTION admit_from_queue(p_event_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.admit_from_queue(p_event_id uuid) IS 'Admits the next people waiting in the event''s queue, in position order, as many as the rate allows now (admission_rate per minute since counting_since, in all), each until the clock + admission_window, with a queue_admitted notification. Returns how many. Errors: none.';

--
-- Name: assert_admitted(uuid, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.assert_admitted(p_event_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_entry evently.queue_entries;
begin
  -- Most events have no waiting room: one primary-key probe, and done.
  if not exists (select 1 from evently.waiting_rooms r where r.event_id = p_event_id) then
    return;
  end if;
  select * into v_entry from evently.queue_entries q where q.event_id = p_event_id and q.user_id = p_user_id;
  if found and v_entry.status = 'admitted' and v_entry.admission_expires_at > now() then
    return;
  end if;
  if not found or v_entry.status = 'left' then
    raise exception 'This on-sale has a waiting room: join the queue first' using errcode = 'EVQAD', detail = 'not_in_queue';
  elsif v_entry.status = 'waiting' then
    raise exception 'You are still waiting in the queue' using errcode = 'EVQAD', detail = 'waiting';
  else
    raise exception 'Your admission expired at %: join the queue again', v_entry.admission_expires_at
      using errcode = 'EVQAD', detail = 'admission_expired';
  end if;
end;
$$;

--
-- Name: FUNCTION assert_admitted(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.assert_admitted(p_event_id uuid, p_user_id uuid) IS 'Nothing when the event has no waiting room or the user''s admission is current; raises EVQAD otherwise (detail not_in_queue, waiting or admission_expired). Errors: EVQAD.';

--
-- Name: assert_event_fields(text, timestamp with time zone, timestamp with time zone, integer, integer, interval, integer, boolean); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.assert_event_fields(p_name text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_capacity integer, p_price_cents integer, p_hold_ttl interval, p_max_tickets_per_user integer, p_allow_past_start boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- The table's CHECK constraints are the backstop; these give callers an error that
  -- names the field instead of a masked constraint violation.
  if p_name is null or length(btrim(p_name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  -- An event that already started may still have its name or description corrected.
  if p_starts_at is null or (p_starts_at <= now() and not p_allow_past_start) then
    raise exception 'starts_at must be in the future' using errcode = 'EVINV', detail = 'starts_at';
  end if;
  if p_ends_at is not null and p_ends_at <= p_starts_at then
    raise exception 'ends_at must be after starts_at' using errcode = 'EVINV', detail = 'ends_at';
  end if;
  if p_capacity is null or p_capacity < 1 or p_capacity > 1000000 then
    raise exception 'capacity must be from 1 to 1000000' using errcode = 'EVINV', detail = 'capacity';
  end if;
  if p_price_cents is null or p_price_cents < 0 then
    raise exception 'price_cents must be 0 or more' using errcode = 'EVINV', detail = 'price_cents';
  end if;
  if p_hold_ttl is null or p_hold_ttl not between interval '10 seconds' and interval '1 day' then
    raise exception 'hold_ttl must be from 10 seconds to 1 day' using errcode = 'EVINV', detail = 'hold_ttl';
  end if;
  if p_max_tickets_per_user is null or p_max_tickets_per_user < 1 then
    raise exception 'max_tickets_per_user must be 1 or more' using errcode = 'EVINV', detail = 'max_tickets_per_user';
  end if;
end;
$$;

--
-- Name: FUNCTION assert_event_fields(p_name text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_capacity integer, p_price_cents integer, p_hold_ttl interval, p_max_tickets_per_user integer, p_allow_past_start boolean); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.assert_event_fields(p_name text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_capacity integer, p_price_cents integer, p_hold_ttl interval, p_max_tickets_per_user integer, p_allow_past_start boolean) IS 'Validates event fields for create_event and update_event, raising EVINV with the field name in DETAIL. Errors: EVINV.';

--
-- Name: assert_ticket_type_fields(evently.events, text, integer, integer, timestamp with time zone, timestamp with time zone, integer, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.assert_ticket_type_fields(p_event evently.events, p_name text, p_capacity integer, p_price_cents integer, p_sales_start timestamp with time zone, p_sales_end timestamp with time zone, p_max_tickets_per_user integer, p_description text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- The same rules as the table's CHECKs, as EVINV naming the field (a CHECK would say 23514).
  if p_name is null or length(btrim(p_name)) not between 1 and 100 then
    raise exception 'name must be 1 to 100 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  if p_capacity is null or p_capacity < 1 or p_capacity > p_event.capacity then
    raise exception 'capacity must be from 1 to the event''s capacity (%)', p_event.capacity using errcode = 'EVINV', detail = 'capacity';
  end if;
  if p_price_cents is not null and p_price_cents not between 0 and 999999999 then
    raise exception 'price_cents must be 0 to 999999999' using errcode = 'EVINV', detail = 'price_cents';
  end if;
  if p_sales_end is not null and p_sales_start is not null and p_sales_end <= p_sales_start then
    raise exception 'sales_end must be after sales_start' using errcode = 'EVINV', detail = 'sales_end';
  end if;
  if p_max_tickets_per_user is not null and p_max_tickets_per_user not between 1 and 100 then
    raise exception 'max_tickets_per_user must be 1 to 100' using errcode = 'EVINV', detail = 'max_tickets_per_user';
  end if;
  if length(p_description) > 1000 then
    raise exception 'description must be at most 1000 characters' using errcode = 'EVINV', detail = 'description';
  end if;
end;
$$;

--
-- Name: FUNCTION assert_ticket_type_fields(p_event evently.events, p_name text, p_capacity integer, p_price_cents integer, p_sales_start timestamp with time zone, p_sales_end timestamp with time zone, p_max_tickets_per_user integer, p_description text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.assert_ticket_type_fields(p_event evently.events, p_name text, p_capacity integer, p_price_cents integer, p_sales_start timestamp with time zone, p_sales_end timestamp with time zone, p_max_tickets_per_user integer, p_description text) IS 'Raises EVINV (detail: the field) for a ticket type''s name, capacity (1 to the event''s), price, sales window, per-person limit or description out of range. Errors: EVINV.';

--
-- Name: assert_webhook_fields(text, text[], text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.assert_webhook_fields(p_url text, p_event_types text[], p_description text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
begin
  -- The table's CHECK constraints are the backstop; these name the field. Where the URL
  -- leads (private and loopback addresses) is checked when a delivery is sent, after
  -- resolving the name, because DNS can change after registration.
  if p_url is null or length(p_url) > 2000 or p_url !~ '^https?://[^\s/?#@]+([/?#]\S*)?$' then
    raise exception 'url must be an http:// or https:// URL with a host and no credentials (at most 2000 characters)'
      using errcode = 'EVINV', detail = 'url';
  end if;
  if p_event_types is null or cardinality(p_event_types) = 0
     or not p_event_types <@ array['booking.confirmed', 'booking.cancelled', 'event.sold_out', 'waitlist.offered', 'event.cancelled']
     or array_position(p_event_types, null) is not null
     or cardinality(p_event_types) <> (select count(distinct t) from unnest(p_event_types) t) then
    raise exception 'event_types must name at least one of booking.confirmed, booking.cancelled, event.sold_out, waitlist.offered, event.cancelled, each once'
      using errcode = 'EVINV', detail = 'event_types';
  end if;
  if length(p_description) > 500 then
    raise exception 'description must be at most 500 characters' using errcode = 'EVINV', detail = 'description';
  end if;
end;
$_$;

--
-- Name: FUNCTION assert_webhook_fields(p_url text, p_event_types text[], p_description text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.assert_webhook_fields(p_url text, p_event_types text[], p_description text) IS 'Checks a webhook endpoint''s URL (http or https, a host, no credentials), event types (known, each once, at least one) and description, naming the field at fault. Errors: EVINV.';

--
-- Name: assign_best_seats(evently.holds, text, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.assign_best_seats(p_hold evently.holds, p_section text, p_category text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_ids uuid[] := evently_private.best_available_seats(p_hold.event_id, p_hold.quantity, p_section, p_category);
  v_taken integer;
begin
  if cardinality(v_ids) < p_hold.quantity
     and exists (select 1 from evently.holds h
                  where h.event_id = p_hold.event_id and h.status = 'active' and h.expires_at <= now()) then
    perform evently_private.reclaim_expired_holds(p_hold.event_id);
    v_ids := evently_private.best_available_seats(p_hold.event_id, p_hold.quantity, p_section, p_category);
  end if;
  if cardinality(v_ids) < p_hold.quantity then
    -- take_capacity found room in the event, so only the section/category filter can be short.
    raise exception 'Sold out: fewer than % free seats%', p_hold.quantity,
      case when p_section is not null then format(' in section "%s"', p_section) else '' end
      || case when p_category is not null then format(' in category "%s"', p_category) else '' end
      using errcode = 'EVSLD';
  end if;
  update evently.event_seats set status = 'held', hold_id = p_hold.id
   where id = any (v_ids) and status = 'available';
  get diagnostics v_taken = row_count;
  if v_taken <> p_hold.quantity then
    -- Cannot happen while the event row lock serializes seat changes; refuse rather than half-hold.
    raise exception 'Seats changed while being held' using errcode = 'EVSTK';
  end if;
end;
$$;

--
-- Name: FUNCTION assign_best_seats(p_hold evently.holds, p_section text, p_category text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.assign_best_seats(p_hold evently.holds, p_section text, p_category text) IS 'Marks the best available seats (optionally within a section/category) as held by the hold; raises EVSLD when too few are free. Errors: EVSLD, EVSTK.';

--
-- Name: assign_seats(evently.holds, uuid[]); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.assign_seats(p_hold evently.holds, p_seat_ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_taken integer;
  v_labels text;
begin
  -- Caller holds the event row lock (take_capacity), so no one else changes seats of
  -- this event until commit.
  update evently.event_seats set status = 'held', hold_id = p_hold.id
   where event_id = p_hold.event_id and id = any (p_seat_ids) and status = 'available';
  get diagnostics v_taken = row_count;
  if v_taken < p_hold.quantity
     and exists (select 1 from evently.event_seats s join evently.holds h on h.id = s.hold_id
                  where s.event_id = p_hold.event_id and s.id = any (p_seat_ids) and s.status = 'held'
                    and h.status = 'active' and h.expires_at <= now()) then
    -- Some wanted seats sit in expired holds: release those, then take them.
    perform evently_private.reclaim_expired_holds(p_hold.event_id);
    update evently.event_seats set status = 'held', hold_id = p_hold.id
     where event_id = p_hold.event_id and id = any (p_seat_ids) and status = 'available';
    select count(*) into v_taken from evently.event_seats where hold_id = p_hold.id;
  end if;
  if v_taken < p_hold.quantity then
    select string_agg(label, ', ' order by label) into v_labels
      from evently.event_seats
     where event_id = p_hold.event_id and id = any (p_seat_ids) and (hold_id is distinct from p_hold.id);
    raise exception 'Seat already taken: %', v_labels using errcode = 'EVSTK', detail = 'seat_ids';
  end if;
end;
$$;

--
-- Name: FUNCTION assign_seats(p_hold evently.holds, p_seat_ids uuid[]); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.assign_seats(p_hold evently.holds, p_seat_ids uuid[]) IS 'Marks exactly the given seats as held by the hold, or raises EVSTK naming the seats someone else holds or booked (the whole transaction then rolls back). Errors: EVSLD, EVSTK.';

--
-- Name: best_available_seats(uuid, integer, text, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.best_available_seats(p_event_id uuid, p_quantity integer, p_section text, p_category text) RETURNS uuid[]
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET enable_bitmapscan TO 'off'
    SET enable_sort TO 'off'
    SET enable_seqscan TO 'off'
    AS $$
declare
  v_best record;
  v_ids uuid[];
begin
  -- 1. Adjacent seats in one row: the best row rank with room, and in it the best window.
  --    Every window of p_quantity free seats of a row, in seat order (the index's order, so
  --    nothing is sorted but the candidates of one rank); a window is adjacent seats when its
  --    last seat number is p_quantity - 1 past its first (numbers are unique in a row). The
  --    best is the window with the best seats (sum of seat_rank: centre first).
  --    One statement, not a statement per rank: late in a sale the front ranks keep a few
  --    scattered seats each, and visiting them one query at a time made each hold cost more
  --    the fuller the venue was (bench/results/2026-12-03-stop-27.md).
  --    This runs while the event row is locked: it is what every other buyer of the event
  --    waits for.
  select row_rank, section, row_label, first_seat into v_best
    from (
      select row_rank, section, row_label, seat_number as first_seat,
             count(*) over w as seats, last_value(seat_number) over w as last_seat,
             sum(seat_rank) over w as score
        from evently.event_seats
       where event_id = p_event_id and status = 'available'
         and (p_section is null or section = p_section)
         and (p_category is null or category = p_category)
      window w as (partition by row_rank, section, row_label order by seat_number
                   rows between current row and p_quantity - 1 following)
    ) windows
   where seats = p_quantity and last_seat = first_seat + p_quantity - 1
   order by row_rank, score, section, row_label, first_seat
   limit 1;
  if found then
    -- Every column of event_seats_available_idx: on an event its statistics have not seen
    -- yet, PostgreSQL otherwise read all of the event's seats through another index.
    select array_agg(id order by seat_number) into v_ids
      from evently.event_seats
     where event_id = p_event_id and status = 'available' and row_rank = v_best.row_rank
       and section = v_best.section and row_label = v_best.row_label
       and seat_number between v_best.first_seat and v_best.first_seat + p_quantity - 1;
    return v_ids;
  end if;
  -- 2. No row has that many adjacent free seats: the best free seats, row by row.
  select array_agg(id) into v_ids
    from (select id from evently.event_seats
           where event_id = p_event_id and status = 'available'
             and (p_section is null or section = p_section)
             and (p_category is null or category = p_category)
           order by row_rank, section, row_label, seat_number
           limit p_quantity) best;
  return coalesce(v_ids, '{}');
end;
$$;

--
-- Name: FUNCTION best_available_seats(p_event_id uuid, p_quantity integer, p_section text, p_category text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.best_available_seats(p_event_id uuid, p_quantity integer, p_section text, p_category text) IS 'The best p_quantity free seats of an event: adjacent in one row when any row has room (best row, centre first), else the best free seats row by row. Returns fewer when fewer are free. Errors: none.';

--
-- Name: book_tickets_batch(jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.book_tickets_batch(requests jsonb) RETURNS TABLE(ord integer, booking evently.bookings, error_code text, error_message text, error_detail text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
-- Booking requests that arrived together (src/booking/batcher.ts groups them by event),
-- decided in order in one transaction, so the group pays for one lock hand-over, one round
-- trip and one commit instead of one each. When all of them would succeed,
-- book_tickets_group books them at once (the event row updated once). Otherwise every
-- request runs evently.book_tickets itself, as its own user, in its own subtransaction: the
-- same rules decide (capacity, per-user limit, idempotency, waitlist precedence), and one
-- request's error (sold out, limit, bad key, …) is that request's answer and never touches
-- another's.
-- The caller vouches for the user ids (the server, having verified their tokens): only
-- evently_authenticator may execute this.
declare
  v_request jsonb;
  v_group evently.bookings[];
  v_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
begin
  if jsonb_typeof(requests) is distinct from 'array' then
    raise exception 'requests must be a JSON array' using errcode = 'EVINV', detail = 'requests';
  end if;
  -- Lock order: every per-(user, event) lock before any event row, sorted, as a single
  -- booking takes them (lock_user_tickets); otherwise a single request holding its user's
  -- lock and waiting for the event row, and this batch holding the row and waiting for
  -- that user's lock, would deadlock.
  perform evently_private.lock_user_tickets(l.event_id, l.user_id)
     from (select distinct (r->>'event_id')::uuid as event_id, (r->>'user_id')::uuid as user_id
             from jsonb_array_elements(requests) r
            where r->>'event_id' ~ v_uuid and r->>'user_id' ~ v_uuid
            order by 1, 2) l;
  -- Mostly every request succeeds: then the group is booked at once (book_tickets_group),
  -- in one subtransaction; any other group (null) or outcome leaves nothing behind and is
  -- decided one by one.
  begin
    v_group := evently_private.book_tickets_group(requests);
  exception
    -- Found out only after writing (a key another transaction claimed, tickets a concurrent
    -- booking took), or an id or quantity that does not parse, or the event's own refusals.
    when raise_exception or invalid_text_representation or numeric_value_out_of_range
      or sqlstate 'EVINV' or sqlstate 'EVNFD' or sqlstate 'EVECN' or sqlstate 'EVPST' or sqlstate 'EVSLD' then
      v_group := null;
    when others then
      -- Not expected here (a deadlock with a request outside the batch, a lock timeout, a bug):
      -- logged for the DBA, and the requests still get their answers one by one.
      raise log 'book_tickets_batch: the group path failed with % (%); deciding one by one', sqlstate, sqlerrm;
      v_group := null;
  end;
  if v_group is not null then
    error_code := null;
    error_message := null;
    error_detail := null;
    for i in 1 .. cardinality(v_group) loop
      ord := i;
      booking := v_group[i];
      return next;
    end loop;
    return;
  end if;
  ord := 0;
  for v_request in select value from jsonb_array_elements(requests) loop
    ord := ord + 1;
    booking := null;
    error_code := null;
    error_message := null;
    error_detail := null;
    begin
      perform set_config('jwt.claims.user_id', coalesce(v_request->>'user_id', ''), true);
      booking := evently.book_tickets((v_request->>'event_id')::uuid, (v_request->>'quantity')::integer,
                                      v_request->>'idempotency_key');
    exception when others then
      get stacked diagnostics error_code = returned_sqlstate, error_message = message_text,
                              error_detail = pg_exception_detail;
    end;
    return next;
  end loop;
  -- No request's identity outlives its request in this transaction.
  perform set_config('jwt.claims.user_id', '', true);
end;
$_$;

--
-- Name: FUNCTION book_tickets_batch(requests jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.book_tickets_batch(requests jsonb) IS 'Books a group of requests ([{user_id, event_id, quantity, idempotency_key}], in order) in one transaction: all at once when every one of them would succeed (book_tickets_group), otherwise each through evently.book_tickets as its own user and in its own subtransaction; returns one row per request (ord from 1): the booking, or the error that request alone raised (error_code, error_message, error_detail). For the HTTP server''s batching of hot events (evently_authenticator only). Errors: EVINV (requests not an array); per request: those of book_tickets.';

--
-- Name: book_tickets_group(jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.book_tickets_group(p_requests jsonb) RETURNS evently.bookings[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
-- The common case of a batch (book_tickets_batch), decided as one: every request books
-- general-admission tickets of the same event, none is a retry, and all of them fit. Then
-- each request gets the booking book_tickets would have made it, one after another, but the
-- event row is updated once, for the group's total, last (so it stays locked only for that
-- update and the commit), and no request needs a subtransaction of its own. When the group
-- is anything else (a refusal, a replay, a ticket type, a waiting room, a key sent twice),
-- this returns null before writing anything, and book_tickets_batch decides the requests one
-- by one instead. What only shows once rows are written (a key another transaction claimed,
-- tickets a concurrent booking took) raises: the caller runs this in a subtransaction, which
-- undoes it. So this only ever answers when every request would have succeeded, and the
-- one-by-one path gives every other answer. The caller holds every requester's per-(user,
-- event) lock for ids written in the standard form (book_tickets_batch locks those); a group
-- with an id in another form is decided one by one.
declare
  v_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  v_event evently.events;
  v_event_ids uuid[];
  v_total integer;
  v_user record;
  v_ids uuid[];
  v_user_ids uuid[];
  v_quantities integer[];
  v_keys text[];
  v_stored integer;
  v_booking evently.bookings;
  v_bookings evently.bookings[];
begin
  select array_agg(distinct (r->>'event_id')::uuid), sum((r->>'quantity')::integer)
    into v_event_ids, v_total
    from jsonb_array_elements(p_requests) r;
  if cardinality(v_event_ids) is distinct from 1 or exists (
       select 1 from jsonb_array_elements(p_requests) r
        where r->>'event_id' is null or r->>'user_id' is null or r->>'quantity' is null
           or r->>'event_id' !~ v_uuid or r->>'user_id' !~ v_uuid
           or (r->>'idempotency_key' is not null and not evently_private.valid_idempotency_key(r->>'idempotency_key'))) then
    return null;
  end if;
  -- A key sent twice in the group: its retry is a replay, which book_tickets answers.
  if exists (select 1 from jsonb_array_elements(p_requests) r where r->>'idempotency_key' is not null
              group by r->>'user_id', r->>'idempotency_key' having count(*) > 1) then
    return null;
  end if;
  v_event := evently_private.bookable_event(v_event_ids[1]);
  -- What book_tickets' direct path needs: general admission, no types, no waiting room, no
  -- waitlist, and (in this snapshot) tickets enough for everyone.
  if v_event.seating <> 'general' or v_event.waiting > 0
     or v_event.capacity - v_event.held - v_event.booked < v_total
     or not evently_private.books_directly(v_event.id) then
    return null;
  end if;
  -- Per user: every account exists (require_user), every quantity is at least 1, and all of
  -- the user's requests together stay within the per-person limit (the lock is held).
  for v_user in
    select (r->>'user_id')::uuid as user_id, sum((r->>'quantity')::integer)::integer as quantity,
           min((r->>'quantity')::integer) as smallest
      from jsonb_array_elements(p_requests) r group by 1
  loop
    if v_user.smallest < 1
       or not exists (select 1 from evently.users u where u.id = v_user.user_id)
       or evently_private.live_tickets(v_event.id, v_user.user_id) + v_user.quantity > v_event.max_tickets_per_user then
      return null;
    end if;
  end loop;
  -- Written for the whole group at once, a statement per table, not a statement per request
  -- per table: what issue_booking, queue_notification and book_tickets' key would write
  -- for each request. The booking ids are chosen first, so each request's tickets,
  -- notification and key find their booking, and the answers come back in request order.
  select array_agg(gen_random_uuid() order by n), array_agg((r->>'user_id')::uuid order by n),
         array_agg((r->>'quantity')::integer order by n), array_agg(r->>'idempotency_key' order by n)
    into v_ids, v_user_ids, v_quantities, v_keys
    from jsonb_array_elements(p_requests) with ordinality as e(r, n);
  with made as (
    insert into evently.bookings (id, event_id, user_id, quantity, total_cents)
    select x.id, v_event.id, x.user_id, x.quantity, v_event.price_cents * x.quantity
      from unnest(v_ids, v_user_ids, v_quantities) as x(id, user_id, quantity)
    returning bookings as booking
  )
  select array_agg(m.booking order by array_position(v_ids, (m.booking).id)) into v_bookings from made m;
  with issued as (
    insert into evently.tickets (booking_id, event_id, user_id)
    select x.id, v_event.id, x.user_id
      from unnest(v_ids, v_user_ids, v_quantities) as x(id, user_id, quantity), generate_series(1, x.quantity)
    returning booking_id, code
  ), codes as (
    select i.booking_id, jsonb_agg(jsonb_build_object('code', i.code, 'seat', null) order by i.code) as tickets
      from issued i group by i.booking_id
  )
  insert into evently.notifications (user_id, kind, event_id, payload)
  select b.user_id, 'booking_confirmed', v_event.id, evently_private.booking_confirmed_payload(b, c.tickets)
    from unnest(v_bookings) b join codes c on c.booking_id = b.id;
  perform evently_private.start_notification_relay();
  -- Organizers' booking.confirmed webhooks, as queue_notification sends them (their payload
  -- leaves the ticket codes out). Checked once for the group, not once per booking.
  if exists (select 1 from evently.webhook_endpoints e where e.active and e.event_types @> array['booking.confirmed']) then
    foreach v_booking in array v_bookings loop
      perform evently_private.queue_notification_webhook(v_booking.user_id, 'booking_confirmed', v_event.id,
        evently_private.booking_confirmed_payload(v_booking, null));
    end loop;
  end if;
  -- A key seen before (a replay, or a retry still in flight: this waits for it) is decided
  -- one by one, after the subtransaction undoes what this wrote.
  insert into evently_private.idempotency_keys (user_id, idempotency_key, request, booking_id)
  select x.user_id, x.key, evently_private.book_tickets_request(v_event.id, x.quantity), x.id
    from unnest(v_ids, v_user_ids, v_quantities, v_keys) as x(id, user_id, quantity, key)
   where x.key is not null
  on conflict do nothing;
  get diagnostics v_stored = row_count;
  if v_stored < (select count(*) from unnest(v_keys) k where k is not null) then
    raise exception 'book_tickets_group: a key seen before';
  end if;
  -- The conditional update still decides (a concurrent booking may have taken the tickets).
  perform evently_private.take_capacity(v_event.id, v_total, 'booked');
  return v_bookings;
end;
$_$;

--
-- Name: FUNCTION book_tickets_group(p_requests jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.book_tickets_group(p_requests jsonb) IS 'For book_tickets_batch: books every request of a group ([{user_id, event_id, quantity, idempotency_key}]) at once when all are for one general-admission event without ticket types, waiting room or waitlist, none is a replay, and all fit (capacity and per-person limits); returns their bookings in request order. Returns null, writing nothing, for any other group; raises (caught by book_tickets_batch, whose subtransaction undoes the writes) when a key turns out to be taken or the tickets gone. Either way book_tickets_batch then decides the requests one by one. Errors: EVSLD, EVECN (from the counter update), and an unregistered raise_exception for a taken key, neither reaching a client.';

--
-- Name: book_tickets_request(uuid, integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.book_tickets_request(p_event_id uuid, p_quantity integer) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- What an idempotency key of book_tickets remembers of its request: a retry with the same
  -- key must match it, whether the first request was booked alone or in a batch's group.
  return jsonb_build_object('function', 'book_tickets', 'event_id', p_event_id, 'quantity', p_quantity);
end;
$$;

--
-- Name: FUNCTION book_tickets_request(p_event_id uuid, p_quantity integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.book_tickets_request(p_event_id uuid, p_quantity integer) IS 'The request book_tickets stores with an idempotency key (and compares a retry with). Errors: none.';

--
-- Name: book_typed(evently.events, evently.ticket_types, uuid, integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.book_typed(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer) RETURNS evently.bookings
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  perform evently_private.check_ticket_type_limit(p_type, p_user_id, p_quantity);
  -- Event row first, then the type's (the booking's insert trigger), as place_typed_hold.
  perform evently_private.take_capacity(p_event.id, p_quantity, 'booked', p_type.id);
  return evently_private.issue_booking(p_event, p_user_id, p_quantity, null, p_type);
end;
$$;

--
-- Name: FUNCTION book_typed(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.book_typed(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer) IS 'Books quantity tickets of the type in one step: per-user limits (event and type), the event''s capacity, then the booking and tickets at the type''s price, whose trigger takes the type''s capacity (EVSLD when the type is sold out). Errors: EVECN, EVLIM, EVQTY, EVSLD.';

--
-- Name: bookable_event(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.bookable_event(p_event_id uuid) RETURNS evently.events
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_event evently.events;
begin
  if p_event_id is null then
    raise exception 'event_id is required' using errcode = 'EVINV', detail = 'event_id';
  end if;
  select * into v_event from evently.events where id = p_event_id;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'Event "%" is cancelled', v_event.name using errcode = 'EVECN';
  end if;
  if v_event.starts_at <= now() then
    raise exception 'Event "%" has already started', v_event.name using errcode = 'EVPST';
  end if;
  return v_event;
end;
$$;

--
-- Name: FUNCTION bookable_event(p_event_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.bookable_event(p_event_id uuid) IS 'The event if tickets may be held or booked for it now; raises EVINV, EVNFD, EVECN or EVPST. Errors: EVECN, EVINV, EVNFD, EVPST.';

--
-- Name: booking_confirmed_payload(evently.bookings, jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.booking_confirmed_payload(p_booking evently.bookings, p_tickets jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- One shape for every booking_confirmed notification, booked alone (issue_booking) or in a
  -- batch's group (book_tickets_group); p_tickets is [{code, seat}].
  return jsonb_build_object('booking_id', p_booking.id, 'quantity', p_booking.quantity,
                            'total_cents', p_booking.total_cents, 'tickets', p_tickets);
end;
$$;

--
-- Name: FUNCTION booking_confirmed_payload(p_booking evently.bookings, p_tickets jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.booking_confirmed_payload(p_booking evently.bookings, p_tickets jsonb) IS 'The payload of a booking_confirmed notification: booking_id, quantity, total_cents and tickets ([{code, seat}]). Errors: none.';

--
-- Name: books_at_once(evently.events, integer, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.books_at_once(p_event evently.events, p_quantity integer, p_idempotency_key text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- book_tickets' common case, read from the caller's snapshot without a lock: a
  -- general-admission event on sale whose tickets look free, with nothing that adds a rule
  -- (ticket types, a waiting room, a waitlist with precedence) and a request that cannot be
  -- refused for its own shape. Anything else takes the general path, which gives every
  -- refusal its code. A false yes costs nothing: take_capacity's conditional update decides.
  return p_event.id is not null and p_event.status = 'published' and p_event.starts_at > now()
     and p_event.seating = 'general' and p_event.waiting = 0
     and p_quantity >= 1 and p_quantity <= p_event.max_tickets_per_user
     and p_event.capacity - p_event.held - p_event.booked >= p_quantity
     and (p_idempotency_key is null or evently_private.valid_idempotency_key(p_idempotency_key))
     and evently_private.books_directly(p_event.id);
end;
$$;

--
-- Name: FUNCTION books_at_once(p_event evently.events, p_quantity integer, p_idempotency_key text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.books_at_once(p_event evently.events, p_quantity integer, p_idempotency_key text) IS 'Whether book_tickets may take its direct path for this request: general admission, on sale, tickets looking free in this snapshot, no ticket types, waiting room or waiting list, a quantity within 1 and the per-person limit, and a well-formed idempotency key (or none). Errors: none.';

--
-- Name: books_directly(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.books_directly(p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- What the shortcuts around book_tickets (refuse_if_sold_out, book_tickets_group) may assume
  -- of an event: no ticket types (whose own rules and lines would decide) and no waiting room
  -- (whose admissions would).
  return not exists (select 1 from evently.ticket_types t where t.event_id = p_event_id)
     and not exists (select 1 from evently.waiting_rooms r where r.event_id = p_event_id);
end;
$$;

--
-- Name: FUNCTION books_directly(p_event_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.books_directly(p_event_id uuid) IS 'True when the event has no ticket types and no waiting room, so a general-admission booking of it is decided by the event row alone. Errors: none.';

--
-- Name: cap_bytes(text, integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.cap_bytes(p_text text, p_max_bytes integer) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_text text := left(p_text, p_max_bytes);
begin
  -- At most p_max_bytes of UTF-8, cut at a character boundary.
  while octet_length(v_text) > p_max_bytes loop
    v_text := left(v_text, length(v_text) - greatest(1, (octet_length(v_text) - p_max_bytes) / 4));
  end loop;
  return v_text;
end;
$$;

--
-- Name: FUNCTION cap_bytes(p_text text, p_max_bytes integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.cap_bytes(p_text text, p_max_bytes integer) IS 'The longest prefix of p_text that fits in p_max_bytes bytes of UTF-8 (null stays null). Errors: none.';

--
-- Name: check_ticket_type_limit(evently.ticket_types, uuid, integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.check_ticket_type_limit(p_type evently.ticket_types, p_user_id uuid, p_quantity integer) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_used integer;
begin
  -- Under the per-(user, event) lock lock_and_check_ticket_limit took: the same user's
  -- concurrent requests cannot both pass this sum.
  if p_type.max_tickets_per_user is null then
    return;
  end if;
  v_used := evently_private.live_tickets(p_type.event_id, p_user_id, p_type.id);
  if v_used + p_quantity > p_type.max_tickets_per_user then
    raise exception 'At most % "%" tickets per person; you already have %', p_type.max_tickets_per_user, p_type.name, v_used
      using errcode = 'EVLIM', detail = 'ticket_type_id';
  end if;
end;
$$;

--
-- Name: FUNCTION check_ticket_type_limit(p_type evently.ticket_types, p_user_id uuid, p_quantity integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.check_ticket_type_limit(p_type evently.ticket_types, p_user_id uuid, p_quantity integer) IS 'Raises EVLIM when the user''s live holds and bookings of this ticket type plus quantity exceed its max_tickets_per_user (no limit when null). The caller holds the per-(user, event) lock. Errors: EVLIM.';

--
-- Name: claim_notifications(integer, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.claim_notifications(p_limit integer, p_id uuid DEFAULT NULL::uuid) RETURNS TABLE(id uuid, kind text, payload jsonb, attempts integer, email text, name text, event_name text, event_starts_at timestamp with time zone, venue_name text)
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Oldest due notifications first, locked until the caller's transaction ends; rows
  -- another relay has locked are skipped, so relays never send the same one twice at once.
  with claimed as (
    select n.id from evently.notifications n
     where n.status = 'pending' and (n.next_attempt_at is null or n.next_attempt_at <= now())
       and (p_id is null or n.id = p_id)
     order by n.created_at
     limit p_limit
       for update skip locked
  )
  select n.id, n.kind, n.payload, n.attempts, u.email::text, u.name, e.name, e.starts_at, v.name
    from claimed c
    join evently.notifications n on n.id = c.id
    join evently.users u on u.id = n.user_id
    left join evently.events e on e.id = n.event_id
    left join evently.venues v on v.id = e.venue_id
   order by n.created_at;
$$;

--
-- Name: FUNCTION claim_notifications(p_limit integer, p_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.claim_notifications(p_limit integer, p_id uuid) IS 'Locks up to p_limit pending notifications that are due (or only p_id), oldest first, skipping rows another relay holds, with what rendering and addressing them needs; call inside a transaction and record the outcome with record_deliveries before it commits. Errors: none registered.';

--
-- Name: close_holds(uuid[], text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.close_holds(p_hold_ids uuid[], p_status text) RETURNS SETOF evently.holds
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_closed evently.holds[];
begin
  if p_status is null or p_status not in ('confirmed', 'released', 'expired', 'cancelled') then
    raise exception 'close_holds: p_status must be confirmed, released, expired or cancelled, got %', p_status;
  end if;
  -- The one way a hold ends. Callers hold the event row lock (lock_hold, or the event
  -- row itself); status = 'active' makes closing twice a no-op.
  with closed as (
    update evently.holds h set status = p_status, closed_at = now()
     where h.id = any (p_hold_ids) and h.status = 'active'
    returning h.*
  )
  select array_agg(c) into v_closed from closed c;
  if v_closed is null then
    return;
  end if;
  if p_status <> 'confirmed' then
    update evently.events e set held = e.held - freed.quantity
      from (select c.event_id, sum(c.quantity)::integer as quantity from unnest(v_closed) c group by c.event_id) freed
     where e.id = freed.event_id;
    update evently.event_seats s set status = 'available', hold_id = null
     where s.hold_id = any (select c.id from unnest(v_closed) c);
  end if;
  -- Always: a closed hold's expiry job has nothing left to do.
  perform graphile_worker.remove_job('expire_hold:' || c.id) from unnest(v_closed) c;
  perform evently_private.settle_offer(c) from unnest(v_closed) c where c.waitlist_entry_id is not null;
  if p_status <> 'confirmed' then
    -- Freed tickets go to the waitlist in this same transaction (a cancelled event's
    -- promote_waitlist offers nothing).
    perform evently_private.promote_waitlist(d.event_id) from (select distinct c.event_id from unnest(v_closed) c) d;
  end if;
  return query select * from unnest(v_closed);
end;
$$;

--
-- Name: FUNCTION close_holds(p_hold_ids uuid[], p_status text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.close_holds(p_hold_ids uuid[], p_status text) IS 'Ends the given holds that are still active with p_status (confirmed, released, expired or cancelled) and returns them. Unless confirmed, their tickets and seats go back on sale, to the waitlist first. Settles waitlist offers'' entries and removes every expiry job. The caller holds the event row lock. Errors: none (an unknown status is a programming error).';

--
-- Name: convert_hold(evently.holds); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.convert_hold(p_hold evently.holds) RETURNS evently.bookings
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_event evently.events;
begin
  -- The caller has locked the event and the hold and checked it is active and unexpired.
  -- held -> booked in one statement: capacity is unchanged, so the CHECK cannot fail.
  update evently.events set held = held - p_hold.quantity, booked = booked + p_hold.quantity
   where id = p_hold.event_id
  returning * into v_event;
  perform evently_private.close_holds(array[p_hold.id], 'confirmed');
  return evently_private.issue_booking(v_event, p_hold.user_id, p_hold.quantity, p_hold.id,
    (select t from evently.ticket_types t where t.id = p_hold.ticket_type_id));
end;
$$;

--
-- Name: FUNCTION convert_hold(p_hold evently.holds); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.convert_hold(p_hold evently.holds) IS 'Turns a locked, active hold into a confirmed booking (tickets and, for reserved seating, its seats). Errors: EVSLD, EVSTK.';

--
-- Name: count_ticket_type_bookings(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.count_ticket_type_bookings() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_type evently.ticket_types;
begin
  -- As count_ticket_type_holds, for booked: a confirmed booking counts into its type (a
  -- confirmed hold has just left held, so that always fits), a cancelled one out again.
  if tg_op = 'INSERT' then
    if new.status = 'confirmed' then
      for v_attempt in 1..2 loop
        -- A direct booking (no hold) waits behind the type's waitlist, as holds do.
        update evently.ticket_types t set booked = t.booked + new.quantity
         where t.id = new.ticket_type_id and t.event_id = new.event_id and t.held + t.booked + new.quantity <= t.capacity
           and (t.waiting = 0 or new.hold_id is not null)
        returning * into v_type;
        exit when found or v_attempt = 2;
        perform evently_private.reclaim_expired_holds(new.event_id);
      end loop;
      if v_type.id is null then
        select * into v_type from evently.ticket_types t where t.id = new.ticket_type_id and t.event_id = new.event_id;
        if v_type.waiting > 0 then
          raise exception 'Sold out: "%" tickets that free up go to its waitlist', v_type.name
            using errcode = 'EVSLD', detail = 'ticket_type_id';
        end if;
        raise exception 'Sold out: fewer than % "%" tickets left', new.quantity, v_type.name
          using errcode = 'EVSLD', detail = 'ticket_type_id';
      end if;
    end if;
  elsif old.status = 'confirmed' and new.status <> 'confirmed' then
    update evently.ticket_types t set booked = t.booked - old.quantity where t.id = old.ticket_type_id and t.event_id = old.event_id;
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION count_ticket_type_bookings(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.count_ticket_type_bookings() IS 'Trigger (after insert or update of status on evently.bookings, rows with a ticket type): counts a confirmed booking into its type''s booked counter, never beyond the type''s capacity and, unless it confirms a hold, not while anyone waits for the type (EVSLD, after reclaiming expired holds), and out again when it is cancelled. Errors: EVSLD.';

--
-- Name: count_ticket_type_holds(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.count_ticket_type_holds() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_type evently.ticket_types;
begin
  -- A ticket type's held counter follows its holds, whichever function opens or ends them
  -- (place, confirm, release, decline, expire, reclaim, cancel_event): one trigger, so no
  -- path can forget it. Taking is the conditional UPDATE (never beyond the type's capacity;
  -- CHECK ticket_types_counters behind it). Lock order: callers took the event row first.
  if tg_op = 'INSERT' then
    if new.status = 'active' then
      for v_attempt in 1..2 loop
        -- While anyone waits for the type, its free tickets are theirs: only a waitlist
        -- offer (make_offer) may take them.
        update evently.ticket_types t set held = t.held + new.quantity
         where t.id = new.ticket_type_id and t.event_id = new.event_id and t.held + t.booked + new.quantity <= t.capacity
           and (t.waiting = 0 or new.waitlist_entry_id is not null)
        returning * into v_type;
        exit when found or v_attempt = 2;
        -- Expired holds may still be counted (as take_capacity does for the event).
        perform evently_private.reclaim_expired_holds(new.event_id);
      end loop;
      if v_type.id is null then
        select * into v_type from evently.ticket_types t where t.id = new.ticket_type_id and t.event_id = new.event_id;
        if v_type.waiting > 0 then
          raise exception 'Sold out: "%" tickets that free up go to its waitlist', v_type.name
            using errcode = 'EVSLD', detail = 'ticket_type_id';
        end if;
        raise exception 'Sold out: fewer than % "%" tickets left', new.quantity, v_type.name
          using errcode = 'EVSLD', detail = 'ticket_type_id';
      end if;
    end if;
  elsif old.status = 'active' and new.status <> 'active' then
    update evently.ticket_types t set held = t.held - old.quantity where t.id = old.ticket_type_id and t.event_id = old.event_id;
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION count_ticket_type_holds(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.count_ticket_type_holds() IS 'Trigger (after insert or update of status on evently.holds, rows with a ticket type): counts an active hold into its type''s held counter, never beyond the type''s capacity and, unless it is a waitlist offer, not while anyone waits for the type (EVSLD, after reclaiming expired holds), and out again when the hold ends. Errors: EVSLD.';

--
-- Name: count_ticket_type_waiting(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.count_ticket_type_waiting() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- A ticket type's waiting counter follows its waitlist entries, whichever function moves
  -- them on (offer, leave, cancel_event): one trigger, as for held and booked. The caller
  -- holds the event row lock (join_waitlist, make_offer, leave_waitlist, cancel_event).
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

--
-- Name: FUNCTION count_ticket_type_waiting(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.count_ticket_type_waiting() IS 'Trigger (after insert or update of status on evently.waitlist_entries, rows with a ticket type): counts a waiting entry into its type''s waiting counter and out again when it is offered, leaves or is cancelled. Errors: none.';

--
-- Name: counter_actuals(uuid[]); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.counter_actuals(p_event_ids uuid[] DEFAULT NULL::uuid[]) RETURNS TABLE(event_id uuid, counter text, recorded integer, actual integer)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Every invariant of every event (cancelled ones too: their counters are 0 and so must
  -- their live rows be), the recorded side beside a fresh count of the rows. One snapshot:
  -- a transaction that changes both is seen entirely or not at all.
  -- Each invariant compares one pair, so one broken thing is reported once: the counters
  -- against the hold, booking and waitlist rows; tickets and seats against those rows.
  select e.id, c.counter, c.recorded, c.actual
    from evently.events e
    cross join lateral (
      select coalesce(sum(h.quantity), 0)::integer as held_rows
        from evently.holds h where h.event_id = e.id and h.status = 'active') hr
    cross join lateral (
      select coalesce(sum(b.quantity), 0)::integer as booked_rows
        from evently.bookings b where b.event_id = e.id and b.status = 'confirmed') br
    cross join lateral (values
      ('held', e.held, hr.held_rows),
      ('booked', e.booked, br.booked_rows),
      ('waiting', e.waiting,
       (select count(*)::integer from evently.waitlist_entries w where w.event_id = e.id and w.status = 'waiting')),
      -- One valid ticket per person of a confirmed booking.
      ('tickets_valid', br.booked_rows,
       (select count(*)::integer from evently.tickets t where t.event_id = e.id and t.status = 'valid')),
      ('seats_held', case when e.seating = 'reserved' then hr.held_rows end,
       (select count(*)::integer from evently.event_seats s where s.event_id = e.id and s.status = 'held')),
      ('seats_booked', case when e.seating = 'reserved' then br.booked_rows end,
       (select count(*)::integer from evently.event_seats s where s.event_id = e.id and s.status = 'booked')),
      -- Seats held by a hold that is not active, or booked by a booking that is not
      -- confirmed (or of another event): none may exist.
      ('seats_orphaned', case when e.seating = 'reserved' then 0 end,
       (select count(*)::integer from evently.event_seats s
          left join evently.holds h on h.id = s.hold_id
          left join evently.bookings b on b.id = s.booking_id
         where s.event_id = e.id
           and ((s.status = 'held' and (h.status is distinct from 'active' or h.event_id <> s.event_id))
             or (s.status = 'booked' and (b.status is distinct from 'confirmed' or b.event_id <> s.event_id))))),
      -- A booked seat has exactly one valid ticket, of the booking that booked it.
      ('seat_tickets', case when e.seating = 'reserved' then 0 end,
       (select count(*)::integer from evently.event_seats s
         where s.event_id = e.id and s.status = 'booked'
           and (select count(*) from evently.tickets t where t.seat_id = s.id and t.status = 'valid') <> 1)
       + (select count(*)::integer from evently.tickets t join evently.event_seats s on s.id = t.seat_id
           where t.event_id = e.id and t.status = 'valid' and s.booking_id is distinct from t.booking_id)),
      -- Ticket types whose held, booked or waiting counter differs from their hold, booking
      -- and waitlist rows.
      ('ticket_type_counters', (select 0 where exists (select 1 from evently.ticket_types t where t.event_id = e.id)),
       (select count(*)::integer from evently.ticket_types t
         where t.event_id = e.id
           and (t.held <> (select coalesce(sum(h.quantity), 0) from evently.holds h where h.ticket_type_id = t.id and h.status = 'active')
             or t.booked <> (select coalesce(sum(b.quantity), 0) from evently.bookings b where b.ticket_type_id = t.id and b.status = 'confirmed')
             or t.waiting <> (select count(*) from evently.waitlist_entries w where w.ticket_type_id = t.id and w.status = 'waiting')))),
      -- An active hold holds exactly as many seats as tickets.
      ('hold_seats', case when e.seating = 'reserved' then 0 end,
       (select count(*)::integer from evently.holds h
         where h.event_id = e.id and h.status = 'active'
           and h.quantity <> (select count(*) from evently.event_seats s where s.hold_id = h.id)))
    ) as c(counter, recorded, actual)
   where (p_event_ids is null or e.id = any (p_event_ids))
     and c.recorded is not null;
$$;

--
-- Name: FUNCTION counter_actuals(p_event_ids uuid[]); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.counter_actuals(p_event_ids uuid[]) IS 'Each invariant of each event (all events when p_event_ids is null, cancelled ones included), one pair each: the counters held, booked and waiting against the hold, booking and waitlist rows (recorded = the counter); valid tickets and, for reserved seating, held and booked seats against the hold and booking rows (recorded = what those rows imply); seats owned by no live hold or booking, booked seats without exactly one valid ticket of their booking, active holds whose seats differ from their quantity, and ticket types whose held, booked or waiting counter differs from their rows (recorded = 0 for these four). actual is the fresh count. Errors: none.';

--
-- Name: enter_waitlist(evently.events, evently.ticket_types, uuid, integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.enter_waitlist(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer) RETURNS evently.waitlist_entries
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_event evently.events;
  v_entry evently.waitlist_entries;
begin
  -- Per-user limits first (the advisory lock comes before the event row in the lock order).
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  if p_type.id is not null then
    perform evently_private.check_ticket_type_limit(p_type, p_user_id, p_quantity);
  end if;
  -- One position sequence per event: lines of different types interleave in join order.
  update evently.events e set waitlist_seq = waitlist_seq + 1, waiting = waiting + 1
   where e.id = p_event.id
  returning * into v_event;
  begin
    insert into evently.waitlist_entries (event_id, user_id, quantity, position, ticket_type_id)
    values (v_event.id, p_user_id, p_quantity, v_event.waitlist_seq, p_type.id)
    returning * into v_entry;
  exception when unique_violation then
    if p_type.id is null then
      raise exception 'You are already on the waitlist for this event' using errcode = 'EVWLD';
    end if;
    raise exception 'You are already on the waitlist for "%" tickets', p_type.name using errcode = 'EVWLD';
  end;
  -- Tickets may be free right now (or free up for this party): offer at once.
  perform evently_private.promote_waitlist(v_event.id);
  select * into v_entry from evently.waitlist_entries w where w.id = v_entry.id;
  return v_entry;
end;
$$;

--
-- Name: FUNCTION enter_waitlist(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.enter_waitlist(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer) IS 'Puts the user on the event''s waitlist (the line of p_type when given) for a party of p_quantity at the next position, after the per-user checks (callers check the waiting room: the waitlist is no way around it, since it may offer free tickets at once), and makes any offer that is possible at once. Errors: EVLIM, EVQTY, EVWLD.';

--
-- Name: expire_hold(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.expire_hold(hold_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_hold evently.holds := evently_private.lock_hold(expire_hold.hold_id);
begin
  -- Idempotent: a hold already confirmed, released or expired is left alone, and one
  -- whose expiry was extended is not released early.
  if v_hold.id is null or v_hold.status <> 'active' or v_hold.expires_at > now() then
    return false;
  end if;
  perform evently_private.close_holds(array[v_hold.id], 'expired');
  return true;
end;
$$;

--
-- Name: FUNCTION expire_hold(hold_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.expire_hold(hold_id uuid) IS 'Releases one hold if it is still active and past expires_at (the expire_hold job). Returns whether it did. Errors: EVSLD, EVSTK.';

--
-- Name: idempotency_begin(uuid, text, jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.idempotency_begin(p_user_id uuid, p_key text, p_request jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
declare
  v_stored evently_private.idempotency_keys;
begin
  if p_key is null then
    return null;
  end if;
  if not evently_private.valid_idempotency_key(p_key) then
    raise exception 'Idempotency key must be 1 to 255 visible ASCII characters'
      using errcode = 'EVIDK', detail = 'idempotency_key';
  end if;
  -- A concurrent retry with the same key waits here until the first request commits
  -- (then replays its booking) or rolls back (then proceeds as the first).
  insert into evently_private.idempotency_keys (user_id, idempotency_key, request)
  values (p_user_id, p_key, p_request)
  on conflict do nothing;
  if found then
    return null;
  end if;
  select * into v_stored from evently_private.idempotency_keys
   where user_id = p_user_id and idempotency_key = p_key;
  if v_stored.request is distinct from p_request then
    raise exception 'Idempotency key "%" was already used with a different request', p_key
      using errcode = 'EVIDM', detail = v_stored.request::text;
  end if;
  return v_stored.booking_id;
end;
$$;

--
-- Name: FUNCTION idempotency_begin(p_user_id uuid, p_key text, p_request jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.idempotency_begin(p_user_id uuid, p_key text, p_request jsonb) IS 'Claims an idempotency key for this user and request. Returns null when the caller should do the work (then call idempotency_finish), or the booking id of the earlier identical request to replay. Raises EVIDM when the key was used with different parameters, EVIDK when malformed. Errors: EVIDK, EVIDM.';

--
-- Name: idempotency_finish(uuid, text, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.idempotency_finish(p_user_id uuid, p_key text, p_booking_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  update evently_private.idempotency_keys
     set booking_id = p_booking_id
   where user_id = p_user_id and idempotency_key = p_key;
end;
$$;

--
-- Name: FUNCTION idempotency_finish(p_user_id uuid, p_key text, p_booking_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.idempotency_finish(p_user_id uuid, p_key text, p_booking_id uuid) IS 'Stores the booking an idempotency key produced, in the same transaction that produced it. Errors: none.';

--
-- Name: idempotency_record(uuid, text, jsonb, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.idempotency_record(p_user_id uuid, p_key text, p_request jsonb, p_booking_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- For a caller that looked the key up under the per-(user, event) lock and found it
  -- unused: the key and its booking in one row, where idempotency_begin and
  -- idempotency_finish write it twice (an insert, then an update that checks its foreign
  -- keys again).
  insert into evently_private.idempotency_keys (user_id, idempotency_key, request, booking_id)
  values (p_user_id, p_key, p_request, p_booking_id)
  on conflict do nothing;
  if found then
    return;
  end if;
  -- A request the lock does not serialize (another event or function with the same key)
  -- claimed the key meanwhile. idempotency_begin compares the stored request: EVIDM when it
  -- differs. The same request under another lock cannot happen; should it, this
  -- transaction's booking must not stand beside the stored one.
  perform evently_private.idempotency_begin(p_user_id, p_key, p_request);
  raise exception 'Idempotency key "%" was claimed by a concurrent request; retry', p_key
    using errcode = '40001';
end;
$$;

--
-- Name: FUNCTION idempotency_record(p_user_id uuid, p_key text, p_request jsonb, p_booking_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.idempotency_record(p_user_id uuid, p_key text, p_request jsonb, p_booking_id uuid) IS 'Stores an unused idempotency key with its request and the booking it produced, in one row, in the transaction that produced the booking; the caller holds the per-(user, event) lock and has seen the key unused. Errors: EVIDM (a concurrent request with another request claimed the key), EVRTY (40001).';

--
-- Name: invariant_violations(uuid[]); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.invariant_violations(p_event_ids uuid[] DEFAULT NULL::uuid[]) RETURNS TABLE(event_id uuid, counter text, recorded integer, actual integer)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- The one oracle: reconciliation (reconcile_counters), the tests (test/helpers.ts), the
  -- benchmark (bench/invariants.ts) and the backup drill all ask it.
  select a.event_id, a.counter, a.recorded, a.actual
    from evently_private.counter_actuals(p_event_ids) a
   where a.recorded is distinct from a.actual
   order by a.event_id, a.counter;
$$;

--
-- Name: FUNCTION invariant_violations(p_event_ids uuid[]); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.invariant_violations(p_event_ids uuid[]) IS 'Every invariant that does not hold, for the given events (all when null): a counter that differs from the rows it counts, or seats owned by no live hold or booking (see counter_actuals). Empty means consistent. Errors: none.';

--
-- Name: issue_booking(evently.events, uuid, integer, uuid, evently.ticket_types); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.issue_booking(p_event evently.events, p_user_id uuid, p_quantity integer, p_hold_id uuid, p_type evently.ticket_types DEFAULT NULL::evently.ticket_types) RETURNS evently.bookings
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_booking evently.bookings;
  v_tickets jsonb;
begin
  -- Callers have already moved p_quantity into events.booked in this transaction.
  if p_event.seating = 'reserved' then
    -- Seats come from the hold; each seat is priced by its category.
    insert into evently.bookings (event_id, user_id, hold_id, quantity, total_cents)
    values (p_event.id, p_user_id, p_hold_id, p_quantity,
            (select coalesce(sum(price_cents), 0) from evently.event_seats where hold_id = p_hold_id))
    returning * into v_booking;
    update evently.event_seats set status = 'booked', booking_id = v_booking.id, hold_id = null
     where hold_id = p_hold_id;
    with issued as (
      insert into evently.tickets (booking_id, event_id, user_id, seat_id)
      select v_booking.id, p_event.id, p_user_id, s.id
        from evently.event_seats s where s.booking_id = v_booking.id
       order by s.section, s.row_label, s.seat_number
      returning code, seat_id
    )
    select jsonb_agg(jsonb_build_object('code', i.code, 'seat', s.label) order by s.section, s.row_label, s.seat_number)
      into v_tickets
      from issued i join evently.event_seats s on s.id = i.seat_id;
  else
    -- A ticket type's own price (its insert trigger counts it into the type's booked).
    insert into evently.bookings (event_id, user_id, hold_id, quantity, total_cents, ticket_type_id)
    values (p_event.id, p_user_id, p_hold_id, p_quantity, coalesce(p_type.price_cents, p_event.price_cents) * p_quantity,
            p_type.id)
    returning * into v_booking;
    -- The codes come back from the insert itself: no second look at the tickets.
    if p_quantity = 1 then
      -- One ticket (most of a rush) with one plain statement: the set-returning form below
      -- is estimated at 1,000 rows when planned generically, so PostgreSQL planned it anew
      -- for every booking (about 4 % of a hot-event booking's database CPU, measured).
      insert into evently.tickets (booking_id, event_id, user_id)
      values (v_booking.id, p_event.id, p_user_id)
      returning jsonb_build_array(jsonb_build_object('code', code, 'seat', null)) into v_tickets;
    else
      with issued as (
        insert into evently.tickets (booking_id, event_id, user_id)
        select v_booking.id, p_event.id, p_user_id from generate_series(1, p_quantity)
        returning code
      )
      select jsonb_agg(jsonb_build_object('code', code, 'seat', null) order by code) into v_tickets from issued;
    end if;
  end if;
  perform evently_private.queue_notification(p_user_id, 'booking_confirmed', p_event.id,
    evently_private.booking_confirmed_payload(v_booking, v_tickets));
  return v_booking;
end;
$$;

--
-- Name: FUNCTION issue_booking(p_event evently.events, p_user_id uuid, p_quantity integer, p_hold_id uuid, p_type evently.ticket_types); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.issue_booking(p_event evently.events, p_user_id uuid, p_quantity integer, p_hold_id uuid, p_type evently.ticket_types) IS 'Inserts a confirmed booking (of p_type at its price, when given) and one ticket per person (per seat, for reserved seating, moving the hold''s seats to booked); and its booking_confirmed notification (ticket codes); the caller has already counted the tickets in events.booked. Errors: none registered.';

--
-- Name: lease_rate_limit_tokens(text[], integer[], integer[], integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.lease_rate_limit_tokens(keys text[], wants integer[], limits integer[], window_seconds integer) RETURNS TABLE(key text, granted integer, window_id bigint, ms_left integer)
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- One statement for every key an app process needs tokens for right now. Each key's
  -- row is touched once per lease, never inside a booking's transaction: a hot key (one
  -- IP behind a proxy) is leased in chunks, so requests do not queue on its row.
  -- A window that has ended starts again with this lease.
  -- Rows are taken in key order, as return_rate_limit_tokens takes them: two statements
  -- sharing keys (another instance's lease, a return) then wait for each other instead of
  -- deadlocking.
  insert into evently_ops.rate_limit_budgets as b (key, points, window_ends_at, granted, last_grant)
  select a.key, a.points, now() + make_interval(secs => window_seconds),
         least(a.want, a.points), least(a.want, a.points)
    from unnest(keys, wants, limits) as a (key, want, points)
   order by a.key
  on conflict on constraint rate_limit_budgets_pkey do update set
    window_ends_at = case when b.window_ends_at <= now() then excluded.window_ends_at else b.window_ends_at end,
    last_grant = case when b.window_ends_at <= now() then excluded.last_grant
                      else least(excluded.last_grant, greatest(0, excluded.points - b.granted)) end,
    granted = case when b.window_ends_at <= now() then excluded.granted
                   else b.granted + least(excluded.last_grant, greatest(0, excluded.points - b.granted)) end,
    points = excluded.points
  -- The window is named by its end in microseconds (exact, unlike a JavaScript Date) and
  -- its length left is given in server time, so clocks of app hosts do not matter.
  returning b.key, b.last_grant, (extract(epoch from b.window_ends_at) * 1000000)::bigint,
            ceil(extract(epoch from b.window_ends_at - now()) * 1000)::integer;
$$;

--
-- Name: FUNCTION lease_rate_limit_tokens(keys text[], wants integer[], limits integer[], window_seconds integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.lease_rate_limit_tokens(keys text[], wants integer[], limits integer[], window_seconds integer) IS 'Grants each key up to its wanted tokens from what its limit leaves in the current window (a window of window_seconds starts at a key''s first lease); returns what was granted, the window''s id and the milliseconds left in it. Keys must be distinct. Called by the HTTP server (evently_authenticator). Errors: none registered.';

--
-- Name: live_tickets(uuid, uuid, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.live_tickets(p_event_id uuid, p_user_id uuid, p_ticket_type_id uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- What the per-person limits count: the user's unexpired active holds and confirmed
  -- bookings of the event (of one ticket type when given). Waitlist entries are not
  -- tickets; promote_waitlist offers an entry only while it fits the limits.
  -- Found through the user's rows, then filtered by event (materialized: the planner may
  -- not start from the event). An event on sale is new to the statistics, estimated at one
  -- row, so a plan made with the call's values (a session's first calls) chose an index led
  -- by event_id and read every booking and hold of a hot event: 8,000 rows for a user with
  -- 5 in test/sql/live-tickets.test.ts. A user's own rows stay few.
  return (
    with holds_of_user as materialized (
      select h.event_id, h.ticket_type_id, h.quantity from evently.holds h
       where h.user_id = p_user_id and h.status = 'active' and h.expires_at > now()
    ), bookings_of_user as materialized (
      select b.event_id, b.ticket_type_id, b.quantity from evently.bookings b
       where b.user_id = p_user_id and b.status = 'confirmed'
    )
    select coalesce(sum(quantity), 0)::integer from (
      select h.quantity from holds_of_user h
       where h.event_id = p_event_id and (p_ticket_type_id is null or h.ticket_type_id = p_ticket_type_id)
      union all
      select b.quantity from bookings_of_user b
       where b.event_id = p_event_id and (p_ticket_type_id is null or b.ticket_type_id = p_ticket_type_id)
    ) live);
end;
$$;

--
-- Name: FUNCTION live_tickets(p_event_id uuid, p_user_id uuid, p_ticket_type_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.live_tickets(p_event_id uuid, p_user_id uuid, p_ticket_type_id uuid) IS 'The tickets the per-person limits count for a user at an event (of one ticket type when given): unexpired active holds plus confirmed bookings. Errors: none.';

--
-- Name: lock_and_check_ticket_limit(evently.events, uuid, integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.lock_and_check_ticket_limit(p_event evently.events, p_user_id uuid, p_quantity integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_used integer;
begin
  if p_quantity is null or p_quantity < 1 then
    raise exception 'quantity must be at least 1' using errcode = 'EVQTY', detail = 'quantity';
  end if;
  if p_quantity > p_event.max_tickets_per_user then
    raise exception 'At most % tickets per person for this event', p_event.max_tickets_per_user
      using errcode = 'EVLIM';
  end if;
  -- The limit spans all of this user's live holds and bookings, so two concurrent
  -- requests of one user must not both pass the sum: serialize them per (user, event).
  -- Other users are never blocked by this lock.
  perform evently_private.lock_user_tickets(p_event.id, p_user_id);
  v_used := evently_private.live_tickets(p_event.id, p_user_id);
  if v_used + p_quantity > p_event.max_tickets_per_user then
    raise exception 'At most % tickets per person for this event; you already have %',
      p_event.max_tickets_per_user, v_used using errcode = 'EVLIM';
  end if;
end;
$$;

--
-- Name: FUNCTION lock_and_check_ticket_limit(p_event evently.events, p_user_id uuid, p_quantity integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.lock_and_check_ticket_limit(p_event evently.events, p_user_id uuid, p_quantity integer) IS 'Raises EVQTY for a quantity below 1; takes the per-(user, event) advisory lock that serializes one user''s holds, bookings and waitlist joins for the event (held until commit); then raises EVLIM when the user''s live holds and bookings plus this quantity exceed the event''s max_tickets_per_user. Errors: EVLIM, EVQTY.';

--
-- Name: lock_hold(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.lock_hold(p_hold_id uuid) RETURNS evently.holds
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_hold evently.holds;
begin
  -- Lock order everywhere: event row first, then the hold (see reclaim_expired_holds).
  perform 1 from evently.events e
   where e.id = (select h.event_id from evently.holds h where h.id = p_hold_id)
     for no key update;
  select * into v_hold from evently.holds where id = p_hold_id for update;
  return v_hold;
end;
$$;

--
-- Name: FUNCTION lock_hold(p_hold_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.lock_hold(p_hold_id uuid) IS 'Locks a hold and its event (in the house lock order) and returns the hold, or a null row when it does not exist. Errors: none.';

--
-- Name: lock_own_active_hold(uuid, uuid, boolean); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.lock_own_active_hold(p_hold_id uuid, p_user_id uuid, p_admin_may boolean DEFAULT false) RETURNS evently.holds
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_hold evently.holds := evently_private.lock_hold(p_hold_id);
begin
  -- Someone else's hold is "not found": its existence is not revealed.
  if v_hold.id is null or (v_hold.user_id <> p_user_id and not (p_admin_may and evently.current_user_is_admin())) then
    raise exception 'Hold not found' using errcode = 'EVNFD';
  end if;
  if v_hold.status <> 'active' then
    raise exception 'Hold is already %', v_hold.status using errcode = 'EVHNA';
  end if;
  return v_hold;
end;
$$;

--
-- Name: FUNCTION lock_own_active_hold(p_hold_id uuid, p_user_id uuid, p_admin_may boolean); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.lock_own_active_hold(p_hold_id uuid, p_user_id uuid, p_admin_may boolean) IS 'Locks the hold and its event (lock_hold) and returns it if it belongs to p_user_id (or p_admin_may and the caller is an admin) and is still active. Expiry is left to the caller (confirm refuses an expired hold, release does not). Errors: EVNFD, EVHNA.';

--
-- Name: lock_user_tickets(uuid, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.lock_user_tickets(p_event_id uuid, p_user_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- The per-(user, event) lock that serializes one user's holds, bookings and waitlist
  -- joins for one event until commit. Lock order: this lock before the event row, so
  -- callers that take several (book_tickets_batch) take all of them first, sorted.
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/' || p_event_id::text, 0));
end;
$$;

--
-- Name: FUNCTION lock_user_tickets(p_event_id uuid, p_user_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.lock_user_tickets(p_event_id uuid, p_user_id uuid) IS 'Takes the per-(user, event) transaction lock that serializes a user''s ticket changes for one event (before the event row in the lock order). Errors: none registered.';

--
-- Name: lock_worker_pool(text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.lock_worker_pool(pool_id text) RETURNS boolean
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- A worker process's liveness, as PostgreSQL sees it: a session advisory lock per
  -- graphile-worker pool (jobs' locked_by), held on a connection the process keeps open.
  -- A killed process (SIGKILL, OOM) loses its connection and the lock with it, at once;
  -- unlock_dead_workers then frees the jobs it held. Class 1163284052 is 'EVNT'.
  -- false: another live session holds the same hash (a 32-bit collision; harmless: that
  -- pool's lock then vouches for this one's jobs too).
  select pg_try_advisory_lock(1163284052, hashtext(lock_worker_pool.pool_id));
$$;

--
-- Name: FUNCTION lock_worker_pool(pool_id text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.lock_worker_pool(pool_id text) IS 'Takes the session advisory lock that says the graphile-worker pool pool_id is alive (src/worker.ts holds it on a dedicated connection while the pool runs); returns false when another session holds that lock. Errors: none.';

--
-- Name: make_offer(evently.events, evently.waitlist_entries); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.make_offer(p_event evently.events, p_entry evently.waitlist_entries) RETURNS evently.holds
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_hold evently.holds;
begin
  -- The caller (promote_waitlist) holds the event row lock and checked the tickets fit;
  -- the conditional update stays as the guard.
  update evently.events set held = held + p_entry.quantity, waiting = waiting - 1
   where id = p_event.id and capacity - held - booked >= p_entry.quantity;
  if not found then
    raise exception 'Waitlist offer does not fit' using errcode = 'EVSLD';
  end if;
  -- A typed entry's hold takes its type's tickets (the hold's trigger; offers pass the
  -- type's waitlist check, being its waitlist).
  insert into evently.holds (event_id, user_id, quantity, expires_at, waitlist_entry_id, ticket_type_id)
  values (p_event.id, p_entry.user_id, p_entry.quantity, now() + p_event.offer_ttl, p_entry.id, p_entry.ticket_type_id)
  returning * into v_hold;
  if p_event.seating = 'reserved' then
    perform evently_private.assign_best_seats(v_hold, null, null);
  end if;
  update evently.waitlist_entries set status = 'offered', updated_at = now() where id = p_entry.id;
  perform evently_private.queue_hold_expiry(v_hold.id, v_hold.expires_at, v_hold.event_id);
  perform evently_private.queue_notification(p_entry.user_id, 'waitlist_offer', p_event.id,
    jsonb_build_object('hold_id', v_hold.id, 'quantity', v_hold.quantity, 'expires_at', v_hold.expires_at)
      || case when v_hold.ticket_type_id is null then '{}'::jsonb else jsonb_build_object('ticket_type_id', v_hold.ticket_type_id) end);
  return v_hold;
end;
$$;

--
-- Name: FUNCTION make_offer(p_event evently.events, p_entry evently.waitlist_entries); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.make_offer(p_event evently.events, p_entry evently.waitlist_entries) IS 'Turns a waiting entry into an offer: a hold of its quantity (of its ticket type, if any) (best seats on reserved events) until now() + offer_ttl, its expiry job and a waitlist_offer notification. Errors: EVSLD, EVSTK.';

--
-- Name: notify_event_changed(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.notify_event_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- Live updates (GraphQL subscription eventChanged, docs/web.md#live-updates): every way
  -- availability changes (hold, book, confirm, release, expire, cancel, waitlist offer,
  -- edit) updates this event's row, so one trigger covers them all. It records the event in
  -- changed_events in this transaction (so never for a rollback); relay_event_changes sends
  -- the NOTIFY, batched, from its own commit. Not pg_notify here: a notifying commit takes
  -- PostgreSQL's global notification-queue lock until it is flushed, which serialized every
  -- booking's commit with every other's (bench/notify-cost.sh). When the row exists already
  -- it is updated in place (same values, unlogged, no index change), not skipped: the
  -- update locks it until this transaction ends, so a relay round now cannot delete it
  -- (it skips locked rows) and leave this change without a NOTIFY.
  -- `evently.live_updates = off` (ALTER DATABASE ... SET, no deploy) turns it off; clients
  -- fall back to their slow poll.
  if coalesce(current_setting('evently.live_updates', true), '') <> 'off' then
    insert into evently_private.changed_events as c (event_id) values (new.id)
      on conflict (event_id) do update set changed_at = c.changed_at;
  end if;
  return null;
end;
$$;

--
-- Name: FUNCTION notify_event_changed(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.notify_event_changed() IS 'Trigger (after update on evently.events, per row): records the event in evently_private.changed_events, whose relay (relay_event_changes) sends NOTIFY evently_event:<event id> with an empty payload; nothing while the setting evently.live_updates is off. Errors: none.';

--
-- Name: notify_event_holders(uuid, text, jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.notify_event_holders(p_event_id uuid, p_kind text, p_payload jsonb) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- One message per affected user (not per booking), with their tickets of this event.
  select count(evently_private.queue_notification(b.user_id, p_kind, p_event_id,
           p_payload || jsonb_build_object('tickets', b.tickets)))::integer
    from (select bk.user_id, sum(bk.quantity) as tickets
            from evently.bookings bk
           where bk.event_id = p_event_id
             and (bk.status = 'confirmed' or (p_kind = 'event_cancelled' and bk.cancelled_at >= now()))
           group by bk.user_id) b;
$$;

--
-- Name: FUNCTION notify_event_holders(p_event_id uuid, p_kind text, p_payload jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.notify_event_holders(p_event_id uuid, p_kind text, p_payload jsonb) IS 'Notifies every ticket holder of an event (event_changed; event_cancelled also reaches bookings cancelled by this transaction). Errors: none.';

--
-- Name: open_counter_mismatches(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.open_counter_mismatches() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- security definer: for /metrics, which runs as evently_authenticator.
  select count(*)::integer from evently.counter_mismatches where repaired_at is null;
$$;

--
-- Name: FUNCTION open_counter_mismatches(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.open_counter_mismatches() IS 'How many recorded counter mismatches are not repaired yet (the evently_counter_mismatches_open metric). Errors: none.';

--
-- Name: place_hold(evently.events, uuid, integer, uuid[], text, text, boolean); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.place_hold(p_event evently.events, p_user_id uuid, p_quantity integer, p_seat_ids uuid[] DEFAULT NULL::uuid[], p_section text DEFAULT NULL::text, p_category text DEFAULT NULL::text, p_expiry_job boolean DEFAULT false) RETURNS evently.holds
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_hold evently.holds;
  v_hold_id uuid := gen_random_uuid();
  v_expires_at timestamptz := now() + p_event.hold_ttl;
  v_looked_free boolean := coalesce(p_event.capacity - p_event.held - p_event.booked >= p_quantity and p_event.waiting = 0, false);
begin
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  -- The expiry record (queue_hold_expiry) before the event row is locked (it rolls back with
  -- the hold if this fails).
  if p_expiry_job then
    perform evently_private.queue_hold_expiry(v_hold_id, v_expires_at, p_event.id);
  end if;
  -- Looked sold out or waitlisted: take_capacity refuses before the hold is written (or
  -- finds tickets in expired holds).
  if not v_looked_free then
    perform evently_private.take_capacity(p_event.id, p_quantity, 'held');
  end if;
  insert into evently.holds (id, event_id, user_id, quantity, expires_at)
  values (v_hold_id, p_event.id, p_user_id, p_quantity, v_expires_at)
  returning * into v_hold;
  -- Looked free: the hold row went before the contended event row, so that row stays locked
  -- only for what needs it (the counter update, seat selection, the commit). The conditional
  -- update still decides, and a refusal rolls the hold back.
  if v_looked_free then
    perform evently_private.take_capacity(p_event.id, p_quantity, 'held');
  end if;
  if p_event.seating = 'reserved' then
    -- The counter update locks the event row until commit: seat selection runs alone for
    -- this event, so it sees every committed hold and never skips a seat that is merely
    -- locked (no false "sold out").
    if p_seat_ids is not null then
      perform evently_private.assign_seats(v_hold, p_seat_ids);
    else
      perform evently_private.assign_best_seats(v_hold, p_section, p_category);
    end if;
  end if;
  return v_hold;
end;
$$;

--
-- Name: FUNCTION place_hold(p_event evently.events, p_user_id uuid, p_quantity integer, p_seat_ids uuid[], p_section text, p_category text, p_expiry_job boolean); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.place_hold(p_event evently.events, p_user_id uuid, p_quantity integer, p_seat_ids uuid[], p_section text, p_category text, p_expiry_job boolean) IS 'Checks the per-user limit, takes capacity and inserts an active hold; on a reserved-seating event also marks its seats (the given ones, or the best available). With p_expiry_job, also its expiry record for the relay (queue_hold_expiry), written before the event row is locked (book_tickets converts its hold at once and needs none). Errors: EVECN, EVLIM, EVQTY, EVSLD, EVSTK.';

--
-- Name: place_typed_hold(evently.events, evently.ticket_types, uuid, integer, boolean); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.place_typed_hold(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer, p_expiry_job boolean DEFAULT false) RETURNS evently.holds
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_hold evently.holds;
  v_hold_id uuid := gen_random_uuid();
  v_expires_at timestamptz := now() + p_event.hold_ttl;
begin
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  perform evently_private.check_ticket_type_limit(p_type, p_user_id, p_quantity);
  -- The expiry record (queue_hold_expiry) before the event row is locked (it rolls back with
  -- the hold if this fails).
  if p_expiry_job then
    perform evently_private.queue_hold_expiry(v_hold_id, v_expires_at, p_event.id);
  end if;
  -- The event row first (take_capacity), then the type's (the hold's insert trigger): the
  -- lock order of every path that ends holds, so taking and freeing never deadlock.
  perform evently_private.take_capacity(p_event.id, p_quantity, 'held', p_type.id);
  insert into evently.holds (id, event_id, user_id, quantity, expires_at, ticket_type_id)
  values (v_hold_id, p_event.id, p_user_id, p_quantity, v_expires_at, p_type.id)
  returning * into v_hold;
  return v_hold;
end;
$$;

--
-- Name: FUNCTION place_typed_hold(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer, p_expiry_job boolean); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.place_typed_hold(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer, p_expiry_job boolean) IS 'Checks the per-user limits (event and type), takes the event''s capacity and inserts an active hold of the type, whose trigger takes the type''s (EVSLD when the type is sold out). With p_expiry_job, also its expiry record for the relay (queue_hold_expiry), written before the event row is locked. Errors: EVECN, EVLIM, EVQTY, EVSLD.';

--
-- Name: promote_waitlist(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.promote_waitlist(p_event_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_event evently.events;
  v_next evently.waitlist_entries;
  v_offers integer := 0;
begin
  -- Runs in the transaction that freed capacity, holding the event row lock, so two
  -- transactions never offer the same freed tickets and running it twice offers nothing
  -- new (only free capacity is offered).
  select * into v_event from evently.events where id = p_event_id for no key update;
  if not found or v_event.status <> 'published' or v_event.starts_at <= now() or v_event.waiting = 0 then
    return 0;
  end if;
  -- Expired offers and holds never block the line: any committed change on the event
  -- passes them on, worker or not (reclaiming calls back in here to make the offers).
  if exists (select 1 from evently.holds
              where event_id = p_event_id and status = 'active' and expires_at <= now()) then
    perform evently_private.reclaim_expired_holds(p_event_id);
    select * into v_event from evently.events where id = p_event_id;
  end if;
  -- One line per ticket type (one line for an event without types). The first entry in
  -- position order whose party fits both the event's free tickets and its type's (a type
  -- on sale now) is offered. Large-party policy, per line: parties behind a line's head
  -- may be offered tickets the head cannot use only 3 times; then that line's freed
  -- tickets accumulate for its head (the type's own waiting counter keeps them from
  -- direct sale; on an event without types, the event's does).
  loop
    exit when v_event.capacity - v_event.held - v_event.booked <= 0;
    select w.* into v_next
      from evently.waitlist_entries w
      left join evently.ticket_types t on t.id = w.ticket_type_id and t.event_id = p_event_id
     where w.event_id = p_event_id and w.status = 'waiting'
       and w.quantity <= v_event.capacity - v_event.held - v_event.booked
       and (w.ticket_type_id is null
            or (w.quantity <= t.capacity - t.held - t.booked
                and (t.sales_start is null or t.sales_start <= now())
                and (t.sales_end is null or t.sales_end > now())))
       -- The per-person limits, as they stand now: a user who bought meanwhile (another
       -- type, or another line's offer) is offered only what still fits.
       and w.quantity + evently_private.live_tickets(p_event_id, w.user_id) <= v_event.max_tickets_per_user
       and (t.max_tickets_per_user is null
            or w.quantity + evently_private.live_tickets(p_event_id, w.user_id, t.id) <= t.max_tickets_per_user)
       and not exists (select 1 from evently.waitlist_entries h
                        where h.event_id = p_event_id and h.status = 'waiting'
                          and h.ticket_type_id is not distinct from w.ticket_type_id
                          and h.position < w.position and h.skipped >= 3)
     order by w.position
     limit 1
       for update of w;
    exit when not found;
    -- The line's head, when passed over, counts it.
    update evently.waitlist_entries h set skipped = skipped + 1
     where h.id = (select f.id from evently.waitlist_entries f
                    where f.event_id = p_event_id and f.status = 'waiting'
                      and f.ticket_type_id is not distinct from v_next.ticket_type_id
                    order by f.position limit 1)
       and h.id <> v_next.id;
    perform evently_private.make_offer(v_event, v_next);
    v_offers := v_offers + 1;
    select * into v_event from evently.events where id = p_event_id;
  end loop;
  return v_offers;
end;
$$;

--
-- Name: FUNCTION promote_waitlist(p_event_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.promote_waitlist(p_event_id uuid) IS 'Offers the event''s free tickets to waiting entries in position order (a hold with the event''s offer_ttl each), each line (ticket type) only its type''s free tickets on sale now, and only while the party still fits its user''s per-person limits. A party larger than the free tickets may be passed over by smaller parties of its line at most 3 times; then free tickets accumulate for it. Returns the number of offers made. Errors: EVSLD, EVSTK.';

--
-- Name: purge_idempotency_keys(interval); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.purge_idempotency_keys(retention interval DEFAULT '24:00:00'::interval) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_deleted integer;
begin
  if retention < interval '24 hours' then
    raise exception 'Idempotency keys are kept at least 24 hours' using errcode = 'EVINV', detail = 'retention';
  end if;
  delete from evently_private.idempotency_keys where created_at < now() - retention;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;

--
-- Name: FUNCTION purge_idempotency_keys(retention interval); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.purge_idempotency_keys(retention interval) IS 'Deletes idempotency keys older than retention (at least 24 hours; crontab job). Returns how many. Errors: EVINV.';

--
-- Name: purge_webhook_history(interval); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.purge_webhook_history(retention interval DEFAULT '30 days'::interval) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_deleted integer;
begin
  if retention is null or retention < interval '1 day' then
    raise exception 'Webhook history is kept at least 1 day' using errcode = 'EVINV', detail = 'retention';
  end if;
  -- Old webhook events whose every delivery is finished (delivered or failed), with those
  -- deliveries (on delete cascade). Nothing pending is lost: an event not yet relayed, or
  -- with a delivery still to send, stays. At most 10,000 a call, so a backlog is cleared over
  -- several runs without one long transaction.
  delete from evently.webhook_events w
   where w.id in (
     select e.id from evently.webhook_events e
      where e.created_at < now() - retention and e.relayed_at is not null
        and not exists (select 1 from evently.webhook_deliveries d where d.webhook_event_id = e.id and d.status = 'pending')
      order by e.created_at
      limit 10000);
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;

--
-- Name: FUNCTION purge_webhook_history(retention interval); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.purge_webhook_history(retention interval) IS 'Deletes webhook events older than retention (at least 1 day; default 30 days) that were relayed and have no pending delivery, with their deliveries; at most 10,000 per call (crontab job purge_webhook_history). Returns how many events. Errors: EVINV.';

--
-- Name: queue_hold_expiry(uuid, timestamp with time zone, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.queue_hold_expiry(p_hold_id uuid, p_expires_at timestamp with time zone, p_event_id uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- One row for the relay, which queues the hold's expire_hold job (job key
  -- expire_hold:<hold id>) within about its idle interval: not graphile_worker.add_job here,
  -- whose NOTIFY would make this hold's commit wait for every other notifying commit
  -- (migration 000017). Committed with the hold, so a rolled-back hold leaves nothing to
  -- relay. Callers write it before they lock the event row when they can (place_hold,
  -- place_typed_hold: the hold's id is chosen first).
  insert into evently_private.hold_expiries (hold_id, event_id, expires_at) values (p_hold_id, p_event_id, p_expires_at);
  perform evently_private.start_notification_relay();
end;
$$;

--
-- Name: FUNCTION queue_hold_expiry(p_hold_id uuid, p_expires_at timestamp with time zone, p_event_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.queue_hold_expiry(p_hold_id uuid, p_expires_at timestamp with time zone, p_event_id uuid) IS 'Records a new hold''s expiry for the relay, which queues its expire_hold job (job key expire_hold:<hold id>) to run at p_expires_at; in the hold''s transaction. Not for a hold that already has its job (its run_at would not move). Errors: none.';

--
-- Name: queue_notification(uuid, text, uuid, jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.queue_notification(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb DEFAULT '{}'::jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_id uuid;
begin
  -- The outbox row commits or rolls back with the change it reports: a rolled-back
  -- booking never sends "booking confirmed". It is one small insert: the relay
  -- (relay_notifications, tasks/) finds pending rows itself, so no job is queued per row.
  insert into evently.notifications (user_id, kind, event_id, payload)
  values (p_user_id, p_kind, p_event_id, coalesce(p_payload, '{}'))
  returning id into v_id;
  perform evently_private.queue_notification_webhook(p_user_id, p_kind, p_event_id, p_payload);
  perform evently_private.start_notification_relay();
  return v_id;
end;
$$;

--
-- Name: FUNCTION queue_notification(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.queue_notification(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb) IS 'Writes a notification (outbox row) in the current transaction, and the webhook event of bookings, cancellations and offers when an endpoint wants it; the relay_notifications job delivers them (and is started here if none exists). Errors: none registered.';

--
-- Name: queue_notification_webhook(uuid, text, uuid, jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.queue_notification_webhook(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_type text := case p_kind when 'booking_confirmed' then 'booking.confirmed'
                             when 'booking_cancelled' then 'booking.cancelled'
                             when 'waitlist_offer' then 'waitlist.offered' end;
begin
  -- Organizers' webhooks hear of bookings, cancellations and offers from the same
  -- transaction (functions/webhooks/; nothing is written when no endpoint wants the type).
  -- Asked here too, before the payload is built: on every booking, and mostly no endpoint.
  if v_type is null
     or not exists (select 1 from evently.webhook_endpoints e where e.active and e.event_types @> array[v_type]) then
    return;
  end if;
  perform evently_private.queue_webhook_event(v_type, p_event_id,
    -- Ticket codes stay with their holder.
    jsonb_build_object('event_id', p_event_id, 'user_id', p_user_id) || (coalesce(p_payload, '{}') - 'tickets'));
end;
$$;

--
-- Name: FUNCTION queue_notification_webhook(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.queue_notification_webhook(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb) IS 'Writes the webhook event that goes with a notification of kind p_kind (booking_confirmed, booking_cancelled, waitlist_offer; others have none): its payload without ticket codes, plus event_id and user_id; nothing when no endpoint wants it. Errors: none registered.';

--
-- Name: queue_webhook_event(text, uuid, jsonb); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.queue_webhook_event(p_type text, p_event_id uuid, p_data jsonb) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_queued integer;
begin
  -- Only when an active endpoint wants this type: otherwise nothing is written, and a
  -- booking pays one index probe of a small table.
  if not exists (select 1 from evently.webhook_endpoints e where e.active and e.event_types @> array[p_type]) then
    return 0;
  end if;
  -- The outbox row commits or rolls back with the change it reports.
  insert into evently.webhook_events (type, event_id, data)
  select p_type, p_event_id,
         coalesce(p_data, jsonb_build_object('event_id', e.id, 'name', e.name, 'starts_at', e.starts_at, 'capacity', e.capacity))
    from evently.events e where e.id = p_event_id;
  get diagnostics v_queued = row_count;
  -- The relay (relay_notifications) delivers; start it if no relay job exists yet.
  if v_queued > 0 then
    perform evently_private.start_notification_relay();
  end if;
  return v_queued;
end;
$$;

--
-- Name: FUNCTION queue_webhook_event(p_type text, p_event_id uuid, p_data jsonb); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.queue_webhook_event(p_type text, p_event_id uuid, p_data jsonb) IS 'Writes a webhook event (the webhook outbox) in the current transaction when an active endpoint wants its type (p_data null: the event''s id, name, start and capacity); returns how many were written (0 or 1). The outbox relay makes the deliveries. Errors: none registered.';

--
-- Name: readiness(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.readiness(OUT latest_migration text, OUT worker_seen_at timestamp with time zone, OUT job_lag_seconds double precision, OUT jobs_due integer) RETURNS record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- security definer: the HTTP server's login (evently_authenticator) may not read
  -- graphile-migrate's or graphile-worker's tables, only this summary of them.
  select
    (select filename from graphile_migrate.migrations order by date desc, filename desc limit 1),
    (select max(seen_at) from evently_ops.worker_heartbeats),
    coalesce((select extract(epoch from now() - min(run_at))::double precision
                from graphile_worker._private_jobs where is_available and run_at <= now()), 0),
    (select count(*)::integer from graphile_worker._private_jobs where is_available and run_at <= now());
$$;

--
-- Name: FUNCTION readiness(OUT latest_migration text, OUT worker_seen_at timestamp with time zone, OUT job_lag_seconds double precision, OUT jobs_due integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.readiness(OUT latest_migration text, OUT worker_seen_at timestamp with time zone, OUT job_lag_seconds double precision, OUT jobs_due integer) IS 'For /ready and /metrics: the newest applied migration, the newest worker heartbeat, and how long the oldest due job has waited (0 when none) and how many are due. Errors: none.';

--
-- Name: reclaim_expired_holds(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.reclaim_expired_holds(p_event_id uuid) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_released integer;
begin
  -- Lock order everywhere: event row, then its holds, then its bookings.
  perform 1 from evently.events where id = p_event_id for no key update;
  select coalesce(sum(c.quantity), 0)::integer into v_released
    from evently_private.close_holds(
      array(select h.id from evently.holds h
             where h.event_id = p_event_id and h.status = 'active' and h.expires_at <= now()),
      'expired') c;
  return v_released;
end;
$$;

--
-- Name: FUNCTION reclaim_expired_holds(p_event_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.reclaim_expired_holds(p_event_id uuid) IS 'Closes every expired active hold of the event as expired (close_holds: tickets back, offers settled, waitlist promoted) and returns the number of tickets freed. The booking functions call it when an event looks sold out, so an expired hold never blocks a sale even with no worker running. Errors: none.';

--
-- Name: reconcile_counters(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.reconcile_counters() RETURNS SETOF evently.counter_mismatches
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Records, never repairs: a mismatch means a bug or a hand edit, and a person should
  -- look (evently_private.repair_counter). An already open mismatch is not recorded twice.
  insert into evently.counter_mismatches (event_id, counter, recorded, actual)
  select event_id, counter, recorded, actual
    from evently_private.invariant_violations()
  on conflict (event_id, counter) where repaired_at is null do nothing
  returning *;
$$;

--
-- Name: FUNCTION reconcile_counters(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.reconcile_counters() IS 'Compares every counter with the rows it counts and records each new mismatch in evently.counter_mismatches (the reconcile_counters job); returns the new ones. Errors: none.';

--
-- Name: record_deliveries(uuid[], text[], text[], text[]); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.record_deliveries(p_ids uuid[], p_subjects text[], p_bodies text[], p_errors text[]) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Sent (error null), with what was sent; or a failed attempt, retried with exponential
  -- backoff (e^attempts seconds, as graphile-worker's own jobs) and 'failed' after the 10th.
  update evently.notifications n
     set attempts = n.attempts + 1,
         subject = d.subject,
         body = d.body,
         last_error = d.error,
         status = case when d.error is null then 'sent' when n.attempts + 1 >= 10 then 'failed' else n.status end,
         sent_at = case when d.error is null then now() else n.sent_at end,
         next_attempt_at = case when d.error is null then null
                                else now() + make_interval(secs => exp(least(n.attempts + 1, 10))) end
    from unnest(p_ids, p_subjects, p_bodies, p_errors) as d (id, subject, body, error)
   where n.id = d.id and n.status = 'pending';
$$;

--
-- Name: FUNCTION record_deliveries(p_ids uuid[], p_subjects text[], p_bodies text[], p_errors text[]); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.record_deliveries(p_ids uuid[], p_subjects text[], p_bodies text[], p_errors text[]) IS 'Records one delivery attempt per notification: sent (error null) or failed (retried with backoff; failed for good after 10 attempts). Errors: none registered.';

--
-- Name: record_webhook_attempt(uuid, integer, text, text, boolean); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.record_webhook_attempt(p_delivery_id uuid, p_response_status integer, p_response_body text, p_error text, p_final boolean) RETURNS text
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Delivered on a 2xx answer; otherwise still pending (the job is retried) or, after
  -- the last attempt, failed. At most 1 kB of the answer is kept.
  update evently.webhook_deliveries d
     set attempts = d.attempts + 1,
         last_attempt_at = now(),
         response_status = p_response_status,
         response_body = evently_private.cap_bytes(p_response_body, 1024),
         last_error = left(p_error, 1000),
         status = case when p_error is null and p_response_status between 200 and 299 then 'delivered'
                       when p_final then 'failed' else 'pending' end,
         delivered_at = case when p_error is null and p_response_status between 200 and 299 then now() end
   where d.id = p_delivery_id and d.status = 'pending'
  returning d.status;
$$;

--
-- Name: FUNCTION record_webhook_attempt(p_delivery_id uuid, p_response_status integer, p_response_body text, p_error text, p_final boolean); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.record_webhook_attempt(p_delivery_id uuid, p_response_status integer, p_response_body text, p_error text, p_final boolean) IS 'Records one attempt of a pending delivery: delivered on a 2xx response, else pending (retried) or failed when p_final; keeps the status code, at most 1 kB of the body and the error. Returns the new status (null when the delivery was not pending). Errors: none registered.';

--
-- Name: refuse_if_sold_out(evently.events, uuid, integer, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.refuse_if_sold_out(p_event evently.events, p_user_id uuid, p_quantity integer, p_idempotency_key text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    SET enable_seqscan TO 'off'
    AS $$
begin
  -- p_event: the event as book_tickets read it in this snapshot (all nulls when there is none).
  -- A sold-out rush is mostly refusals. This refuses one from the snapshot alone: no
  -- idempotency row written and rolled back, no per-user lock, and above all no wait for
  -- the event row that every booking of the event holds until its commit. Only when every
  -- error book_tickets would raise before EVSLD is ruled out here (so the answer is the
  -- same as the full path's); otherwise it returns and the full path decides. A ticket
  -- freed by a transaction that commits after this snapshot is, as in any serial order, one
  -- this request came too early for.
  if p_event.id is null or p_event.status <> 'published' or p_event.starts_at <= now() or p_event.seating <> 'general'
     or p_quantity is null or p_quantity < 1 or p_quantity > p_event.max_tickets_per_user
     or (p_event.capacity - p_event.held - p_event.booked >= p_quantity and p_event.waiting = 0) then
    return;
  end if;
  if p_idempotency_key is not null
     and exists (select 1 from evently_private.idempotency_keys k
                  where k.user_id = p_user_id and k.idempotency_key = p_idempotency_key) then
    return; -- a replay (or EVIDM): idempotency_begin answers
  end if;
  if not evently_private.books_directly(p_event.id)
     -- Expired holds still counted in held: take_capacity reclaims them.
     or exists (select 1 from evently.holds h
                 where h.event_id = p_event.id and h.status = 'active' and h.expires_at <= now()) then
    return;
  end if;
  -- EVLIM comes before EVSLD: the user's live tickets, read without the per-user lock (a
  -- concurrent request of the same user only moves which refusal this is).
  if evently_private.live_tickets(p_event.id, p_user_id) + p_quantity > p_event.max_tickets_per_user then
    return;
  end if;
  if p_idempotency_key is not null and not evently_private.valid_idempotency_key(p_idempotency_key) then
    return; -- EVIDK: idempotency_begin answers
  end if;
  if p_event.waiting > 0 then
    raise exception 'Sold out: tickets that free up go to the waitlist' using errcode = 'EVSLD';
  end if;
  raise exception 'Sold out: fewer than % tickets left', p_quantity using errcode = 'EVSLD';
end;
$$;

--
-- Name: FUNCTION refuse_if_sold_out(p_event evently.events, p_user_id uuid, p_quantity integer, p_idempotency_key text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.refuse_if_sold_out(p_event evently.events, p_user_id uuid, p_quantity integer, p_idempotency_key text) IS 'Raises EVSLD at once when the event (general admission, no ticket types, no waiting room) is sold out in this snapshot, has no expired hold to reclaim, and book_tickets would raise no earlier error (idempotency replay or mismatch, bad key, EVQTY, EVLIM); returns otherwise, leaving the decision to the full path. Errors: EVSLD.';

--
-- Name: relay_event_changes(integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.relay_event_changes(p_limit integer DEFAULT 1000) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_ids uuid[];
begin
  -- Every recorded event (oldest first) is notified, including rows a booking in flight has
  -- locked: their committed change is news now, and the in-flight one keeps the row for the
  -- next round. Only rows nobody holds are removed (SKIP LOCKED): a booking that recorded its
  -- event and has not committed yet finds its row still there for the next round, and a
  -- booking that starts now waits for this round's commit and records its event afresh.
  -- PostgreSQL delivers the notifications at this commit, after the deletes, so whatever
  -- a removed row stood for is committed when listeners re-read.
  select array_agg(c.event_id order by c.changed_at) into v_ids
    from (select x.event_id, x.changed_at from evently_private.changed_events x
           order by x.changed_at limit p_limit) c;
  if v_ids is null then
    return 0;
  end if;
  perform pg_notify('evently_event:' || i::text, '') from unnest(v_ids) i;
  delete from evently_private.changed_events c
   where c.event_id in (select x.event_id from evently_private.changed_events x
                         where x.event_id = any (v_ids) for update skip locked);
  return cardinality(v_ids);
end;
$$;

--
-- Name: FUNCTION relay_event_changes(p_limit integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.relay_event_changes(p_limit integer) IS 'Sends the live-update NOTIFY evently_event:<event id> (empty payload) for up to p_limit events recorded in changed_events, and removes them; returns how many. Called every LIVE_UPDATES_RELAY_MS by the API and worker processes (src/db/live-updates.ts). Errors: none.';

--
-- Name: relay_hold_expiries(integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.relay_hold_expiries(p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_claimed integer;
  v_specs graphile_worker.job_spec[];
begin
  -- Rows another relay holds are skipped, so no hold's job is queued twice at once (and the
  -- job key would make a second one a no-op anyway). A hold confirmed, released or expired
  -- since gets no job; one closed after this reads it gets a job that finds nothing to do.
  with claimed as (
    delete from evently_private.hold_expiries e
     where (e.event_id, e.hold_id) in (select x.event_id, x.hold_id from evently_private.hold_expiries x
                                        limit p_limit
                                          for update skip locked)
    returning e.event_id, e.hold_id, e.expires_at
  )
  select count(*)::integer,
         array_agg(row('expire_hold', json_build_object('hold_id', c.hold_id), null, c.expires_at,
                       25::smallint, 'expire_hold:' || c.hold_id, null::smallint, null::text[])::graphile_worker.job_spec)
           filter (where h.status = 'active')
    into v_claimed, v_specs
    from claimed c
    left join evently.holds h on h.event_id = c.event_id and h.id = c.hold_id;
  if v_specs is not null then
    -- One NOTIFY for the batch: a worker waiting for due jobs needs no more.
    perform graphile_worker.add_jobs(v_specs);
  end if;
  return v_claimed;
end;
$$;

--
-- Name: FUNCTION relay_hold_expiries(p_limit integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.relay_hold_expiries(p_limit integer) IS 'The relay''s hold step: queues the expire_hold job (job key expire_hold:<hold id>, run at the hold''s expiry, 25 attempts) of up to p_limit holds recorded by queue_hold_expiry, in one graphile_worker.add_jobs call; rows of holds no longer active are dropped. Returns how many rows it took. Errors: none registered.';

--
-- Name: relay_webhook_events(integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.relay_webhook_events(p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_event record;
  v_delivery_id uuid;
  v_relayed integer := 0;
begin
  -- Oldest first; rows another relay holds are skipped, so no event is fanned out twice.
  for v_event in
    select w.id, w.type, w.created_at from evently.webhook_events w
     where w.relayed_at is null
     order by w.created_at
     limit p_limit
       for update skip locked
  loop
    -- One delivery per endpoint that wanted this type when it happened.
    for v_delivery_id in
      insert into evently.webhook_deliveries (endpoint_id, webhook_event_id)
      select e.id, v_event.id from evently.webhook_endpoints e
       where e.active and v_event.type = any(e.event_types) and e.created_at <= v_event.created_at
      returning id
    loop
      perform evently_private.schedule_webhook_delivery(v_delivery_id);
    end loop;
    update evently.webhook_events w set relayed_at = now() where w.id = v_event.id;
    v_relayed := v_relayed + 1;
  end loop;
  return v_relayed;
end;
$$;

--
-- Name: FUNCTION relay_webhook_events(p_limit integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.relay_webhook_events(p_limit integer) IS 'The relay''s webhook step: up to p_limit pending webhook events, oldest first (skipping those another relay holds), each turned into one delivery per active endpoint that wants its type, each delivery queued as a deliver_webhook job. Returns how many events were relayed. Errors: none registered.';

--
-- Name: repair_counter(bigint, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.repair_counter(mismatch_id bigint, note text DEFAULT NULL::text) RETURNS evently.counter_mismatches
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_mismatch evently.counter_mismatches;
  v_actual integer;
begin
  select * into v_mismatch from evently.counter_mismatches m where m.id = repair_counter.mismatch_id for update;
  if not found then
    raise exception 'Counter mismatch not found' using errcode = 'EVNFD';
  end if;
  if v_mismatch.repaired_at is not null then
    raise exception 'Mismatch % was already repaired by %', v_mismatch.id, v_mismatch.repaired_by using errcode = 'EVINV';
  end if;
  if v_mismatch.counter not in ('held', 'booked', 'waiting') then
    -- Seat or ticket rows, not a counter, are out of line: which row is right needs a person.
    raise exception 'Seat and ticket rows must be repaired by hand (see docs/operations.md)' using errcode = 'EVINV', detail = 'counter';
  end if;
  -- Recount under the event row lock so no booking changes the rows meanwhile.
  perform 1 from evently.events e where e.id = v_mismatch.event_id for no key update;
  select a.actual into v_actual from evently_private.counter_actuals(array[v_mismatch.event_id]) a where a.counter = v_mismatch.counter;
  if v_mismatch.counter = 'held' then
    update evently.events set held = v_actual where id = v_mismatch.event_id;
  elsif v_mismatch.counter = 'booked' then
    update evently.events set booked = v_actual where id = v_mismatch.event_id;
  else
    update evently.events set waiting = v_actual where id = v_mismatch.event_id;
  end if;
  update evently.counter_mismatches m
     set repaired_at = now(),
         repaired_by = coalesce(evently.current_user_id()::text, session_user::text),
         note = repair_counter.note,
         actual = v_actual
   where m.id = v_mismatch.id
  returning * into v_mismatch;
  return v_mismatch;
end;
$$;

--
-- Name: FUNCTION repair_counter(mismatch_id bigint, note text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.repair_counter(mismatch_id bigint, note text) IS 'DBA: sets the counter of a recorded mismatch to a fresh count of its rows (under the event lock) and records who repaired it and why. Seat and ticket mismatches are refused (repair by hand). Usage: select * from evently_private.repair_counter(42, ''restored after manual edit'');. Errors: EVINV, EVNFD.';

--
-- Name: require_admin(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.require_admin() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently_private.require_user();
begin
  -- Checked against evently.users, not the JWT role claim, so a DBA's promotion or
  -- demotion takes effect on the next call, not when the token expires.
  if not evently.current_user_is_admin() then
    raise exception 'Only admins may do this' using errcode = 'EVFBD';
  end if;
  return v_user_id;
end;
$$;

--
-- Name: FUNCTION require_admin(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.require_admin() IS 'The current user id if that user is an admin; raises EVAUT or EVFBD otherwise. Errors: EVAUT, EVFBD.';

--
-- Name: require_user(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.require_user() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user_id uuid := evently.current_user_id();
begin
  if v_user_id is null then
    raise exception 'You must be signed in to do this' using errcode = 'EVAUT';
  end if;
  -- A valid token may outlive its account; answer that clearly instead of failing later
  -- on a foreign key.
  if not exists (select 1 from evently.users where id = v_user_id) then
    raise exception 'Your account no longer exists; sign in again' using errcode = 'EVAUT';
  end if;
  return v_user_id;
end;
$$;

--
-- Name: FUNCTION require_user(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.require_user() IS 'The current user id; raises EVAUT when the caller is anonymous or the account no longer exists. Errors: EVAUT.';

--
-- Name: return_rate_limit_tokens(text[], integer[], bigint[]); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.return_rate_limit_tokens(keys text[], unused integer[], window_ids bigint[]) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Tokens an app process leased but did not spend go back to the budget, so another
  -- instance can grant them in the same window; tokens of an ended window are void.
  -- The rows are locked in key order first, the order lease_rate_limit_tokens takes them
  -- in: an UPDATE … FROM joins in whatever order its plan gives, and a lease taking two of
  -- the same keys the other way round deadlocked with it.
  select count(*) from (
    select 1 from evently_ops.rate_limit_budgets
     where key = any(keys) order by key for update
  ) as locked;
  update evently_ops.rate_limit_budgets b
     set granted = greatest(0, b.granted - r.unused)
    from unnest(keys, unused, window_ids) as r (key, unused, window_id)
   where b.key = r.key and (extract(epoch from b.window_ends_at) * 1000000)::bigint = r.window_id
     and b.window_ends_at > now();
  -- Budgets of windows that ended a while ago only clutter the table. A row a lease is
  -- renewing right now is skipped (left for the next return), never waited for.
  delete from evently_ops.rate_limit_budgets
   where key in (select key from evently_ops.rate_limit_budgets
                  where window_ends_at < now() - interval '1 minute'
                  limit 1000 for update skip locked);
$$;

--
-- Name: FUNCTION return_rate_limit_tokens(keys text[], unused integer[], window_ids bigint[]); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.return_rate_limit_tokens(keys text[], unused integer[], window_ids bigint[]) IS 'Gives leased but unspent tokens back to their keys'' budgets (only within the window they were leased in) and deletes budgets of long-ended windows. Called by the HTTP server (evently_authenticator). Errors: none registered.';

--
-- Name: roll_demo_events(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.roll_demo_events() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_moved integer;
begin
  -- The demo (src/db/seed.ts) marks its events in audit_log ('demo_event_seeded'). Each
  -- boot moves those that have started forward by whole weeks (same weekday and time) to
  -- the first date still ahead, so the demo always has upcoming events. Real events are
  -- never touched: only marked ones move, and only while published.
  with moved as (
    update evently.events e
       set starts_at = e.starts_at + weeks * interval '7 days',
           ends_at = e.ends_at + weeks * interval '7 days',
           updated_at = now()
      from (select e2.id, floor(extract(epoch from now() - e2.starts_at) / 604800)::integer + 1 as weeks
              from evently.events e2
             where e2.status = 'published' and e2.starts_at <= now()
               and exists (select 1 from evently.audit_log a
                            where a.action = 'demo_event_seeded' and a.subject_type = 'event' and a.subject_id = e2.id)) d
     where e.id = d.id
    returning e.id, d.weeks
  )
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  select null, 'demo_event_rolled_forward', 'event', m.id, jsonb_build_object('weeks', m.weeks) from moved m;
  get diagnostics v_moved = row_count;
  return v_moved;
end;
$$;

--
-- Name: FUNCTION roll_demo_events(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.roll_demo_events() IS 'Moves the demo''s events (marked ''demo_event_seeded'' in audit_log by the seed) that have started forward by whole weeks, to their next date ahead; run by npm start at each boot. Returns how many moved. Errors: none.';

--
-- Name: row_label(integer); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.row_label(p_index integer) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- 1 -> A, 26 -> Z, 27 -> AA, 28 -> AB: the usual theatre row names.
  select case when p_index <= 26 then chr(64 + p_index)
              else evently_private.row_label((p_index - 1) / 26) || chr(65 + (p_index - 1) % 26) end;
$$;

--
-- Name: FUNCTION row_label(p_index integer); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.row_label(p_index integer) IS 'Spreadsheet-style row label for a 1-based row index (A..Z, AA..). Errors: none.';

--
-- Name: run_waiting_room(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.run_waiting_room(p_event_id uuid) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_room evently.waiting_rooms;
  v_next timestamptz;
begin
  perform evently_private.admit_from_queue(p_event_id);
  select r.* into v_room
    from evently.waiting_rooms r join evently.events e on e.id = r.event_id
   where r.event_id = p_event_id and e.status <> 'cancelled' and e.starts_at > now();
  if not found or not exists (select 1 from evently.queue_entries q where q.event_id = p_event_id and q.status = 'waiting') then
    -- Nobody waiting (or the sale is over): the next join re-arms the job.
    return null;
  end if;
  -- When the rate allows the next admission, but not more often than once a second (a
  -- fast room admits a second's worth per run).
  v_next := greatest(
    v_room.opens_at,
    v_room.counting_since + (v_room.admitted - v_room.admitted_before + 1) * interval '60 seconds' / v_room.admission_rate,
    now() + interval '1 second');
  perform evently_private.schedule_admissions(p_event_id, v_next);
  return v_next;
end;
$$;

--
-- Name: FUNCTION run_waiting_room(p_event_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.run_waiting_room(p_event_id uuid) IS 'The admit_from_queue job: admits what the rate allows, then queues its next run while people are waiting and the event is on sale. Returns the next run''s time (null: none). Errors: none.';

--
-- Name: run_waiting_rooms(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.run_waiting_rooms() RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- Safety net (crontab, every minute): a room whose job chain broke (a worker killed
  -- mid-run) still moves within a minute.
  select count(evently_private.run_waiting_room(r.event_id))::integer
    from evently.waiting_rooms r
   where r.opens_at <= now()
     and exists (select 1 from evently.queue_entries q where q.event_id = r.event_id and q.status = 'waiting');
$$;

--
-- Name: FUNCTION run_waiting_rooms(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.run_waiting_rooms() IS 'Runs every open waiting room that has people waiting (run_waiting_room); returns how many were re-armed. Errors: none.';

--
-- Name: schedule_admissions(uuid, timestamp with time zone, boolean); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.schedule_admissions(p_event_id uuid, p_run_at timestamp with time zone, p_replace boolean DEFAULT true) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- One admissions job per room (job_key). Without p_replace an existing job is left as it
  -- is: a join only makes sure one exists, with a read and no write when it does.
  if not p_replace and exists (select 1 from graphile_worker.jobs j where j.key = 'admit_from_queue:' || p_event_id) then
    return;
  end if;
  perform graphile_worker.add_job('admit_from_queue', json_build_object('event_id', p_event_id),
    run_at => p_run_at, job_key => 'admit_from_queue:' || p_event_id, max_attempts => 25);
end;
$$;

--
-- Name: FUNCTION schedule_admissions(p_event_id uuid, p_run_at timestamp with time zone, p_replace boolean); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.schedule_admissions(p_event_id uuid, p_run_at timestamp with time zone, p_replace boolean) IS 'Queues the room''s admit_from_queue job at p_run_at (job_key admit_from_queue:<event id>); with p_replace false, only when none is queued. Errors: none.';

--
-- Name: schedule_webhook_delivery(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.schedule_webhook_delivery(p_delivery_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- One job per delivery (its own key): graphile-worker retries a failed attempt with
  -- exponential backoff (e^attempts seconds: 3 s, 7 s, 20 s, ... about 3.5 hours for all 10).
  -- One queue per endpoint: its deliveries go one at a time, in order, so a slow or
  -- hanging endpoint holds at most one worker slot (hold expiry and the relay keep theirs).
  select graphile_worker.add_job('deliver_webhook', json_build_object('delivery_id', d.id),
                                 queue_name => 'deliver_webhook:' || d.endpoint_id,
                                 job_key => 'deliver_webhook:' || d.id, max_attempts => 10)
    from evently.webhook_deliveries d
   where d.id = p_delivery_id;
$$;

--
-- Name: FUNCTION schedule_webhook_delivery(p_delivery_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.schedule_webhook_delivery(p_delivery_id uuid) IS 'Queues the deliver_webhook job of one delivery (job key deliver_webhook:<id>, in its endpoint''s own queue so that one endpoint''s deliveries run one at a time; 10 attempts with exponential backoff). Errors: none registered.';

--
-- Name: set_user_password(text, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.set_user_password(email text, password text) RETURNS evently.users
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user evently.users;
begin
  -- For DBAs and `npm run admin -- reset-password` (the demo admin's password is shown
  -- only once): the same rules and hashing as register.
  if set_user_password.password is null or length(set_user_password.password) not between 8 and 200 then
    raise exception 'Password must be 8 to 200 characters' using errcode = 'EVWPW', detail = 'password';
  end if;
  select * into v_user from evently.users u where u.email = set_user_password.email::citext;
  if not found then
    raise exception 'No user with email %', set_user_password.email using errcode = 'EVNFD', detail = 'email';
  end if;
  update evently_private.user_secrets s
     set password_hash = crypt(set_user_password.password, gen_salt('bf', 10)), password_updated_at = now()
   where s.user_id = v_user.id;
  if not found then
    insert into evently_private.user_secrets (user_id, password_hash)
    values (v_user.id, crypt(set_user_password.password, gen_salt('bf', 10)));
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (null, 'user_password_reset', 'user', v_user.id, jsonb_build_object('by', session_user));
  return v_user;
end;
$$;

--
-- Name: FUNCTION set_user_password(email text, password text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.set_user_password(email text, password text) IS 'DBA: sets a user''s password (bcrypt, as register), found by email; recorded in audit_log. `npm run admin -- reset-password <email>` calls it. Errors: EVWPW, EVNFD (no such email).';

--
-- Name: set_user_role(text, text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.set_user_role(email text, role text) RETURNS evently.users
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_user evently.users;
  v_before text;
begin
  if set_user_role.role is null or set_user_role.role not in ('user', 'admin') then
    raise exception 'role must be user or admin' using errcode = 'EVINV', detail = 'role';
  end if;
  select u.role into v_before from evently.users u where u.email = set_user_role.email::citext for update;
  if not found then
    raise exception 'No user with email %', set_user_role.email using errcode = 'EVNFD', detail = 'email';
  end if;
  update evently.users u set role = set_user_role.role where u.email = set_user_role.email::citext
  returning * into v_user;
  -- A token carries its role until it expires (24 h): a demoted admin signs in again to lose it.
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (null, 'user_role_set', 'user', v_user.id, jsonb_build_object('from', v_before, 'to', v_user.role, 'by', session_user));
  return v_user;
end;
$$;

--
-- Name: FUNCTION set_user_role(email text, role text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.set_user_role(email text, role text) IS 'DBA: makes a user an admin (role ''admin'') or a plain user again (''user''), found by email; recorded in audit_log. `npm run admin -- promote <email>` and `set-role` call it. Errors: EVINV (role), EVNFD (no such email).';

--
-- Name: settle_offer(evently.holds); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.settle_offer(p_hold evently.holds) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_entry_status text := case p_hold.status
    when 'confirmed' then 'accepted'
    when 'released' then 'declined'
    when 'expired' then 'expired'
    else 'cancelled' end;
begin
  -- Only an entry still 'offered' changes (leave_waitlist has already marked its entry 'left').
  update evently.waitlist_entries set status = v_entry_status, updated_at = now()
   where id = p_hold.waitlist_entry_id and status = 'offered';
  if found and p_hold.status = 'expired' then
    perform evently_private.queue_notification(p_hold.user_id, 'offer_expired', p_hold.event_id,
      jsonb_build_object('hold_id', p_hold.id, 'quantity', p_hold.quantity, 'expired_at', p_hold.expires_at));
  end if;
end;
$$;

--
-- Name: FUNCTION settle_offer(p_hold evently.holds); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.settle_offer(p_hold evently.holds) IS 'Moves the waitlist entry of a closed offer hold to accepted, declined, expired or cancelled (with an offer_expired notification). Errors: none.';

--
-- Name: start_notification_relay(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.start_notification_relay() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
begin
  -- The relay keeps itself running (it re-arms) and the crontab re-creates it every minute;
  -- this only starts it on a database that has never queued a notification. The check reads
  -- graphile_worker's job view (three tables: six of a booking's 31 relation locks), so a
  -- connection makes it once: evently.relay_seen is session state, set only after the job
  -- was seen or queued, and undone with the transaction if that rolls back. A relay lost
  -- later (a DBA deleting its job) is the crontab's to restart, as after a crashed worker.
  -- Only one transaction at a time queues it, and none waits for another to: add_job locks
  -- the relay's job row until commit, and holds call this before they take their event row
  -- while bookings may call it after, so a wait here could close a deadlock (two holds and a
  -- typed booking did, in test/concurrency/ticket-types.test.ts). A transaction that finds
  -- the try-lock taken skips, and its connection asks again next time.
  if current_setting('evently.relay_seen', true) is distinct from 'on' then
    if exists (select 1 from graphile_worker.jobs where key = 'relay_notifications') then
      perform set_config('evently.relay_seen', 'on', false);
    elsif pg_try_advisory_xact_lock(hashtextextended('evently.relay_notifications', 0)) then
      perform graphile_worker.add_job('relay_notifications', '{}'::json, job_key => 'relay_notifications');
      perform set_config('evently.relay_seen', 'on', false);
    end if;
  end if;
end;
$$;

--
-- Name: FUNCTION start_notification_relay(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.start_notification_relay() IS 'Queues the relay_notifications job (which delivers notifications and webhook events) unless one exists; checked once per connection (the session setting evently.relay_seen), the crontab restarting a relay lost later. Called by whatever writes to an outbox (notifications, webhook events, hold expiries). Errors: none registered.';

--
-- Name: sweep_expired_holds(); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.sweep_expired_holds() RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select coalesce(sum(evently_private.reclaim_expired_holds(event_id)), 0)::integer
    from (select distinct event_id from evently.holds where status = 'active' and expires_at <= now()) due;
$$;

--
-- Name: FUNCTION sweep_expired_holds(); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.sweep_expired_holds() IS 'Safety net behind the per-hold expire_hold jobs (crontab): releases every expired active hold; returns tickets freed. Errors: EVSLD, EVSTK.';

--
-- Name: take_capacity(uuid, integer, text, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.take_capacity(p_event_id uuid, p_quantity integer, p_into text, p_ticket_type_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_status text;
  v_sold_out boolean;
begin
  if p_into is null or p_into not in ('held', 'booked') then
    raise exception 'take_capacity: p_into must be ''held'' or ''booked'', got %', p_into;
  end if;
  -- One atomic conditional UPDATE: the row lock plus the WHERE re-check under READ
  -- COMMITTED means concurrent buyers can never both take the last ticket.
  for v_attempt in 1..2 loop
    update evently.events
       set held = held + case when p_into = 'held' then p_quantity else 0 end,
           booked = booked + case when p_into = 'booked' then p_quantity else 0 end
     where id = p_event_id and status = 'published' and capacity - held - booked >= p_quantity
       -- While anyone waits, freed tickets belong to the waitlist (promote_waitlist). With
       -- ticket types each type has its own line: the type's counter trigger checks it.
       and (waiting = 0 or p_ticket_type_id is not null)
    returning capacity - held - booked = 0 into v_sold_out;
    if found then
      -- This transaction took the last ticket (under the row lock: exactly one does per
      -- time the event sells out): organizers' webhooks hear of it.
      if v_sold_out then
        perform evently_private.queue_webhook_event('event.sold_out', p_event_id, null);
      end if;
      return;
    end if;
    exit when v_attempt = 2;
    -- Looks sold out, but expired holds may still be counted in held. Free them, then
    -- retry once. Retry even when this call freed nothing: a concurrent transaction
    -- may just have freed them, after this statement's snapshot was taken.
    if exists (select 1 from evently.holds
                where event_id = p_event_id and status = 'active' and expires_at <= now()) then
      perform evently_private.reclaim_expired_holds(p_event_id);
    end if;
  end loop;
  select status into v_status from evently.events where id = p_event_id;
  if v_status = 'cancelled' then
    raise exception 'Event is cancelled' using errcode = 'EVECN';
  end if;
  raise exception 'Sold out: fewer than % tickets left', p_quantity using errcode = 'EVSLD';
end;
$$;

--
-- Name: FUNCTION take_capacity(p_event_id uuid, p_quantity integer, p_into text, p_ticket_type_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.take_capacity(p_event_id uuid, p_quantity integer, p_into text, p_ticket_type_id uuid) IS 'Atomically counts quantity tickets of the event into the counter p_into (''held'' for a hold, ''booked'' for a direct booking); raises EVSLD when not enough remain after reclaiming expired holds, or while a waitlist is waiting (for a ticket type, p_ticket_type_id: its own waitlist, checked by the type''s counter trigger). Errors: EVECN, EVSLD, EVSTK.';

--
-- Name: ticket_type_for(evently.events, uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.ticket_type_for(p_event evently.events, p_ticket_type_id uuid) RETURNS evently.ticket_types
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_type evently.ticket_types;
  v_types integer;
begin
  if p_ticket_type_id is null then
    -- hold_tickets/book_tickets (contract v1): the event's only type, or none at all.
    select count(*)::integer, (array_agg(t.id))[1] into v_types, p_ticket_type_id
      from (select t.id from evently.ticket_types t where t.event_id = p_event.id limit 2) t;
    if v_types = 0 then
      return null;
    elsif v_types > 1 then
      raise exception 'Event "%" has several ticket types: name one (hold_ticket_type, book_ticket_type)', p_event.name
        using errcode = 'EVTTR', detail = 'ticket_type_id';
    end if;
  end if;
  select * into v_type from evently.ticket_types t where t.id = p_ticket_type_id and t.event_id = p_event.id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  if v_type.sales_start > now() then
    raise exception '"%" tickets go on sale at %', v_type.name, v_type.sales_start using errcode = 'EVTSW', detail = 'sales_start';
  end if;
  if v_type.sales_end <= now() then
    raise exception '"%" tickets were on sale until %', v_type.name, v_type.sales_end using errcode = 'EVTSW', detail = 'sales_end';
  end if;
  return v_type;
end;
$$;

--
-- Name: FUNCTION ticket_type_for(p_event evently.events, p_ticket_type_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.ticket_type_for(p_event evently.events, p_ticket_type_id uuid) IS 'The ticket type a hold or booking of the event takes: the given one, or with null the event''s only type (null when it has none; EVTTR when it has several); EVNFD when the type is not the event''s, EVTSW outside its sales window. Errors: EVNFD, EVTSW, EVTTR.';

--
-- Name: ticket_type_free(evently.ticket_types); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.ticket_type_free(p_type evently.ticket_types) RETURNS integer
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- The type's own free tickets now (unexpired holds count, as in events_available), 0
  -- outside its sales window. events_available sums it over an event's types;
  -- ticket_types_available caps it by the event.
  -- 0 too while anyone waits for the type: its freed tickets are offered to them.
  select case when p_type.sales_start > now() or p_type.sales_end <= now() or p_type.waiting > 0 then 0 else
    greatest(0, p_type.capacity - p_type.booked - coalesce((
      select sum(h.quantity)::integer from evently.holds h
       where h.event_id = p_type.event_id and h.ticket_type_id = p_type.id
         and h.status = 'active' and h.expires_at > now()), 0))
  end;
$$;

--
-- Name: FUNCTION ticket_type_free(p_type evently.ticket_types); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.ticket_type_free(p_type evently.ticket_types) IS 'A ticket type''s own free tickets now: capacity minus booked minus unexpired holds, 0 outside its sales window or while anyone is on its waitlist (not capped by the event). Errors: none.';

--
-- Name: unlock_dead_workers(interval); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.unlock_dead_workers(grace interval DEFAULT '00:00:05'::interval) RETURNS text[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
declare
  v_dead text[];
begin
  -- graphile-worker frees the jobs (and job queues) of a worker that died mid-job only after
  -- 4 hours. A pool whose liveness lock (lock_worker_pool) nobody holds is gone: its process
  -- was killed or lost its connection. Its jobs run again at once (every task is idempotent).
  -- grace: a pool takes its lock a moment after it starts; jobs locked more recently than
  -- this are left alone. Every worker of the database must be an Evently worker process
  -- (src/worker.ts), or its jobs are taken for a dead worker's.
  select array_agg(distinct d.locked_by order by d.locked_by) into v_dead
    from (select j.locked_by, j.locked_at from graphile_worker._private_jobs j where j.locked_by is not null
          union all
          select q.locked_by, q.locked_at from graphile_worker._private_job_queues q where q.locked_by is not null) d
   where d.locked_at < now() - unlock_dead_workers.grace
     and not exists (
       select 1 from pg_locks l
        where l.locktype = 'advisory' and l.granted
          and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = 1163284052 and l.objid = hashtext(d.locked_by)::oid and l.objsubid = 2);
  if v_dead is not null then
    -- Jobs removed or replaced while the dead worker ran them (remove_job, add_job with the
    -- same key: a hold closed by the sweep or a booking) were marked never to run again
    -- (key cleared, attempts = max_attempts, updated after locked_at); the worker would have
    -- deleted them on completion. Unlocked, they would stay as failed jobs: delete them.
    delete from graphile_worker._private_jobs j
     where j.locked_by = any (v_dead) and j.key is null
       and j.attempts >= j.max_attempts and j.updated_at >= j.locked_at;
    -- The interrupted attempt counts (a job that kills its worker must not retry forever);
    -- its last_error says what happened. A job whose attempts ran out (crontab jobs have
    -- max=1: the next tick runs the task again) stays as a failed job, visibly.
    update graphile_worker._private_jobs j
       set last_error = 'worker ' || j.locked_by || ' died while running it (freed by evently_private.unlock_dead_workers)',
           updated_at = now()
     where j.locked_by = any (v_dead);
    perform graphile_worker.force_unlock_workers(v_dead);
  end if;
  return coalesce(v_dead, '{}');
end;
$$;

--
-- Name: FUNCTION unlock_dead_workers(grace interval); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.unlock_dead_workers(grace interval) IS 'Frees the jobs and job queues locked longer than grace by graphile-worker pools whose liveness lock (lock_worker_pool) no session holds, i.e. whose process died (their jobs that were removed or replaced while running are deleted, as completion would have); returns those pools'' ids. Every worker process calls it every few seconds (src/worker.ts). Errors: none.';

--
-- Name: unlock_worker_pool(text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.unlock_worker_pool(pool_id text) RETURNS boolean
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  select pg_advisory_unlock(1163284052, hashtext(unlock_worker_pool.pool_id));
$$;

--
-- Name: FUNCTION unlock_worker_pool(pool_id text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.unlock_worker_pool(pool_id text) IS 'Releases lock_worker_pool''s lock (a pool that stopped and whose jobs are released). Returns whether this session held it. Errors: none.';

--
-- Name: valid_idempotency_key(text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.valid_idempotency_key(p_key text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- 1 to 255 visible ASCII characters: what a client can send in a header unchanged.
  return length(p_key) between 1 and 255 and p_key ~ '^[\x21-\x7e]+$';
end;
$_$;

--
-- Name: FUNCTION valid_idempotency_key(p_key text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.valid_idempotency_key(p_key text) IS 'Whether p_key is a well-formed idempotency key (1 to 255 visible ASCII characters); idempotency_begin raises EVIDK otherwise. Errors: none.';

--
-- Name: webhook_delivery_to_send(uuid); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.webhook_delivery_to_send(p_delivery_id uuid) RETURNS TABLE(id uuid, status text, active boolean, url text, secret text, message_id text, type text, data jsonb, occurred_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  -- The webhook-id is the event's: a retry or a replay of one event carries the same id,
  -- so receivers can drop duplicates.
  select d.id, d.status, e.active, e.url, s.secret, 'msg_' || replace(w.id::text, '-', ''), w.type, w.data, w.created_at
    from evently.webhook_deliveries d
    join evently.webhook_endpoints e on e.id = d.endpoint_id
    join evently_private.webhook_secrets s on s.endpoint_id = e.id
    join evently.webhook_events w on w.id = d.webhook_event_id
   where d.id = p_delivery_id;
$$;

--
-- Name: FUNCTION webhook_delivery_to_send(p_delivery_id uuid); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.webhook_delivery_to_send(p_delivery_id uuid) IS 'What the deliver_webhook job needs to send one delivery: its status, the endpoint (URL, active, secret) and the event (message id, type, data, when). No row when the delivery or its endpoint is gone. Errors: none registered.';

--
-- Name: webhook_secret(text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.webhook_secret(p_secret text) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $_$
declare
  v_bytes integer;
begin
  -- Standard Webhooks secrets: whsec_ then the base64 of the HMAC key (24 to 64 bytes).
  if p_secret is null then
    return 'whsec_' || encode(gen_random_bytes(32), 'base64');
  end if;
  if p_secret !~ '^whsec_[A-Za-z0-9+/]+={0,2}$' or length(p_secret) % 4 <> 2 then
    raise exception 'secret must be whsec_ followed by base64' using errcode = 'EVINV', detail = 'secret';
  end if;
  v_bytes := length(decode(substr(p_secret, 7), 'base64'));
  if v_bytes not between 24 and 64 then
    raise exception 'secret must encode 24 to 64 bytes' using errcode = 'EVINV', detail = 'secret';
  end if;
  return p_secret;
end;
$_$;

--
-- Name: FUNCTION webhook_secret(p_secret text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.webhook_secret(p_secret text) IS 'The signing secret to store: p_secret when it is a whsec_ base64 secret of 24 to 64 bytes, a new random 32-byte one when null. Errors: EVINV.';

--
-- Name: worker_heartbeat(text); Type: FUNCTION; Schema: evently_private; Owner: -
--

CREATE FUNCTION evently_private.worker_heartbeat(worker_id text) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
  insert into evently_ops.worker_heartbeats (worker_id) values (worker_heartbeat.worker_id)
  on conflict (worker_id) do update set seen_at = now();
  -- Rows of workers gone for a day only clutter the table.
  delete from evently_ops.worker_heartbeats where seen_at < now() - interval '1 day';
$$;

--
-- Name: FUNCTION worker_heartbeat(worker_id text); Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON FUNCTION evently_private.worker_heartbeat(worker_id text) IS 'Called by each job worker process every few seconds (owner connection); /ready treats a heartbeat older than a minute as no worker. Errors: none.';

--
-- Name: audit_log; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.audit_log (
    id bigint NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_id uuid,
    action text NOT NULL,
    subject_type text NOT NULL,
    subject_id uuid NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL
);

--
-- Name: TABLE audit_log; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.audit_log IS '@behavior -insert -update -delete
Administrative actions (event created, changed, cancelled), for admins.';

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: evently; Owner: -
--

ALTER TABLE evently.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME evently.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: counter_mismatches_id_seq; Type: SEQUENCE; Schema: evently; Owner: -
--

ALTER TABLE evently.counter_mismatches ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME evently.counter_mismatches_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: event_price_categories; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.event_price_categories (
    event_id uuid NOT NULL,
    category text NOT NULL,
    price_cents integer NOT NULL,
    CONSTRAINT event_price_categories_price CHECK ((price_cents >= 0))
);

--
-- Name: TABLE event_price_categories; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.event_price_categories IS '@behavior -insert -update -delete
Price of each seat category of a reserved-seating event.';

--
-- Name: event_seats; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.event_seats (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    venue_seat_id uuid NOT NULL,
    section text NOT NULL,
    row_label text NOT NULL,
    seat_number integer NOT NULL,
    label text NOT NULL,
    x numeric NOT NULL,
    y numeric NOT NULL,
    category text NOT NULL,
    row_rank integer NOT NULL,
    seat_rank integer NOT NULL,
    price_cents integer NOT NULL,
    status text DEFAULT 'available'::text NOT NULL,
    hold_id uuid,
    booking_id uuid,
    CONSTRAINT event_seats_owner CHECK ((((status = 'available'::text) AND (hold_id IS NULL) AND (booking_id IS NULL)) OR ((status = 'held'::text) AND (hold_id IS NOT NULL) AND (booking_id IS NULL)) OR ((status = 'booked'::text) AND (booking_id IS NOT NULL) AND (hold_id IS NULL)))),
    CONSTRAINT event_seats_price_nonnegative CHECK ((price_cents >= 0)),
    CONSTRAINT event_seats_status CHECK ((status = ANY (ARRAY['available'::text, 'held'::text, 'booked'::text])))
);

--
-- Name: TABLE event_seats; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.event_seats IS '@behavior -*
One row per seat per reserved-seating event. Read it through evently.event_seat_map (which never says who holds a seat).';

--
-- Name: webhook_events; Type: TABLE; Schema: evently; Owner: -
--

CREATE TABLE evently.webhook_events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    type text NOT NULL,
    event_id uuid NOT NULL,
    data jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    relayed_at timestamp with time zone,
    CONSTRAINT webhook_events_type CHECK ((type = ANY (ARRAY['booking.confirmed'::text, 'booking.cancelled'::text, 'event.sold_out'::text, 'waitlist.offered'::text, 'event.cancelled'::text])))
);

--
-- Name: TABLE webhook_events; Type: COMMENT; Schema: evently; Owner: -
--

COMMENT ON TABLE evently.webhook_events IS '@behavior -insert -update -delete
What happened, once per change (the webhook outbox); each endpoint that wanted the type gets a delivery.';

--
-- Name: rate_limit_budgets; Type: TABLE; Schema: evently_ops; Owner: -
--

CREATE UNLOGGED TABLE evently_ops.rate_limit_budgets (
    key text NOT NULL,
    points integer NOT NULL,
    window_ends_at timestamp with time zone NOT NULL,
    granted integer NOT NULL,
    last_grant integer DEFAULT 0 NOT NULL,
    CONSTRAINT rate_limit_budgets_granted_check CHECK ((granted >= 0)),
    CONSTRAINT rate_limit_budgets_points_check CHECK ((points >= 0))
);

--
-- Name: TABLE rate_limit_budgets; Type: COMMENT; Schema: evently_ops; Owner: -
--

COMMENT ON TABLE evently_ops.rate_limit_budgets IS 'Rate-limit budgets shared by every app instance: tokens granted per key in the current window (functions/operations/).';

--
-- Name: worker_heartbeats; Type: TABLE; Schema: evently_ops; Owner: -
--

CREATE TABLE evently_ops.worker_heartbeats (
    worker_id text NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    seen_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE worker_heartbeats; Type: COMMENT; Schema: evently_ops; Owner: -
--

COMMENT ON TABLE evently_ops.worker_heartbeats IS 'Last sign of life of each job worker process (src/worker.ts); read by evently_private.readiness().';

--
-- Name: changed_events; Type: TABLE; Schema: evently_private; Owner: -
--

CREATE UNLOGGED TABLE evently_private.changed_events (
    event_id uuid NOT NULL,
    changed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: TABLE changed_events; Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON TABLE evently_private.changed_events IS 'Events changed by committed transactions whose live-update NOTIFY (evently_event:<id>) is still to be sent by evently_private.relay_event_changes. One row per event however many changes.';

--
-- Name: hold_expiries; Type: TABLE; Schema: evently_private; Owner: -
--

CREATE TABLE evently_private.hold_expiries (
    event_id uuid NOT NULL,
    hold_id uuid NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

--
-- Name: TABLE hold_expiries; Type: COMMENT; Schema: evently_private; Owner: -
--

COMMENT ON TABLE evently_private.hold_expiries IS 'Holds whose expire_hold job is still to be queued: written by the hold''s transaction, turned into jobs by the relay (relay_hold_expiries).';

--
-- Name: idempotency_keys; Type: TABLE; Schema: evently_private; Owner: -
--

CREATE TABLE evently_private.idempotency_keys (
    user_id uuid NOT NULL,
    idempotency_key text NOT NULL,
    request jsonb NOT NULL,
    booking_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT idempotency_key_length CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 255)))
);

--
-- Name: user_secrets; Type: TABLE; Schema: evently_private; Owner: -
--

CREATE TABLE evently_private.user_secrets (
    user_id uuid NOT NULL,
    password_hash text NOT NULL,
    password_updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: webhook_secrets; Type: TABLE; Schema: evently_private; Owner: -
--

CREATE TABLE evently_private.webhook_secrets (
    endpoint_id uuid NOT NULL,
    secret text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

--
-- Name: bookings bookings_hold_id_key; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.bookings
    ADD CONSTRAINT bookings_hold_id_key UNIQUE (hold_id);

--
-- Name: bookings bookings_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.bookings
    ADD CONSTRAINT bookings_pkey PRIMARY KEY (id);

--
-- Name: counter_mismatches counter_mismatches_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.counter_mismatches
    ADD CONSTRAINT counter_mismatches_pkey PRIMARY KEY (id);

--
-- Name: door_staff door_staff_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.door_staff
    ADD CONSTRAINT door_staff_pkey PRIMARY KEY (event_id, user_id);

--
-- Name: event_price_categories event_price_categories_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_price_categories
    ADD CONSTRAINT event_price_categories_pkey PRIMARY KEY (event_id, category);

--
-- Name: event_seats event_seats_event_id_section_row_label_seat_number_key; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_seats
    ADD CONSTRAINT event_seats_event_id_section_row_label_seat_number_key UNIQUE (event_id, section, row_label, seat_number);

--
-- Name: event_seats event_seats_event_id_venue_seat_id_key; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_seats
    ADD CONSTRAINT event_seats_event_id_venue_seat_id_key UNIQUE (event_id, venue_seat_id);

--
-- Name: event_seats event_seats_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_seats
    ADD CONSTRAINT event_seats_pkey PRIMARY KEY (id);

--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);

--
-- Name: holds holds_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.holds
    ADD CONSTRAINT holds_pkey PRIMARY KEY (id);

--
-- Name: notifications notifications_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);

--
-- Name: queue_entries queue_entries_one_per_user; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.queue_entries
    ADD CONSTRAINT queue_entries_one_per_user UNIQUE (event_id, user_id);

--
-- Name: queue_entries queue_entries_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.queue_entries
    ADD CONSTRAINT queue_entries_pkey PRIMARY KEY (id);

--
-- Name: queue_entries queue_entries_position_unique; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.queue_entries
    ADD CONSTRAINT queue_entries_position_unique UNIQUE (event_id, "position");

--
-- Name: ticket_types ticket_types_id_event; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.ticket_types
    ADD CONSTRAINT ticket_types_id_event UNIQUE (id, event_id);

--
-- Name: ticket_types ticket_types_name_unique; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.ticket_types
    ADD CONSTRAINT ticket_types_name_unique UNIQUE (event_id, name);

--
-- Name: ticket_types ticket_types_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.ticket_types
    ADD CONSTRAINT ticket_types_pkey PRIMARY KEY (id);

--
-- Name: tickets tickets_code_key; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.tickets
    ADD CONSTRAINT tickets_code_key UNIQUE (code);

--
-- Name: tickets tickets_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.tickets
    ADD CONSTRAINT tickets_pkey PRIMARY KEY (id);

--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.users
    ADD CONSTRAINT users_email_key UNIQUE (email);

--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

--
-- Name: venue_seats venue_seats_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.venue_seats
    ADD CONSTRAINT venue_seats_pkey PRIMARY KEY (id);

--
-- Name: venue_seats venue_seats_venue_id_section_row_label_seat_number_key; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.venue_seats
    ADD CONSTRAINT venue_seats_venue_id_section_row_label_seat_number_key UNIQUE (venue_id, section, row_label, seat_number);

--
-- Name: venues venues_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.venues
    ADD CONSTRAINT venues_pkey PRIMARY KEY (id);

--
-- Name: waiting_rooms waiting_rooms_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.waiting_rooms
    ADD CONSTRAINT waiting_rooms_pkey PRIMARY KEY (event_id);

--
-- Name: waitlist_entries waitlist_entries_event_id_position_key; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.waitlist_entries
    ADD CONSTRAINT waitlist_entries_event_id_position_key UNIQUE (event_id, "position");

--
-- Name: waitlist_entries waitlist_entries_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.waitlist_entries
    ADD CONSTRAINT waitlist_entries_pkey PRIMARY KEY (id);

--
-- Name: webhook_deliveries webhook_deliveries_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id);

--
-- Name: webhook_endpoints webhook_endpoints_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id);

--
-- Name: webhook_events webhook_events_pkey; Type: CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_events
    ADD CONSTRAINT webhook_events_pkey PRIMARY KEY (id);

--
-- Name: rate_limit_budgets rate_limit_budgets_pkey; Type: CONSTRAINT; Schema: evently_ops; Owner: -
--

ALTER TABLE ONLY evently_ops.rate_limit_budgets
    ADD CONSTRAINT rate_limit_budgets_pkey PRIMARY KEY (key);

--
-- Name: worker_heartbeats worker_heartbeats_pkey; Type: CONSTRAINT; Schema: evently_ops; Owner: -
--

ALTER TABLE ONLY evently_ops.worker_heartbeats
    ADD CONSTRAINT worker_heartbeats_pkey PRIMARY KEY (worker_id);

--
-- Name: changed_events changed_events_pkey; Type: CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.changed_events
    ADD CONSTRAINT changed_events_pkey PRIMARY KEY (event_id);

--
-- Name: hold_expiries hold_expiries_pkey; Type: CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.hold_expiries
    ADD CONSTRAINT hold_expiries_pkey PRIMARY KEY (event_id, hold_id);

--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idempotency_key);

--
-- Name: user_secrets user_secrets_pkey; Type: CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.user_secrets
    ADD CONSTRAINT user_secrets_pkey PRIMARY KEY (user_id);

--
-- Name: webhook_secrets webhook_secrets_pkey; Type: CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.webhook_secrets
    ADD CONSTRAINT webhook_secrets_pkey PRIMARY KEY (endpoint_id);

--
-- Name: audit_log_actor_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX audit_log_actor_idx ON evently.audit_log USING btree (actor_id);

--
-- Name: audit_log_subject_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX audit_log_subject_idx ON evently.audit_log USING btree (subject_type, subject_id, occurred_at);

--
-- Name: bookings_cancelled_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX bookings_cancelled_idx ON evently.bookings USING btree (cancelled_at) WHERE (cancelled_at IS NOT NULL);

--
-- Name: bookings_created_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX bookings_created_idx ON evently.bookings USING btree (created_at) INCLUDE (status, quantity, total_cents);

--
-- Name: bookings_event_confirmed_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX bookings_event_confirmed_idx ON evently.bookings USING btree (event_id) INCLUDE (quantity, total_cents) WHERE (status = 'confirmed'::text);

--
-- Name: bookings_event_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX bookings_event_idx ON evently.bookings USING btree (event_id, created_at);

--
-- Name: bookings_ticket_type_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX bookings_ticket_type_idx ON evently.bookings USING btree (ticket_type_id, user_id) WHERE (ticket_type_id IS NOT NULL);

--
-- Name: bookings_user_event_confirmed_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX bookings_user_event_confirmed_idx ON evently.bookings USING btree (user_id, event_id) WHERE (status = 'confirmed'::text);

--
-- Name: bookings_user_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX bookings_user_idx ON evently.bookings USING btree (user_id, created_at DESC);

--
-- Name: counter_mismatches_open_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE UNIQUE INDEX counter_mismatches_open_idx ON evently.counter_mismatches USING btree (event_id, counter) WHERE (repaired_at IS NULL);

--
-- Name: door_staff_granted_by_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX door_staff_granted_by_idx ON evently.door_staff USING btree (granted_by);

--
-- Name: door_staff_user_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX door_staff_user_idx ON evently.door_staff USING btree (user_id);

--
-- Name: event_seats_available_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX event_seats_available_idx ON evently.event_seats USING btree (event_id, row_rank, section, row_label, seat_number) WHERE (status = 'available'::text);

--
-- Name: event_seats_booking_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX event_seats_booking_idx ON evently.event_seats USING btree (booking_id) WHERE (booking_id IS NOT NULL);

--
-- Name: event_seats_hold_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX event_seats_hold_idx ON evently.event_seats USING btree (hold_id) WHERE (hold_id IS NOT NULL);

--
-- Name: events_created_by_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX events_created_by_idx ON evently.events USING btree (created_by);

--
-- Name: events_upcoming_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX events_upcoming_idx ON evently.events USING btree (starts_at) WHERE (status = 'published'::text);

--
-- Name: events_venue_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX events_venue_idx ON evently.events USING btree (venue_id, starts_at);

--
-- Name: holds_active_expiry_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX holds_active_expiry_idx ON evently.holds USING btree (event_id, expires_at) WHERE (status = 'active'::text);

--
-- Name: holds_created_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX holds_created_idx ON evently.holds USING btree (created_at) INCLUDE (status);

--
-- Name: holds_live_offer_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE UNIQUE INDEX holds_live_offer_idx ON evently.holds USING btree (waitlist_entry_id) WHERE ((status = 'active'::text) AND (waitlist_entry_id IS NOT NULL));

--
-- Name: holds_ticket_type_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX holds_ticket_type_idx ON evently.holds USING btree (ticket_type_id, user_id) WHERE (ticket_type_id IS NOT NULL);

--
-- Name: holds_user_event_active_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX holds_user_event_active_idx ON evently.holds USING btree (user_id, event_id) WHERE (status = 'active'::text);

--
-- Name: holds_user_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX holds_user_idx ON evently.holds USING btree (user_id, created_at DESC);

--
-- Name: notifications_event_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX notifications_event_idx ON evently.notifications USING btree (event_id);

--
-- Name: notifications_pending_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX notifications_pending_idx ON evently.notifications USING btree (created_at) WHERE (status = 'pending'::text);

--
-- Name: notifications_user_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX notifications_user_idx ON evently.notifications USING btree (user_id, created_at DESC);

--
-- Name: queue_entries_user_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX queue_entries_user_idx ON evently.queue_entries USING btree (user_id);

--
-- Name: queue_entries_waiting_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX queue_entries_waiting_idx ON evently.queue_entries USING btree (event_id, "position") WHERE (status = 'waiting'::text);

--
-- Name: ticket_types_event_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX ticket_types_event_idx ON evently.ticket_types USING btree (event_id, sort_order, name);

--
-- Name: tickets_booking_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX tickets_booking_idx ON evently.tickets USING btree (booking_id);

--
-- Name: tickets_checked_in_by_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX tickets_checked_in_by_idx ON evently.tickets USING btree (checked_in_by) WHERE (checked_in_by IS NOT NULL);

--
-- Name: tickets_event_checked_in_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX tickets_event_checked_in_idx ON evently.tickets USING btree (event_id, checked_in_at) WHERE (checked_in_at IS NOT NULL);

--
-- Name: tickets_event_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX tickets_event_idx ON evently.tickets USING btree (event_id);

--
-- Name: tickets_seat_valid_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE UNIQUE INDEX tickets_seat_valid_idx ON evently.tickets USING btree (seat_id) WHERE ((status = 'valid'::text) AND (seat_id IS NOT NULL));

--
-- Name: tickets_user_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX tickets_user_idx ON evently.tickets USING btree (user_id, created_at DESC);

--
-- Name: venues_city_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX venues_city_idx ON evently.venues USING btree (lower(city));

--
-- Name: venues_created_by_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX venues_created_by_idx ON evently.venues USING btree (created_by);

--
-- Name: waitlist_live_user_type_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE UNIQUE INDEX waitlist_live_user_type_idx ON evently.waitlist_entries USING btree (event_id, user_id, ticket_type_id) NULLS NOT DISTINCT WHERE (status = ANY (ARRAY['waiting'::text, 'offered'::text]));

--
-- Name: waitlist_user_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX waitlist_user_idx ON evently.waitlist_entries USING btree (user_id, created_at DESC);

--
-- Name: waitlist_waiting_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX waitlist_waiting_idx ON evently.waitlist_entries USING btree (event_id, "position") WHERE (status = 'waiting'::text);

--
-- Name: webhook_deliveries_endpoint_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX webhook_deliveries_endpoint_idx ON evently.webhook_deliveries USING btree (endpoint_id, created_at DESC);

--
-- Name: webhook_deliveries_event_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX webhook_deliveries_event_idx ON evently.webhook_deliveries USING btree (webhook_event_id);

--
-- Name: webhook_deliveries_replay_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX webhook_deliveries_replay_idx ON evently.webhook_deliveries USING btree (replay_of) WHERE (replay_of IS NOT NULL);

--
-- Name: webhook_endpoints_active_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX webhook_endpoints_active_idx ON evently.webhook_endpoints USING gin (event_types) WHERE active;

--
-- Name: webhook_endpoints_created_by_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX webhook_endpoints_created_by_idx ON evently.webhook_endpoints USING btree (created_by);

--
-- Name: webhook_events_event_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX webhook_events_event_idx ON evently.webhook_events USING btree (event_id);

--
-- Name: webhook_events_pending_idx; Type: INDEX; Schema: evently; Owner: -
--

CREATE INDEX webhook_events_pending_idx ON evently.webhook_events USING btree (created_at) WHERE (relayed_at IS NULL);

--
-- Name: rate_limit_budgets_window_idx; Type: INDEX; Schema: evently_ops; Owner: -
--

CREATE INDEX rate_limit_budgets_window_idx ON evently_ops.rate_limit_budgets USING btree (window_ends_at);

--
-- Name: worker_heartbeats_seen_idx; Type: INDEX; Schema: evently_ops; Owner: -
--

CREATE INDEX worker_heartbeats_seen_idx ON evently_ops.worker_heartbeats USING btree (seen_at);

--
-- Name: idempotency_keys_created_idx; Type: INDEX; Schema: evently_private; Owner: -
--

CREATE INDEX idempotency_keys_created_idx ON evently_private.idempotency_keys USING btree (created_at);

--
-- Name: bookings bookings_count_ticket_type; Type: TRIGGER; Schema: evently; Owner: -
--

CREATE TRIGGER bookings_count_ticket_type AFTER INSERT OR UPDATE OF status ON evently.bookings FOR EACH ROW WHEN ((new.ticket_type_id IS NOT NULL)) EXECUTE FUNCTION evently_private.count_ticket_type_bookings();

--
-- Name: events events_notify_changed; Type: TRIGGER; Schema: evently; Owner: -
--

CREATE TRIGGER events_notify_changed AFTER UPDATE ON evently.events FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION evently_private.notify_event_changed();

--
-- Name: holds holds_count_ticket_type; Type: TRIGGER; Schema: evently; Owner: -
--

CREATE TRIGGER holds_count_ticket_type AFTER INSERT OR UPDATE OF status ON evently.holds FOR EACH ROW WHEN ((new.ticket_type_id IS NOT NULL)) EXECUTE FUNCTION evently_private.count_ticket_type_holds();

--
-- Name: waitlist_entries waitlist_entries_count_ticket_type; Type: TRIGGER; Schema: evently; Owner: -
--

CREATE TRIGGER waitlist_entries_count_ticket_type AFTER INSERT OR UPDATE OF status ON evently.waitlist_entries FOR EACH ROW WHEN ((new.ticket_type_id IS NOT NULL)) EXECUTE FUNCTION evently_private.count_ticket_type_waiting();

--
-- Name: audit_log audit_log_actor_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.audit_log
    ADD CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES evently.users(id) ON DELETE SET NULL;

--
-- Name: bookings bookings_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.bookings
    ADD CONSTRAINT bookings_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

--
-- Name: bookings bookings_hold_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.bookings
    ADD CONSTRAINT bookings_hold_id_fkey FOREIGN KEY (hold_id) REFERENCES evently.holds(id) ON DELETE SET NULL;

--
-- Name: bookings bookings_ticket_type_fk; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.bookings
    ADD CONSTRAINT bookings_ticket_type_fk FOREIGN KEY (ticket_type_id, event_id) REFERENCES evently.ticket_types(id, event_id) DEFERRABLE INITIALLY DEFERRED;

--
-- Name: bookings bookings_user_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.bookings
    ADD CONSTRAINT bookings_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: counter_mismatches counter_mismatches_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.counter_mismatches
    ADD CONSTRAINT counter_mismatches_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE;

--
-- Name: door_staff door_staff_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.door_staff
    ADD CONSTRAINT door_staff_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE;

--
-- Name: door_staff door_staff_granted_by_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.door_staff
    ADD CONSTRAINT door_staff_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES evently.users(id) ON DELETE SET NULL;

--
-- Name: door_staff door_staff_user_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.door_staff
    ADD CONSTRAINT door_staff_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: event_price_categories event_price_categories_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_price_categories
    ADD CONSTRAINT event_price_categories_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE;

--
-- Name: event_seats event_seats_booking_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_seats
    ADD CONSTRAINT event_seats_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES evently.bookings(id) ON DELETE SET NULL;

--
-- Name: event_seats event_seats_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_seats
    ADD CONSTRAINT event_seats_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE;

--
-- Name: event_seats event_seats_hold_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_seats
    ADD CONSTRAINT event_seats_hold_id_fkey FOREIGN KEY (hold_id) REFERENCES evently.holds(id) ON DELETE SET NULL;

--
-- Name: event_seats event_seats_venue_seat_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.event_seats
    ADD CONSTRAINT event_seats_venue_seat_id_fkey FOREIGN KEY (venue_seat_id) REFERENCES evently.venue_seats(id) ON DELETE RESTRICT;

--
-- Name: events events_created_by_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.events
    ADD CONSTRAINT events_created_by_fkey FOREIGN KEY (created_by) REFERENCES evently.users(id) ON DELETE SET NULL;

--
-- Name: events events_venue_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.events
    ADD CONSTRAINT events_venue_id_fkey FOREIGN KEY (venue_id) REFERENCES evently.venues(id) ON DELETE RESTRICT;

--
-- Name: holds holds_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.holds
    ADD CONSTRAINT holds_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

--
-- Name: holds holds_ticket_type_fk; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.holds
    ADD CONSTRAINT holds_ticket_type_fk FOREIGN KEY (ticket_type_id, event_id) REFERENCES evently.ticket_types(id, event_id) DEFERRABLE INITIALLY DEFERRED;

--
-- Name: holds holds_user_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.holds
    ADD CONSTRAINT holds_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: holds holds_waitlist_entry_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.holds
    ADD CONSTRAINT holds_waitlist_entry_id_fkey FOREIGN KEY (waitlist_entry_id) REFERENCES evently.waitlist_entries(id) ON DELETE SET NULL;

--
-- Name: notifications notifications_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.notifications
    ADD CONSTRAINT notifications_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

--
-- Name: notifications notifications_user_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.notifications
    ADD CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: queue_entries queue_entries_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.queue_entries
    ADD CONSTRAINT queue_entries_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.waiting_rooms(event_id) ON DELETE CASCADE;

--
-- Name: queue_entries queue_entries_user_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.queue_entries
    ADD CONSTRAINT queue_entries_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: ticket_types ticket_types_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.ticket_types
    ADD CONSTRAINT ticket_types_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE;

--
-- Name: tickets tickets_booking_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.tickets
    ADD CONSTRAINT tickets_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES evently.bookings(id) ON DELETE CASCADE;

--
-- Name: tickets tickets_checked_in_by_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.tickets
    ADD CONSTRAINT tickets_checked_in_by_fkey FOREIGN KEY (checked_in_by) REFERENCES evently.users(id) ON DELETE SET NULL;

--
-- Name: tickets tickets_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.tickets
    ADD CONSTRAINT tickets_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

--
-- Name: tickets tickets_seat_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.tickets
    ADD CONSTRAINT tickets_seat_id_fkey FOREIGN KEY (seat_id) REFERENCES evently.event_seats(id) ON DELETE RESTRICT;

--
-- Name: tickets tickets_user_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.tickets
    ADD CONSTRAINT tickets_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: venue_seats venue_seats_venue_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.venue_seats
    ADD CONSTRAINT venue_seats_venue_id_fkey FOREIGN KEY (venue_id) REFERENCES evently.venues(id) ON DELETE CASCADE;

--
-- Name: venues venues_created_by_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.venues
    ADD CONSTRAINT venues_created_by_fkey FOREIGN KEY (created_by) REFERENCES evently.users(id) ON DELETE SET NULL;

--
-- Name: waiting_rooms waiting_rooms_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.waiting_rooms
    ADD CONSTRAINT waiting_rooms_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE;

--
-- Name: waitlist_entries waitlist_entries_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.waitlist_entries
    ADD CONSTRAINT waitlist_entries_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE;

--
-- Name: waitlist_entries waitlist_entries_ticket_type_fk; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.waitlist_entries
    ADD CONSTRAINT waitlist_entries_ticket_type_fk FOREIGN KEY (ticket_type_id, event_id) REFERENCES evently.ticket_types(id, event_id);

--
-- Name: waitlist_entries waitlist_entries_user_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.waitlist_entries
    ADD CONSTRAINT waitlist_entries_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: webhook_deliveries webhook_deliveries_endpoint_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES evently.webhook_endpoints(id) ON DELETE CASCADE;

--
-- Name: webhook_deliveries webhook_deliveries_replay_of_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_replay_of_fkey FOREIGN KEY (replay_of) REFERENCES evently.webhook_deliveries(id) ON DELETE SET NULL;

--
-- Name: webhook_deliveries webhook_deliveries_webhook_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_webhook_event_id_fkey FOREIGN KEY (webhook_event_id) REFERENCES evently.webhook_events(id) ON DELETE CASCADE;

--
-- Name: webhook_endpoints webhook_endpoints_created_by_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_endpoints
    ADD CONSTRAINT webhook_endpoints_created_by_fkey FOREIGN KEY (created_by) REFERENCES evently.users(id) ON DELETE SET NULL;

--
-- Name: webhook_events webhook_events_event_id_fkey; Type: FK CONSTRAINT; Schema: evently; Owner: -
--

ALTER TABLE ONLY evently.webhook_events
    ADD CONSTRAINT webhook_events_event_id_fkey FOREIGN KEY (event_id) REFERENCES evently.events(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;

--
-- Name: idempotency_keys idempotency_keys_booking_id_fkey; Type: FK CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.idempotency_keys
    ADD CONSTRAINT idempotency_keys_booking_id_fkey FOREIGN KEY (booking_id) REFERENCES evently.bookings(id) ON DELETE CASCADE;

--
-- Name: idempotency_keys idempotency_keys_user_id_fkey; Type: FK CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.idempotency_keys
    ADD CONSTRAINT idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: user_secrets user_secrets_user_id_fkey; Type: FK CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.user_secrets
    ADD CONSTRAINT user_secrets_user_id_fkey FOREIGN KEY (user_id) REFERENCES evently.users(id) ON DELETE CASCADE;

--
-- Name: webhook_secrets webhook_secrets_endpoint_id_fkey; Type: FK CONSTRAINT; Schema: evently_private; Owner: -
--

ALTER TABLE ONLY evently_private.webhook_secrets
    ADD CONSTRAINT webhook_secrets_endpoint_id_fkey FOREIGN KEY (endpoint_id) REFERENCES evently.webhook_endpoints(id) ON DELETE CASCADE;

--
-- Name: audit_log; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: bookings; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.bookings ENABLE ROW LEVEL SECURITY;

--
-- Name: counter_mismatches; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.counter_mismatches ENABLE ROW LEVEL SECURITY;

--
-- Name: door_staff; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.door_staff ENABLE ROW LEVEL SECURITY;

--
-- Name: event_price_categories; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.event_price_categories ENABLE ROW LEVEL SECURITY;

--
-- Name: event_seats; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.event_seats ENABLE ROW LEVEL SECURITY;

--
-- Name: events; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.events ENABLE ROW LEVEL SECURITY;

--
-- Name: holds; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.holds ENABLE ROW LEVEL SECURITY;

--
-- Name: notifications; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.notifications ENABLE ROW LEVEL SECURITY;

--
-- Name: queue_entries; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.queue_entries ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log select_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_admin ON evently.audit_log FOR SELECT USING (evently.current_user_is_admin());

--
-- Name: counter_mismatches select_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_admin ON evently.counter_mismatches FOR SELECT USING (evently.current_user_is_admin());

--
-- Name: webhook_deliveries select_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_admin ON evently.webhook_deliveries FOR SELECT USING (evently.current_user_is_admin());

--
-- Name: webhook_endpoints select_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_admin ON evently.webhook_endpoints FOR SELECT USING (evently.current_user_is_admin());

--
-- Name: webhook_events select_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_admin ON evently.webhook_events FOR SELECT USING (evently.current_user_is_admin());

--
-- Name: event_price_categories select_all; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_all ON evently.event_price_categories FOR SELECT USING (true);

--
-- Name: events select_all; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_all ON evently.events FOR SELECT USING (true);

--
-- Name: ticket_types select_all; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_all ON evently.ticket_types FOR SELECT USING (true);

--
-- Name: venue_seats select_all; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_all ON evently.venue_seats FOR SELECT USING (true);

--
-- Name: venues select_all; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_all ON evently.venues FOR SELECT USING (true);

--
-- Name: waiting_rooms select_all; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_all ON evently.waiting_rooms FOR SELECT USING (true);

--
-- Name: queue_entries select_own; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_own ON evently.queue_entries FOR SELECT USING (((user_id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: bookings select_own_or_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_own_or_admin ON evently.bookings FOR SELECT USING (((user_id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: door_staff select_own_or_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_own_or_admin ON evently.door_staff FOR SELECT USING (((user_id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: holds select_own_or_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_own_or_admin ON evently.holds FOR SELECT USING (((user_id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: notifications select_own_or_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_own_or_admin ON evently.notifications FOR SELECT USING (((user_id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: tickets select_own_or_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_own_or_admin ON evently.tickets FOR SELECT USING (((user_id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: waitlist_entries select_own_or_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_own_or_admin ON evently.waitlist_entries FOR SELECT USING (((user_id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: users select_self_or_admin; Type: POLICY; Schema: evently; Owner: -
--

CREATE POLICY select_self_or_admin ON evently.users FOR SELECT USING (((id = evently.current_user_id()) OR evently.current_user_is_admin()));

--
-- Name: ticket_types; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.ticket_types ENABLE ROW LEVEL SECURITY;

--
-- Name: tickets; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.tickets ENABLE ROW LEVEL SECURITY;

--
-- Name: users; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.users ENABLE ROW LEVEL SECURITY;

--
-- Name: venue_seats; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.venue_seats ENABLE ROW LEVEL SECURITY;

--
-- Name: venues; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.venues ENABLE ROW LEVEL SECURITY;

--
-- Name: waiting_rooms; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.waiting_rooms ENABLE ROW LEVEL SECURITY;

--
-- Name: waitlist_entries; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.waitlist_entries ENABLE ROW LEVEL SECURITY;

--
-- Name: webhook_deliveries; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.webhook_deliveries ENABLE ROW LEVEL SECURITY;

--
-- Name: webhook_endpoints; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.webhook_endpoints ENABLE ROW LEVEL SECURITY;

--
-- Name: webhook_events; Type: ROW SECURITY; Schema: evently; Owner: -
--

ALTER TABLE evently.webhook_events ENABLE ROW LEVEL SECURITY;

--
-- Name: rate_limit_budgets; Type: ROW SECURITY; Schema: evently_ops; Owner: -
--

ALTER TABLE evently_ops.rate_limit_budgets ENABLE ROW LEVEL SECURITY;

--
-- Name: rate_limit_budgets rate_limit_budgets_authenticator; Type: POLICY; Schema: evently_ops; Owner: -
--

CREATE POLICY rate_limit_budgets_authenticator ON evently_ops.rate_limit_budgets TO evently_authenticator USING (true) WITH CHECK (true);

--
-- Name: changed_events; Type: ROW SECURITY; Schema: evently_private; Owner: -
--

ALTER TABLE evently_private.changed_events ENABLE ROW LEVEL SECURITY;

--
-- Name: hold_expiries; Type: ROW SECURITY; Schema: evently_private; Owner: -
--

ALTER TABLE evently_private.hold_expiries ENABLE ROW LEVEL SECURITY;

--
-- Name: idempotency_keys; Type: ROW SECURITY; Schema: evently_private; Owner: -
--

ALTER TABLE evently_private.idempotency_keys ENABLE ROW LEVEL SECURITY;

--
-- Name: user_secrets; Type: ROW SECURITY; Schema: evently_private; Owner: -
--

ALTER TABLE evently_private.user_secrets ENABLE ROW LEVEL SECURITY;

--
-- Name: webhook_secrets; Type: ROW SECURITY; Schema: evently_private; Owner: -
--

ALTER TABLE evently_private.webhook_secrets ENABLE ROW LEVEL SECURITY;

--
-- Name: SCHEMA evently; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA evently TO evently_anonymous;
GRANT USAGE ON SCHEMA evently TO evently_user;

--
-- Name: SCHEMA evently_ops; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA evently_ops TO evently_authenticator;

--
-- Name: SCHEMA evently_private; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA evently_private TO evently_authenticator;

--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

REVOKE USAGE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO evently_anonymous;
GRANT USAGE ON SCHEMA public TO evently_user;

--
-- Name: TABLE venue_seats; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.venue_seats TO evently_anonymous;
GRANT SELECT ON TABLE evently.venue_seats TO evently_user;

--
-- Name: FUNCTION add_seats(venue_id uuid, section text, rows integer, seats_per_row integer, category text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.add_seats(venue_id uuid, section text, rows integer, seats_per_row integer, category text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.add_seats(venue_id uuid, section text, rows integer, seats_per_row integer, category text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.add_seats(venue_id uuid, section text, rows integer, seats_per_row integer, category text) TO evently_user;

--
-- Name: FUNCTION analytics_check_ins(starts_after timestamp with time zone, starts_before timestamp with time zone, max_rows integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.analytics_check_ins(starts_after timestamp with time zone, starts_before timestamp with time zone, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.analytics_check_ins(starts_after timestamp with time zone, starts_before timestamp with time zone, max_rows integer) TO evently_user;

--
-- Name: FUNCTION analytics_daily(since date, until date); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.analytics_daily(since date, until date) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.analytics_daily(since date, until date) TO evently_user;

--
-- Name: FUNCTION analytics_events(order_by text, max_rows integer, starts_after timestamp with time zone, starts_before timestamp with time zone); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.analytics_events(order_by text, max_rows integer, starts_after timestamp with time zone, starts_before timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.analytics_events(order_by text, max_rows integer, starts_after timestamp with time zone, starts_before timestamp with time zone) TO evently_user;

--
-- Name: FUNCTION analytics_summary(since timestamp with time zone, until timestamp with time zone, OUT bookings_created integer, OUT bookings_cancelled integer, OUT tickets_sold integer, OUT revenue_cents bigint, OUT cancellation_rate double precision, OUT holds_created integer, OUT holds_confirmed integer, OUT hold_conversion_rate double precision); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.analytics_summary(since timestamp with time zone, until timestamp with time zone, OUT bookings_created integer, OUT bookings_cancelled integer, OUT tickets_sold integer, OUT revenue_cents bigint, OUT cancellation_rate double precision, OUT holds_created integer, OUT holds_confirmed integer, OUT hold_conversion_rate double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.analytics_summary(since timestamp with time zone, until timestamp with time zone, OUT bookings_created integer, OUT bookings_cancelled integer, OUT tickets_sold integer, OUT revenue_cents bigint, OUT cancellation_rate double precision, OUT holds_created integer, OUT holds_confirmed integer, OUT hold_conversion_rate double precision) TO evently_user;

--
-- Name: FUNCTION analytics_ticket_types(event_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.analytics_ticket_types(event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.analytics_ticket_types(event_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.analytics_ticket_types(event_id uuid) TO evently_user;

--
-- Name: FUNCTION authenticate(email text, password text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.authenticate(email text, password text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.authenticate(email text, password text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.authenticate(email text, password text) TO evently_user;

--
-- Name: TABLE bookings; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.bookings TO evently_user;

--
-- Name: FUNCTION book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text) TO evently_user;

--
-- Name: FUNCTION book_tickets(event_id uuid, quantity integer, idempotency_key text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.book_tickets(event_id uuid, quantity integer, idempotency_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.book_tickets(event_id uuid, quantity integer, idempotency_key text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.book_tickets(event_id uuid, quantity integer, idempotency_key text) TO evently_user;

--
-- Name: FUNCTION booking_stats(OUT events_upcoming integer, OUT events_sold_out integer, OUT tickets_sold integer, OUT tickets_held integer, OUT bookings_last_24h integer, OUT cancellations_last_24h integer, OUT revenue_cents_last_24h bigint); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.booking_stats(OUT events_upcoming integer, OUT events_sold_out integer, OUT tickets_sold integer, OUT tickets_held integer, OUT bookings_last_24h integer, OUT cancellations_last_24h integer, OUT revenue_cents_last_24h bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.booking_stats(OUT events_upcoming integer, OUT events_sold_out integer, OUT tickets_sold integer, OUT tickets_held integer, OUT bookings_last_24h integer, OUT cancellations_last_24h integer, OUT revenue_cents_last_24h bigint) TO evently_user;

--
-- Name: FUNCTION cancel_booking(booking_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.cancel_booking(booking_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.cancel_booking(booking_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.cancel_booking(booking_id uuid) TO evently_user;

--
-- Name: TABLE events; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.events TO evently_anonymous;
GRANT SELECT ON TABLE evently.events TO evently_user;

--
-- Name: FUNCTION cancel_event(event_id uuid, reason text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.cancel_event(event_id uuid, reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.cancel_event(event_id uuid, reason text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.cancel_event(event_id uuid, reason text) TO evently_user;

--
-- Name: FUNCTION check_in(code text, event_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.check_in(code text, event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.check_in(code text, event_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.check_in(code text, event_id uuid) TO evently_user;

--
-- Name: COLUMN waiting_rooms.event_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(event_id) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(event_id) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.opens_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(opens_at) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(opens_at) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.admission_rate; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(admission_rate) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(admission_rate) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.admission_window; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(admission_window) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(admission_window) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.last_position; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(last_position) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(last_position) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.admitted; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(admitted) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(admitted) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.counting_since; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(counting_since) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(counting_since) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.admitted_before; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(admitted_before) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(admitted_before) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.created_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(created_at) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(created_at) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: COLUMN waiting_rooms.updated_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(updated_at) ON TABLE evently.waiting_rooms TO evently_anonymous;
GRANT SELECT(updated_at) ON TABLE evently.waiting_rooms TO evently_user;

--
-- Name: FUNCTION close_waiting_room(event_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.close_waiting_room(event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.close_waiting_room(event_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.close_waiting_room(event_id uuid) TO evently_user;

--
-- Name: FUNCTION confirm_hold(hold_id uuid, idempotency_key text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.confirm_hold(hold_id uuid, idempotency_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.confirm_hold(hold_id uuid, idempotency_key text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.confirm_hold(hold_id uuid, idempotency_key text) TO evently_user;

--
-- Name: FUNCTION create_event(name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, seating text, category_prices jsonb, offer_ttl interval); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.create_event(name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, seating text, category_prices jsonb, offer_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.create_event(name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, seating text, category_prices jsonb, offer_ttl interval) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.create_event(name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, seating text, category_prices jsonb, offer_ttl interval) TO evently_user;

--
-- Name: COLUMN ticket_types.id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(id) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(id) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.event_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(event_id) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(event_id) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.name; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(name) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(name) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.description; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(description) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(description) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.price_cents; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(price_cents) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(price_cents) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.capacity; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(capacity) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(capacity) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.held; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(held) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(held) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.booked; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(booked) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(booked) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.sales_start; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(sales_start) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(sales_start) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.sales_end; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(sales_end) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(sales_end) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.max_tickets_per_user; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(max_tickets_per_user) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(max_tickets_per_user) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.sort_order; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(sort_order) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(sort_order) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.created_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(created_at) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(created_at) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.updated_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(updated_at) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(updated_at) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: COLUMN ticket_types.waiting; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(waiting) ON TABLE evently.ticket_types TO evently_anonymous;
GRANT SELECT(waiting) ON TABLE evently.ticket_types TO evently_user;

--
-- Name: FUNCTION create_ticket_type(event_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.create_ticket_type(event_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.create_ticket_type(event_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.create_ticket_type(event_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) TO evently_user;

--
-- Name: TABLE venues; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.venues TO evently_anonymous;
GRANT SELECT ON TABLE evently.venues TO evently_user;

--
-- Name: FUNCTION create_venue(name text, address text, city text, country text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.create_venue(name text, address text, city text, country text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.create_venue(name text, address text, city text, country text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.create_venue(name text, address text, city text, country text) TO evently_user;

--
-- Name: FUNCTION create_webhook_endpoint(url text, event_types text[], secret text, description text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.create_webhook_endpoint(url text, event_types text[], secret text, description text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.create_webhook_endpoint(url text, event_types text[], secret text, description text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.create_webhook_endpoint(url text, event_types text[], secret text, description text) TO evently_user;

--
-- Name: TABLE users; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.users TO evently_user;
GRANT SELECT ON TABLE evently.users TO evently_anonymous;

--
-- Name: FUNCTION "current_user"(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently."current_user"() FROM PUBLIC;
GRANT ALL ON FUNCTION evently."current_user"() TO evently_anonymous;
GRANT ALL ON FUNCTION evently."current_user"() TO evently_user;

--
-- Name: FUNCTION current_user_id(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.current_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION evently.current_user_id() TO evently_anonymous;
GRANT ALL ON FUNCTION evently.current_user_id() TO evently_user;

--
-- Name: FUNCTION current_user_is_admin(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.current_user_is_admin() FROM PUBLIC;
GRANT ALL ON FUNCTION evently.current_user_is_admin() TO evently_anonymous;
GRANT ALL ON FUNCTION evently.current_user_is_admin() TO evently_user;

--
-- Name: TABLE holds; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.holds TO evently_user;

--
-- Name: FUNCTION decline_offer(hold_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.decline_offer(hold_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.decline_offer(hold_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.decline_offer(hold_id uuid) TO evently_user;

--
-- Name: COLUMN webhook_endpoints.id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(id) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: COLUMN webhook_endpoints.url; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(url) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: COLUMN webhook_endpoints.event_types; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(event_types) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: COLUMN webhook_endpoints.description; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(description) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: COLUMN webhook_endpoints.active; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(active) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: COLUMN webhook_endpoints.created_by; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(created_by) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: COLUMN webhook_endpoints.created_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(created_at) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: COLUMN webhook_endpoints.updated_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(updated_at) ON TABLE evently.webhook_endpoints TO evently_user;

--
-- Name: FUNCTION delete_webhook_endpoint(endpoint_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.delete_webhook_endpoint(endpoint_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.delete_webhook_endpoint(endpoint_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.delete_webhook_endpoint(endpoint_id uuid) TO evently_user;

--
-- Name: FUNCTION event_bookings(event_id uuid, search text, booking_status text, max_rows integer, skip_rows integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.event_bookings(event_id uuid, search text, booking_status text, max_rows integer, skip_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.event_bookings(event_id uuid, search text, booking_status text, max_rows integer, skip_rows integer) TO evently_user;

--
-- Name: FUNCTION event_check_ins(event_id uuid, OUT tickets integer, OUT checked_in integer, OUT remaining integer, OUT last_check_in_at timestamp with time zone); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.event_check_ins(event_id uuid, OUT tickets integer, OUT checked_in integer, OUT remaining integer, OUT last_check_in_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.event_check_ins(event_id uuid, OUT tickets integer, OUT checked_in integer, OUT remaining integer, OUT last_check_in_at timestamp with time zone) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.event_check_ins(event_id uuid, OUT tickets integer, OUT checked_in integer, OUT remaining integer, OUT last_check_in_at timestamp with time zone) TO evently_user;

--
-- Name: FUNCTION event_seat_map(event_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.event_seat_map(event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.event_seat_map(event_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.event_seat_map(event_id uuid) TO evently_user;

--
-- Name: FUNCTION events_available(e evently.events); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.events_available(e evently.events) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.events_available(e evently.events) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.events_available(e evently.events) TO evently_user;

--
-- Name: FUNCTION find_venues(city text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.find_venues(city text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.find_venues(city text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.find_venues(city text) TO evently_user;

--
-- Name: COLUMN door_staff.event_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(event_id) ON TABLE evently.door_staff TO evently_user;

--
-- Name: COLUMN door_staff.user_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(user_id) ON TABLE evently.door_staff TO evently_user;

--
-- Name: COLUMN door_staff.granted_by; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(granted_by) ON TABLE evently.door_staff TO evently_user;

--
-- Name: COLUMN door_staff.granted_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(granted_at) ON TABLE evently.door_staff TO evently_user;

--
-- Name: FUNCTION grant_door_staff(event_id uuid, user_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.grant_door_staff(event_id uuid, user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.grant_door_staff(event_id uuid, user_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.grant_door_staff(event_id uuid, user_id uuid) TO evently_user;

--
-- Name: FUNCTION hold_best_available(event_id uuid, quantity integer, section text, category text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.hold_best_available(event_id uuid, quantity integer, section text, category text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.hold_best_available(event_id uuid, quantity integer, section text, category text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.hold_best_available(event_id uuid, quantity integer, section text, category text) TO evently_user;

--
-- Name: FUNCTION hold_seats(event_id uuid, seat_ids uuid[]); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.hold_seats(event_id uuid, seat_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.hold_seats(event_id uuid, seat_ids uuid[]) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.hold_seats(event_id uuid, seat_ids uuid[]) TO evently_user;

--
-- Name: FUNCTION hold_ticket_type(ticket_type_id uuid, quantity integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.hold_ticket_type(ticket_type_id uuid, quantity integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.hold_ticket_type(ticket_type_id uuid, quantity integer) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.hold_ticket_type(ticket_type_id uuid, quantity integer) TO evently_user;

--
-- Name: FUNCTION hold_tickets(event_id uuid, quantity integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.hold_tickets(event_id uuid, quantity integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.hold_tickets(event_id uuid, quantity integer) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.hold_tickets(event_id uuid, quantity integer) TO evently_user;

--
-- Name: FUNCTION holds_seats(h evently.holds); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.holds_seats(h evently.holds) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.holds_seats(h evently.holds) TO evently_user;

--
-- Name: FUNCTION import_seats(venue_id uuid, seats jsonb); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.import_seats(venue_id uuid, seats jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.import_seats(venue_id uuid, seats jsonb) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.import_seats(venue_id uuid, seats jsonb) TO evently_user;

--
-- Name: COLUMN queue_entries.id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(id) ON TABLE evently.queue_entries TO evently_user;

--
-- Name: COLUMN queue_entries.event_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(event_id) ON TABLE evently.queue_entries TO evently_user;

--
-- Name: COLUMN queue_entries.user_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(user_id) ON TABLE evently.queue_entries TO evently_user;

--
-- Name: COLUMN queue_entries."position"; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT("position") ON TABLE evently.queue_entries TO evently_user;

--
-- Name: COLUMN queue_entries.status; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(status) ON TABLE evently.queue_entries TO evently_user;

--
-- Name: COLUMN queue_entries.joined_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(joined_at) ON TABLE evently.queue_entries TO evently_user;

--
-- Name: COLUMN queue_entries.admitted_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(admitted_at) ON TABLE evently.queue_entries TO evently_user;

--
-- Name: COLUMN queue_entries.admission_expires_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(admission_expires_at) ON TABLE evently.queue_entries TO evently_user;

--
-- Name: FUNCTION join_queue(event_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.join_queue(event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.join_queue(event_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.join_queue(event_id uuid) TO evently_user;

--
-- Name: TABLE waitlist_entries; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.waitlist_entries TO evently_user;

--
-- Name: FUNCTION join_ticket_type_waitlist(ticket_type_id uuid, quantity integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.join_ticket_type_waitlist(ticket_type_id uuid, quantity integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.join_ticket_type_waitlist(ticket_type_id uuid, quantity integer) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.join_ticket_type_waitlist(ticket_type_id uuid, quantity integer) TO evently_user;

--
-- Name: FUNCTION join_waitlist(event_id uuid, quantity integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.join_waitlist(event_id uuid, quantity integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.join_waitlist(event_id uuid, quantity integer) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.join_waitlist(event_id uuid, quantity integer) TO evently_user;

--
-- Name: FUNCTION leave_queue(event_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.leave_queue(event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.leave_queue(event_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.leave_queue(event_id uuid) TO evently_user;

--
-- Name: FUNCTION leave_waitlist(entry_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.leave_waitlist(entry_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.leave_waitlist(entry_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.leave_waitlist(entry_id uuid) TO evently_user;

--
-- Name: FUNCTION my_bookings(upcoming boolean); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.my_bookings(upcoming boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.my_bookings(upcoming boolean) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.my_bookings(upcoming boolean) TO evently_user;

--
-- Name: FUNCTION my_door_staff(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.my_door_staff() FROM PUBLIC;
GRANT ALL ON FUNCTION evently.my_door_staff() TO evently_user;

--
-- Name: TABLE notifications; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.notifications TO evently_user;

--
-- Name: FUNCTION my_notifications(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.my_notifications() FROM PUBLIC;
GRANT ALL ON FUNCTION evently.my_notifications() TO evently_user;

--
-- Name: FUNCTION my_queue_entry(event_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.my_queue_entry(event_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.my_queue_entry(event_id uuid) TO evently_user;

--
-- Name: TABLE tickets; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.tickets TO evently_user;

--
-- Name: FUNCTION my_tickets(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.my_tickets() FROM PUBLIC;
GRANT ALL ON FUNCTION evently.my_tickets() TO evently_user;

--
-- Name: FUNCTION my_waitlist_entries(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.my_waitlist_entries() FROM PUBLIC;
GRANT ALL ON FUNCTION evently.my_waitlist_entries() TO evently_user;

--
-- Name: FUNCTION open_waiting_room(event_id uuid, opens_at timestamp with time zone, admission_rate integer, admission_window interval); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.open_waiting_room(event_id uuid, opens_at timestamp with time zone, admission_rate integer, admission_window interval) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.open_waiting_room(event_id uuid, opens_at timestamp with time zone, admission_rate integer, admission_window interval) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.open_waiting_room(event_id uuid, opens_at timestamp with time zone, admission_rate integer, admission_window interval) TO evently_user;

--
-- Name: FUNCTION queue_entries_admitted_now(q evently.queue_entries); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.queue_entries_admitted_now(q evently.queue_entries) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.queue_entries_admitted_now(q evently.queue_entries) TO evently_user;

--
-- Name: FUNCTION queue_entries_people_ahead(q evently.queue_entries); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.queue_entries_people_ahead(q evently.queue_entries) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.queue_entries_people_ahead(q evently.queue_entries) TO evently_user;

--
-- Name: FUNCTION register(email text, password text, name text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.register(email text, password text, name text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.register(email text, password text, name text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.register(email text, password text, name text) TO evently_user;

--
-- Name: FUNCTION release_hold(hold_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.release_hold(hold_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.release_hold(hold_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.release_hold(hold_id uuid) TO evently_user;

--
-- Name: COLUMN webhook_deliveries.id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(id) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.endpoint_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(endpoint_id) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.webhook_event_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(webhook_event_id) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.replay_of; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(replay_of) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.status; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(status) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.attempts; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(attempts) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.response_status; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(response_status) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.response_body; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(response_body) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.last_error; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(last_error) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.created_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(created_at) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.last_attempt_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(last_attempt_at) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: COLUMN webhook_deliveries.delivered_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(delivered_at) ON TABLE evently.webhook_deliveries TO evently_user;

--
-- Name: FUNCTION replay_webhook_delivery(delivery_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.replay_webhook_delivery(delivery_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.replay_webhook_delivery(delivery_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.replay_webhook_delivery(delivery_id uuid) TO evently_user;

--
-- Name: FUNCTION revoke_door_staff(event_id uuid, user_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.revoke_door_staff(event_id uuid, user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.revoke_door_staff(event_id uuid, user_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.revoke_door_staff(event_id uuid, user_id uuid) TO evently_user;

--
-- Name: FUNCTION rotate_webhook_secret(endpoint_id uuid, secret text); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.rotate_webhook_secret(endpoint_id uuid, secret text) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.rotate_webhook_secret(endpoint_id uuid, secret text) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.rotate_webhook_secret(endpoint_id uuid, secret text) TO evently_user;

--
-- Name: FUNCTION ticket_types_available(t evently.ticket_types); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.ticket_types_available(t evently.ticket_types) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.ticket_types_available(t evently.ticket_types) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.ticket_types_available(t evently.ticket_types) TO evently_user;

--
-- Name: FUNCTION tickets_seat(t evently.tickets); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.tickets_seat(t evently.tickets) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.tickets_seat(t evently.tickets) TO evently_user;

--
-- Name: TABLE counter_mismatches; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.counter_mismatches TO evently_admin;

--
-- Name: FUNCTION unrepaired_counter_mismatches(); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.unrepaired_counter_mismatches() FROM PUBLIC;
GRANT ALL ON FUNCTION evently.unrepaired_counter_mismatches() TO evently_user;

--
-- Name: FUNCTION upcoming_events(starts_after timestamp with time zone, starts_before timestamp with time zone, city text, venue_id uuid); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.upcoming_events(starts_after timestamp with time zone, starts_before timestamp with time zone, city text, venue_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.upcoming_events(starts_after timestamp with time zone, starts_before timestamp with time zone, city text, venue_id uuid) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.upcoming_events(starts_after timestamp with time zone, starts_before timestamp with time zone, city text, venue_id uuid) TO evently_user;

--
-- Name: FUNCTION update_event(event_id uuid, name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, offer_ttl interval); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.update_event(event_id uuid, name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, offer_ttl interval) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.update_event(event_id uuid, name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, offer_ttl interval) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.update_event(event_id uuid, name text, starts_at timestamp with time zone, capacity integer, venue_id uuid, description text, ends_at timestamp with time zone, price_cents integer, hold_ttl interval, max_tickets_per_user integer, offer_ttl interval) TO evently_user;

--
-- Name: FUNCTION update_ticket_type(ticket_type_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.update_ticket_type(ticket_type_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.update_ticket_type(ticket_type_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.update_ticket_type(ticket_type_id uuid, name text, capacity integer, price_cents integer, sales_start timestamp with time zone, sales_end timestamp with time zone, max_tickets_per_user integer, description text, sort_order integer) TO evently_user;

--
-- Name: FUNCTION update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, active boolean); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, active boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, active boolean) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.update_webhook_endpoint(endpoint_id uuid, url text, event_types text[], description text, active boolean) TO evently_user;

--
-- Name: FUNCTION waiting_rooms_waiting(r evently.waiting_rooms); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.waiting_rooms_waiting(r evently.waiting_rooms) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.waiting_rooms_waiting(r evently.waiting_rooms) TO evently_anonymous;
GRANT ALL ON FUNCTION evently.waiting_rooms_waiting(r evently.waiting_rooms) TO evently_user;

--
-- Name: FUNCTION waitlist_entries_offer(w evently.waitlist_entries); Type: ACL; Schema: evently; Owner: -
--

REVOKE ALL ON FUNCTION evently.waitlist_entries_offer(w evently.waitlist_entries) FROM PUBLIC;
GRANT ALL ON FUNCTION evently.waitlist_entries_offer(w evently.waitlist_entries) TO evently_user;

--
-- Name: FUNCTION admit_from_queue(p_event_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.admit_from_queue(p_event_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION assert_admitted(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.assert_admitted(p_event_id uuid, p_user_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION assert_event_fields(p_name text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_capacity integer, p_price_cents integer, p_hold_ttl interval, p_max_tickets_per_user integer, p_allow_past_start boolean); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.assert_event_fields(p_name text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_capacity integer, p_price_cents integer, p_hold_ttl interval, p_max_tickets_per_user integer, p_allow_past_start boolean) FROM PUBLIC;

--
-- Name: FUNCTION assert_ticket_type_fields(p_event evently.events, p_name text, p_capacity integer, p_price_cents integer, p_sales_start timestamp with time zone, p_sales_end timestamp with time zone, p_max_tickets_per_user integer, p_description text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.assert_ticket_type_fields(p_event evently.events, p_name text, p_capacity integer, p_price_cents integer, p_sales_start timestamp with time zone, p_sales_end timestamp with time zone, p_max_tickets_per_user integer, p_description text) FROM PUBLIC;

--
-- Name: FUNCTION assert_webhook_fields(p_url text, p_event_types text[], p_description text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.assert_webhook_fields(p_url text, p_event_types text[], p_description text) FROM PUBLIC;

--
-- Name: FUNCTION assign_best_seats(p_hold evently.holds, p_section text, p_category text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.assign_best_seats(p_hold evently.holds, p_section text, p_category text) FROM PUBLIC;

--
-- Name: FUNCTION assign_seats(p_hold evently.holds, p_seat_ids uuid[]); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.assign_seats(p_hold evently.holds, p_seat_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION best_available_seats(p_event_id uuid, p_quantity integer, p_section text, p_category text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.best_available_seats(p_event_id uuid, p_quantity integer, p_section text, p_category text) FROM PUBLIC;

--
-- Name: FUNCTION book_tickets_batch(requests jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.book_tickets_batch(requests jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION evently_private.book_tickets_batch(requests jsonb) TO evently_authenticator;

--
-- Name: FUNCTION book_tickets_group(p_requests jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.book_tickets_group(p_requests jsonb) FROM PUBLIC;

--
-- Name: FUNCTION book_tickets_request(p_event_id uuid, p_quantity integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.book_tickets_request(p_event_id uuid, p_quantity integer) FROM PUBLIC;

--
-- Name: FUNCTION book_typed(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.book_typed(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer) FROM PUBLIC;

--
-- Name: FUNCTION bookable_event(p_event_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.bookable_event(p_event_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION booking_confirmed_payload(p_booking evently.bookings, p_tickets jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.booking_confirmed_payload(p_booking evently.bookings, p_tickets jsonb) FROM PUBLIC;

--
-- Name: FUNCTION books_at_once(p_event evently.events, p_quantity integer, p_idempotency_key text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.books_at_once(p_event evently.events, p_quantity integer, p_idempotency_key text) FROM PUBLIC;

--
-- Name: FUNCTION books_directly(p_event_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.books_directly(p_event_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION cap_bytes(p_text text, p_max_bytes integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.cap_bytes(p_text text, p_max_bytes integer) FROM PUBLIC;

--
-- Name: FUNCTION check_ticket_type_limit(p_type evently.ticket_types, p_user_id uuid, p_quantity integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.check_ticket_type_limit(p_type evently.ticket_types, p_user_id uuid, p_quantity integer) FROM PUBLIC;

--
-- Name: FUNCTION claim_notifications(p_limit integer, p_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.claim_notifications(p_limit integer, p_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION close_holds(p_hold_ids uuid[], p_status text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.close_holds(p_hold_ids uuid[], p_status text) FROM PUBLIC;

--
-- Name: FUNCTION convert_hold(p_hold evently.holds); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.convert_hold(p_hold evently.holds) FROM PUBLIC;

--
-- Name: FUNCTION count_ticket_type_bookings(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.count_ticket_type_bookings() FROM PUBLIC;

--
-- Name: FUNCTION count_ticket_type_holds(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.count_ticket_type_holds() FROM PUBLIC;

--
-- Name: FUNCTION count_ticket_type_waiting(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.count_ticket_type_waiting() FROM PUBLIC;

--
-- Name: FUNCTION counter_actuals(p_event_ids uuid[]); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.counter_actuals(p_event_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION enter_waitlist(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.enter_waitlist(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer) FROM PUBLIC;

--
-- Name: FUNCTION expire_hold(hold_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.expire_hold(hold_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION idempotency_begin(p_user_id uuid, p_key text, p_request jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.idempotency_begin(p_user_id uuid, p_key text, p_request jsonb) FROM PUBLIC;

--
-- Name: FUNCTION idempotency_finish(p_user_id uuid, p_key text, p_booking_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.idempotency_finish(p_user_id uuid, p_key text, p_booking_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION idempotency_record(p_user_id uuid, p_key text, p_request jsonb, p_booking_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.idempotency_record(p_user_id uuid, p_key text, p_request jsonb, p_booking_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION invariant_violations(p_event_ids uuid[]); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.invariant_violations(p_event_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION issue_booking(p_event evently.events, p_user_id uuid, p_quantity integer, p_hold_id uuid, p_type evently.ticket_types); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.issue_booking(p_event evently.events, p_user_id uuid, p_quantity integer, p_hold_id uuid, p_type evently.ticket_types) FROM PUBLIC;

--
-- Name: FUNCTION lease_rate_limit_tokens(keys text[], wants integer[], limits integer[], window_seconds integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.lease_rate_limit_tokens(keys text[], wants integer[], limits integer[], window_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently_private.lease_rate_limit_tokens(keys text[], wants integer[], limits integer[], window_seconds integer) TO evently_authenticator;

--
-- Name: FUNCTION live_tickets(p_event_id uuid, p_user_id uuid, p_ticket_type_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.live_tickets(p_event_id uuid, p_user_id uuid, p_ticket_type_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION lock_and_check_ticket_limit(p_event evently.events, p_user_id uuid, p_quantity integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.lock_and_check_ticket_limit(p_event evently.events, p_user_id uuid, p_quantity integer) FROM PUBLIC;

--
-- Name: FUNCTION lock_hold(p_hold_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.lock_hold(p_hold_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION lock_own_active_hold(p_hold_id uuid, p_user_id uuid, p_admin_may boolean); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.lock_own_active_hold(p_hold_id uuid, p_user_id uuid, p_admin_may boolean) FROM PUBLIC;

--
-- Name: FUNCTION lock_user_tickets(p_event_id uuid, p_user_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.lock_user_tickets(p_event_id uuid, p_user_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION lock_worker_pool(pool_id text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.lock_worker_pool(pool_id text) FROM PUBLIC;

--
-- Name: FUNCTION make_offer(p_event evently.events, p_entry evently.waitlist_entries); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.make_offer(p_event evently.events, p_entry evently.waitlist_entries) FROM PUBLIC;

--
-- Name: FUNCTION notify_event_changed(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.notify_event_changed() FROM PUBLIC;

--
-- Name: FUNCTION notify_event_holders(p_event_id uuid, p_kind text, p_payload jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.notify_event_holders(p_event_id uuid, p_kind text, p_payload jsonb) FROM PUBLIC;

--
-- Name: FUNCTION open_counter_mismatches(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.open_counter_mismatches() FROM PUBLIC;
GRANT ALL ON FUNCTION evently_private.open_counter_mismatches() TO evently_authenticator;

--
-- Name: FUNCTION place_hold(p_event evently.events, p_user_id uuid, p_quantity integer, p_seat_ids uuid[], p_section text, p_category text, p_expiry_job boolean); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.place_hold(p_event evently.events, p_user_id uuid, p_quantity integer, p_seat_ids uuid[], p_section text, p_category text, p_expiry_job boolean) FROM PUBLIC;

--
-- Name: FUNCTION place_typed_hold(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer, p_expiry_job boolean); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.place_typed_hold(p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer, p_expiry_job boolean) FROM PUBLIC;

--
-- Name: FUNCTION promote_waitlist(p_event_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.promote_waitlist(p_event_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION purge_idempotency_keys(retention interval); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.purge_idempotency_keys(retention interval) FROM PUBLIC;

--
-- Name: FUNCTION purge_webhook_history(retention interval); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.purge_webhook_history(retention interval) FROM PUBLIC;

--
-- Name: FUNCTION queue_hold_expiry(p_hold_id uuid, p_expires_at timestamp with time zone, p_event_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.queue_hold_expiry(p_hold_id uuid, p_expires_at timestamp with time zone, p_event_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION queue_notification(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.queue_notification(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb) FROM PUBLIC;

--
-- Name: FUNCTION queue_notification_webhook(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.queue_notification_webhook(p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb) FROM PUBLIC;

--
-- Name: FUNCTION queue_webhook_event(p_type text, p_event_id uuid, p_data jsonb); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.queue_webhook_event(p_type text, p_event_id uuid, p_data jsonb) FROM PUBLIC;

--
-- Name: FUNCTION readiness(OUT latest_migration text, OUT worker_seen_at timestamp with time zone, OUT job_lag_seconds double precision, OUT jobs_due integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.readiness(OUT latest_migration text, OUT worker_seen_at timestamp with time zone, OUT job_lag_seconds double precision, OUT jobs_due integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently_private.readiness(OUT latest_migration text, OUT worker_seen_at timestamp with time zone, OUT job_lag_seconds double precision, OUT jobs_due integer) TO evently_authenticator;

--
-- Name: FUNCTION reclaim_expired_holds(p_event_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.reclaim_expired_holds(p_event_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION reconcile_counters(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.reconcile_counters() FROM PUBLIC;

--
-- Name: FUNCTION record_deliveries(p_ids uuid[], p_subjects text[], p_bodies text[], p_errors text[]); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.record_deliveries(p_ids uuid[], p_subjects text[], p_bodies text[], p_errors text[]) FROM PUBLIC;

--
-- Name: FUNCTION record_webhook_attempt(p_delivery_id uuid, p_response_status integer, p_response_body text, p_error text, p_final boolean); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.record_webhook_attempt(p_delivery_id uuid, p_response_status integer, p_response_body text, p_error text, p_final boolean) FROM PUBLIC;

--
-- Name: FUNCTION refuse_if_sold_out(p_event evently.events, p_user_id uuid, p_quantity integer, p_idempotency_key text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.refuse_if_sold_out(p_event evently.events, p_user_id uuid, p_quantity integer, p_idempotency_key text) FROM PUBLIC;

--
-- Name: FUNCTION relay_event_changes(p_limit integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.relay_event_changes(p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION evently_private.relay_event_changes(p_limit integer) TO evently_authenticator;

--
-- Name: FUNCTION relay_hold_expiries(p_limit integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.relay_hold_expiries(p_limit integer) FROM PUBLIC;

--
-- Name: FUNCTION relay_webhook_events(p_limit integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.relay_webhook_events(p_limit integer) FROM PUBLIC;

--
-- Name: FUNCTION repair_counter(mismatch_id bigint, note text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.repair_counter(mismatch_id bigint, note text) FROM PUBLIC;

--
-- Name: FUNCTION require_admin(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.require_admin() FROM PUBLIC;

--
-- Name: FUNCTION require_user(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.require_user() FROM PUBLIC;

--
-- Name: FUNCTION return_rate_limit_tokens(keys text[], unused integer[], window_ids bigint[]); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.return_rate_limit_tokens(keys text[], unused integer[], window_ids bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION evently_private.return_rate_limit_tokens(keys text[], unused integer[], window_ids bigint[]) TO evently_authenticator;

--
-- Name: FUNCTION roll_demo_events(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.roll_demo_events() FROM PUBLIC;

--
-- Name: FUNCTION row_label(p_index integer); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.row_label(p_index integer) FROM PUBLIC;

--
-- Name: FUNCTION run_waiting_room(p_event_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.run_waiting_room(p_event_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION run_waiting_rooms(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.run_waiting_rooms() FROM PUBLIC;

--
-- Name: FUNCTION schedule_admissions(p_event_id uuid, p_run_at timestamp with time zone, p_replace boolean); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.schedule_admissions(p_event_id uuid, p_run_at timestamp with time zone, p_replace boolean) FROM PUBLIC;

--
-- Name: FUNCTION schedule_webhook_delivery(p_delivery_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.schedule_webhook_delivery(p_delivery_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION set_user_password(email text, password text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.set_user_password(email text, password text) FROM PUBLIC;

--
-- Name: FUNCTION set_user_role(email text, role text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.set_user_role(email text, role text) FROM PUBLIC;

--
-- Name: FUNCTION settle_offer(p_hold evently.holds); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.settle_offer(p_hold evently.holds) FROM PUBLIC;

--
-- Name: FUNCTION start_notification_relay(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.start_notification_relay() FROM PUBLIC;

--
-- Name: FUNCTION sweep_expired_holds(); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.sweep_expired_holds() FROM PUBLIC;

--
-- Name: FUNCTION take_capacity(p_event_id uuid, p_quantity integer, p_into text, p_ticket_type_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.take_capacity(p_event_id uuid, p_quantity integer, p_into text, p_ticket_type_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION ticket_type_for(p_event evently.events, p_ticket_type_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.ticket_type_for(p_event evently.events, p_ticket_type_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION ticket_type_free(p_type evently.ticket_types); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.ticket_type_free(p_type evently.ticket_types) FROM PUBLIC;

--
-- Name: FUNCTION unlock_dead_workers(grace interval); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.unlock_dead_workers(grace interval) FROM PUBLIC;

--
-- Name: FUNCTION unlock_worker_pool(pool_id text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.unlock_worker_pool(pool_id text) FROM PUBLIC;

--
-- Name: FUNCTION valid_idempotency_key(p_key text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.valid_idempotency_key(p_key text) FROM PUBLIC;

--
-- Name: FUNCTION webhook_delivery_to_send(p_delivery_id uuid); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.webhook_delivery_to_send(p_delivery_id uuid) FROM PUBLIC;

--
-- Name: FUNCTION webhook_secret(p_secret text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.webhook_secret(p_secret text) FROM PUBLIC;

--
-- Name: FUNCTION worker_heartbeat(worker_id text); Type: ACL; Schema: evently_private; Owner: -
--

REVOKE ALL ON FUNCTION evently_private.worker_heartbeat(worker_id text) FROM PUBLIC;

--
-- Name: TABLE audit_log; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.audit_log TO evently_admin;

--
-- Name: TABLE event_price_categories; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT ON TABLE evently.event_price_categories TO evently_anonymous;
GRANT SELECT ON TABLE evently.event_price_categories TO evently_user;

--
-- Name: COLUMN webhook_events.id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(id) ON TABLE evently.webhook_events TO evently_user;

--
-- Name: COLUMN webhook_events.type; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(type) ON TABLE evently.webhook_events TO evently_user;

--
-- Name: COLUMN webhook_events.event_id; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(event_id) ON TABLE evently.webhook_events TO evently_user;

--
-- Name: COLUMN webhook_events.data; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(data) ON TABLE evently.webhook_events TO evently_user;

--
-- Name: COLUMN webhook_events.created_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(created_at) ON TABLE evently.webhook_events TO evently_user;

--
-- Name: COLUMN webhook_events.relayed_at; Type: ACL; Schema: evently; Owner: -
--

GRANT SELECT(relayed_at) ON TABLE evently.webhook_events TO evently_user;

--
-- Name: TABLE rate_limit_budgets; Type: ACL; Schema: evently_ops; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE evently_ops.rate_limit_budgets TO evently_authenticator;

--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: -; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS  FROM PUBLIC;

--
-- PostgreSQL database dump complete
--

