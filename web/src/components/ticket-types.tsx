// An event's ticket types (general admission): name, price, what is left, the sales window and
// the per-person limit, as a radio group. Which types can be bought is the server's answer
// (`available` is 0 outside the sales window or when sold out); the labels only explain it.
import type { Schemas } from "../api/client";
import { formatPrice, formatShortDate } from "../format";

export type TicketType = Schemas["TicketType"];

/** Why a type cannot be picked now, or null when it can. */
export function typeState(type: TicketType, now = Date.now()): string | null {
  if (type.sales_start && new Date(type.sales_start).getTime() > now) return `On sale from ${formatShortDate(type.sales_start)}`;
  if (type.sales_end && new Date(type.sales_end).getTime() <= now) return "Sales ended";
  if (type.available <= 0) return "Sold out";
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
