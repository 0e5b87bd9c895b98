// The SVG seat map of a reserved-seating event, drawn from GET /events/{id}/seats (sections,
// rows, seat numbers, category colours and prices, a legend; available / held / booked /
// mine). Pick with the mouse or the keyboard: Tab into the map, arrow keys move between seats
// (left/right along a row, up/down to the nearest seat of the next row), Space or Enter picks.
// Each seat is a checkbox with a text label ("Stalls A7, standard, €35.00, available").
import { useMemo, useRef, useState } from "preact/hooks";
import type { Schemas } from "../api/client";
import { formatPrice } from "../format";

export type Seat = Schemas["SeatInfo"];
export type SeatState = "available" | "held" | "booked" | "mine" | "selected";

// Category colours: distinguishable, and dark enough for white check marks (AA on white).
const PALETTE = ["#1d4ed8", "#047857", "#b45309", "#7e22ce", "#be123c", "#0e7490", "#4d7c0f", "#9d174d"];

export function categoryColours(seats: Seat[]): Map<string, string> {
  const categories = [...new Set(seats.map((s) => s.category))].sort();
  return new Map(categories.map((c, i) => [c, PALETTE[i % PALETTE.length]]));
}

export function seatState(seat: Seat, mine: Set<string>, selected: Set<string>): SeatState {
  if (mine.has(seat.seat_id)) return "mine";
  if (selected.has(seat.seat_id)) return "selected";
  return seat.status === "available" ? "available" : seat.status === "held" ? "held" : "booked";
}

const STATE_TEXT: Record<SeatState, string> = {
  available: "available",
  selected: "selected by you",
  mine: "held for you",
  held: "held by someone else",
  booked: "sold",
};

interface Props {
  seats: Seat[];
  /** Seats of the viewer's own hold. */
  mine: Set<string>;
  selected: Set<string>;
  onToggle?(seat: Seat): void;
  /** Seats can be picked (signed in, on sale, no hold yet). */
  interactive: boolean;
  /** A preview (the layout builder): no legend of states, smaller. */
  compact?: boolean;
  /** The organizer's view: nothing is "yours", held seats are just held. */
  organizer?: boolean;
}

export function SeatMap({ seats, mine, selected, onToggle, interactive, compact, organizer }: Props) {
  const colours = useMemo(() => categoryColours(seats), [seats]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);

  const layout = useMemo(() => {
    if (seats.length === 0) return null;
    const xs = seats.map((s) => s.x);
    const ys = seats.map((s) => s.y);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    // Rows in drawing order (by section's position, then y) for up/down movement.
    const rows = new Map<string, Seat[]>();
    for (const s of seats) {
      const key = `${s.section}\u0000${s.row_label}`;
      rows.set(key, [...(rows.get(key) ?? []), s]);
    }
    for (const row of rows.values()) row.sort((a, b) => a.x - b.x);
    const sections = new Map<string, { minX: number; maxX: number; minY: number }>();
    for (const s of seats) {
      const box = sections.get(s.section) ?? { minX: s.x, maxX: s.x, minY: s.y };
      sections.set(s.section, { minX: Math.min(box.minX, s.x), maxX: Math.max(box.maxX, s.x), minY: Math.min(box.minY, s.y) });
    }
    const rowLabels = [...rows.values()].map((row) => ({ x: row[0].x - 1, y: row[0].y, label: row[0].row_label }));
    return { minX, maxX, minY, maxY, rows, sections, rowLabels };
  }, [seats]);

  if (!layout) return <p>This event has no seats yet.</p>;
  const pad = 2;
  const viewBox = `${layout.minX - pad - 1} ${layout.minY - pad - 2.5} ${layout.maxX - layout.minX + 2 * pad + 2} ${layout.maxY - layout.minY + 2 * pad + 3}`;
  const byId = new Map(seats.map((s) => [s.seat_id, s]));
  const pickable = (s: Seat) => interactive && (s.status === "available" || selected.has(s.seat_id));
  const firstFocus = seats.find(pickable)?.seat_id ?? null;
  const active = focusId && byId.has(focusId) ? focusId : firstFocus;

  const move = (from: Seat, key: string): Seat | undefined => {
    const row = layout.rows.get(`${from.section}\u0000${from.row_label}`)!;
    const i = row.indexOf(from);
    if (key === "ArrowLeft") return row[i - 1];
    if (key === "ArrowRight") return row[i + 1];
    const dy = key === "ArrowUp" ? -1 : 1;
    const candidates = seats.filter((s) => Math.sign(s.y - from.y) === dy);
    if (candidates.length === 0) return undefined;
    const nextY = dy < 0 ? Math.max(...candidates.map((s) => s.y)) : Math.min(...candidates.map((s) => s.y));
    return candidates.filter((s) => s.y === nextY).sort((a, b) => Math.abs(a.x - from.x) - Math.abs(b.x - from.x))[0];
  };
  const focusSeat = (id: string) => {
    setFocusId(id);
    svgRef.current?.querySelector<SVGElement>(`[data-seat-id="${id}"]`)?.focus();
  };

  return (
    <div class={compact ? "seat-map compact" : "seat-map"}>
      <svg ref={svgRef} viewBox={viewBox} style={{ maxWidth: `${(layout.maxX - layout.minX + 2 * pad + 2) * 30}px` }} role="group" aria-label={`Seat map, ${seats.length} seats`} preserveAspectRatio="xMidYMin meet">
        <rect x={layout.minX - 1} y={layout.minY - pad - 2} width={layout.maxX - layout.minX + 2} height={1.2} rx={0.3} class="stage" />
        <text x={(layout.minX + layout.maxX) / 2} y={layout.minY - pad - 1.05} class="stage-label" text-anchor="middle">Stage</text>
        {[...layout.sections].map(([name, box]) => (
          <text key={name} x={(box.minX + box.maxX) / 2} y={box.minY - 0.9} class="section-label" text-anchor="middle" aria-hidden="true">{name}</text>
        ))}
        {layout.rowLabels.map((r, i) => (
          <text key={i} x={r.x} y={r.y + 0.25} class="row-label" text-anchor="middle" aria-hidden="true">{r.label}</text>
        ))}
        {seats.map((seat) => {
          const state = seatState(seat, mine, selected);
          const can = pickable(seat);
          const colour = colours.get(seat.category)!;
          // A layout preview has no prices or states yet: each seat is named by place and category.
          const stateText = organizer && state === "held" ? "held" : STATE_TEXT[state];
          const label = compact ? `${seat.label}, ${seat.category}` : `${seat.label}, ${seat.category}, ${formatPrice(seat.price_cents)}, ${stateText}`;
          return (
            <g
              key={seat.seat_id}
              data-seat-id={seat.seat_id}
              data-state={state}
              class={`seat seat-${state}`}
              role={compact ? "img" : "checkbox"}
              aria-checked={compact ? undefined : state === "selected" || state === "mine"}
              aria-disabled={compact ? undefined : !can}
              aria-label={label}
              tabIndex={compact ? undefined : seat.seat_id === active ? 0 : -1}
              onClick={() => can && onToggle?.(seat)}
              onFocus={() => setFocusId(seat.seat_id)}
              onKeyDown={(e) => {
                if (e.key === " " || e.key === "Enter") {
                  e.preventDefault();
                  if (can) onToggle?.(seat);
                } else if (e.key.startsWith("Arrow")) {
                  e.preventDefault();
                  const next = move(seat, e.key);
                  if (next) focusSeat(next.seat_id);
                }
              }}
            >
              <title>{label}</title>
              {state === "available" || state === "selected" || state === "mine" ? (
                <circle cx={seat.x} cy={seat.y} r={0.42} fill={state === "available" ? colour : "var(--mine)"} stroke={state === "available" ? "none" : colour} stroke-width={0.12} />
              ) : (
                <circle cx={seat.x} cy={seat.y} r={0.3} class={`taken taken-${state}`} />
              )}
              {(state === "selected" || state === "mine") && (
                <path d={`M${seat.x - 0.2} ${seat.y} l0.14 0.16 l0.26 -0.3`} class="check" />
              )}
            </g>
          );
        })}
      </svg>
      {!compact && (
        <ul class="legend" aria-label="Legend">
          {[...colours].map(([category, colour]) => {
            const prices = [...new Set(seats.filter((s) => s.category === category).map((s) => s.price_cents))];
            return (
              <li key={category}>
                <svg viewBox="-1 -1 2 2" aria-hidden="true"><circle r="0.8" fill={colour} /></svg>
                {category} · {prices.map(formatPrice).join(" / ")}
              </li>
            );
          })}
          {!organizer && <li><svg viewBox="-1 -1 2 2" aria-hidden="true"><circle r="0.8" fill="var(--mine)" /></svg>Yours</li>}
          <li><svg viewBox="-1 -1 2 2" aria-hidden="true"><circle r="0.55" class="taken taken-held" /></svg>{organizer ? "Held" : "Held by others"}</li>
          <li><svg viewBox="-1 -1 2 2" aria-hidden="true"><circle r="0.55" class="taken taken-booked" /></svg>Sold</li>
        </ul>
      )}
    </div>
  );
}
