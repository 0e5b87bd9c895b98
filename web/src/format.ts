// Dates, prices and availability in the viewer's own locale.
import type { Event } from "./api/client";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });
const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" });

export const formatDate = (iso: string) => dateTime.format(new Date(iso));
export const formatShortDate = (iso: string) => shortDate.format(new Date(iso));
export const formatPrice = (cents: number) => (cents === 0 ? "Free" : money.format(cents / 100));

export type Availability = { label: string; tone: "ok" | "few" | "out" | "off" };

/** The label a buyer sees; "few left" is 10 % of capacity or 5 tickets, whichever is more. */
export function availability(event: Pick<Event, "available" | "capacity" | "status" | "starts_at">): Availability {
  if (event.status === "cancelled") return { label: "Cancelled", tone: "off" };
  if (new Date(event.starts_at).getTime() <= Date.now()) return { label: "Already started", tone: "off" };
  if (event.available <= 0) return { label: "Sold out · waitlist open", tone: "out" };
  if (event.available <= Math.max(5, Math.ceil(event.capacity * 0.1))) return { label: `Few left · ${event.available} left`, tone: "few" };
  return { label: `Available · ${event.available} left`, tone: "ok" };
}

export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}
