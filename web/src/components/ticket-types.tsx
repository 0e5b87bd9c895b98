// An event's ticket types (general admission): name, price, what is left, the sales window and
// the per-person limit, as a radio group. Which types can be bought is the server's answer
// (`available` is 0 outside the sales window, when sold out or while its waitlist waits); the
// labels only explain it. A sold-out type on sale has its own waitlist (TypeWaitlists).
import type { Schemas } from "../api/client";
import { useState } from "preact/hooks";
import { formatPrice, formatShortDate } from "../format";

export type TicketType = Schemas["TicketType"];

const notYetOnSale = (type: TicketType, now: number) => !!type.sales_start && new Date(type.sales_start).getTime() > now;
const salesEnded = (type: TicketType, now: number) => !!type.sales_end && new Date(type.sales_end).getTime() <= now;

/** Why a type cannot be picked now, or null when it can. */
export function typeState(type: TicketType, now = Date.now()): string | null {
  if (notYetOnSale(type, now)) return `On sale from ${formatShortDate(type.sales_start!)}`;
  if (salesEnded(type, now)) return "Sales ended";
  if (type.available <= 0) return type.waiting > 0 ? `Sold out · ${type.waiting} waiting` : "Sold out";
  return null;
}

export function TicketTypePicker({ types, value, onChange, disabled }: {
  types: TicketType[]; value: string | null; onChange(id: string): void; disabled?: boolean;
}) {
  return (
    <fieldset class="ticket-types" data-testid="ticket-types">
      <legend>Ticket type</legend>
      {types.map((type) => {
        const state = typeState(type);
        return (
          <label key={type.id} class={`ticket-type${state ? " off" : ""}`} data-type-id={type.id}>
            <input type="radio" name="ticket-type" value={type.id} checked={value === type.id} disabled={disabled || !!state}
              onChange={() => onChange(type.id)} />
            <span class="tt-name">{type.name}</span>
            <span class="tt-price">{formatPrice(type.price_cents)}</span>
            <span class="tt-state muted">
              {state ?? `${type.available} left`}
              {type.sales_end && !state ? ` · on sale until ${formatShortDate(type.sales_end)}` : ""}
              {type.max_tickets_per_user ? ` · up to ${type.max_tickets_per_user} per person` : ""}
            </span>
            {type.description && <span class="tt-desc muted">{type.description}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}

/** A type whose sales are open but which has nothing to sell now: its own waitlist can be joined. */
export function soldOutOnSale(type: TicketType, now = Date.now()): boolean {
  return !notYetOnSale(type, now) && !salesEnded(type, now) && type.available <= 0;
}

/** Each sold-out type's own waitlist: your place in it, or a button to join it. */
export function TypeWaitlists({ types, entries, maxParty, busy, onJoin }: {
  types: TicketType[]; entries: Schemas["WaitlistEntry"][]; maxParty: number; busy: boolean; onJoin(typeId: string, quantity: number): void;
}) {
  const [party, setParty] = useState(1);
  const waitable = types.filter((x) => soldOutOnSale(x));
  if (!waitable.length) return null;
  // A party never larger than the type's own per-person limit allows (the server would say EVLIM).
  const limitOf = (type: TicketType) => Math.min(maxParty, type.max_tickets_per_user ?? maxParty);
  const largest = Math.max(...waitable.map(limitOf));
  return (
    <div class="type-waitlists" data-testid="type-waitlists">
      <h3>Sold-out ticket types</h3>
      <p class="muted">Each has its own waitlist: when its tickets free up they are offered in order, before anyone else can buy them.</p>
      {waitable.some((x) => !entries.some((w) => w.ticket_type_id === x.id)) && (
        <label>
          Party size
          <select value={party} onChange={(e) => setParty(Number(e.currentTarget.value))}>
            {Array.from({ length: largest }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
      )}
      <ul>
        {waitable.map((type) => {
          const mine = entries.find((w) => w.ticket_type_id === type.id);
          return (
            <li key={type.id} data-type-id={type.id}>
              {mine ? (
                <span role="status">
                  {mine.status === "offered"
                    ? `${mine.quantity} ${type.name} ${mine.quantity === 1 ? "ticket is" : "tickets are"} offered to you: answer in the offers banner.`
                    : `You're on the ${type.name} waitlist for ${mine.quantity} ${mine.quantity === 1 ? "ticket" : "tickets"}. We'll offer them to you in turn as soon as some free up.`}
                </span>
              ) : (
                <button type="button" class="button secondary" disabled={busy} onClick={() => onJoin(type.id, Math.min(party, limitOf(type)))}>
                  Join the {type.name} waitlist
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
