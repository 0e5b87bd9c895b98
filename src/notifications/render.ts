// Text of each notification kind. Presentation only: what happened was decided in SQL.
export interface NotificationRow {
  kind: string;
  payload: Record<string, unknown>;
  name: string;
  event_name: string | null;
  event_starts_at: Date | null;
  venue_name: string | null;
}

interface TicketLine {
  code: string;
  seat: string | null;
}

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "");

function tickets(payload: Record<string, unknown>): TicketLine[] {
  return Array.isArray(payload.tickets) ? (payload.tickets as TicketLine[]) : [];
}

export function render(n: NotificationRow): { subject: string; text: string } {
  const event = n.event_name ?? "your event";
  const where = [when(n.event_starts_at), n.venue_name].filter(Boolean).join(", ");
  const hello = `Hello ${n.name},\n\n`;
  switch (n.kind) {
    case "booking_confirmed": {
      const lines = tickets(n.payload).map((t) => `  ${t.code}${t.seat ? `  (${t.seat})` : ""}`);
      return {
        subject: `Your tickets for ${event}`,
        text: `${hello}your booking for ${event} (${where}) is confirmed: ${n.payload.quantity} ticket(s).\n\nTicket codes:\n${lines.join("\n")}\n`,
      };
    }
    case "booking_cancelled":
      return {
        subject: `Booking cancelled: ${event}`,
        text: `${hello}your booking of ${n.payload.quantity} ticket(s) for ${event} has been cancelled.\n`,
      };
    case "waitlist_offer":
      return {
        subject: `Tickets available for ${event}`,
        text: `${hello}${n.payload.quantity} ticket(s) for ${event} (${where}) are held for you until ${when(new Date(String(n.payload.expires_at)))}.\nConfirm with hold id ${n.payload.hold_id} before then, or decline so the next person can have them.\n`,
      };
    case "offer_expired":
      return {
        subject: `Your waitlist offer for ${event} expired`,
        text: `${hello}the ${n.payload.quantity} ticket(s) held for you for ${event} were not confirmed in time and went to the next person in line.\n`,
      };
    case "queue_admitted":
      return {
        subject: `Your turn: tickets for ${event}`,
        text: `${hello}it is your turn in the waiting room for ${event} (${where}).\nYou can hold and book tickets until ${when(new Date(String(n.payload.admission_expires_at)))}; after that your place passes on.\n`,
      };
    case "event_changed":
      return {
        subject: `Change to ${event}`,
        text: `${hello}${event} has changed. It now takes place ${where}.\nYour ${n.payload.tickets} ticket(s) remain valid.\n`,
      };
    case "event_cancelled":
      return {
        subject: `Cancelled: ${event}`,
        text: `${hello}we are sorry: ${event} (${where}) is cancelled${n.payload.reason ? ` (${n.payload.reason})` : ""}. Your ${n.payload.tickets} ticket(s) are void.\n`,
      };
    default:
      throw new Error(`no template for notification kind ${n.kind}`);
  }
}
