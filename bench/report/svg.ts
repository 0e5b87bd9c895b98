// A dependency-free chart: one row per run, booked/s on the left, p99 on the right.
import type { RunResult } from "../run-one.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Round a maximum up to 1, 2 or 5 × 10^n so the axis ends on a readable value. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}

export function svgChart(results: RunResult[], title = "Evently bench: bookings/s and p99 latency per run"): string {
  const rowH = 22;
  const labelW = 360;
  const panelW = 300;
  const gap = 40;
  const top = 50;
  const width = labelW + 2 * panelW + gap + 40;
  const height = top + results.length * rowH + 40;
  const maxRate = niceMax(Math.max(...results.map((r) => r.successesPerSec), 1));
  const maxP99 = niceMax(Math.max(...results.map((r) => r.latency.p99), 1));
  const x1 = labelW;
  const x2 = labelW + panelW + gap;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${x1}" y="${top - 10}" font-weight="bold">booked/s while tickets lasted (axis ${maxRate.toLocaleString("en-US")})</text>`,
    `<text x="${x2}" y="${top - 10}" font-weight="bold">p99 latency, ms (axis ${maxP99.toLocaleString("en-US")})</text>`,
  ];
  results.forEach((r, i) => {
    const y = top + i * rowH;
    const oversold = r.invariants.oversold > 0;
    const color = r.spec.iface === "sql" ? "#4e79a7" : "#f28e2b";
    out.push(`<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(r.label)}</text>`);
    const w1 = (r.successesPerSec / maxRate) * panelW;
    out.push(`<rect x="${x1}" y="${y + 3}" width="${w1.toFixed(1)}" height="${rowH - 6}" fill="${color}"/>`);
    out.push(
      `<text x="${(x1 + w1 + 4).toFixed(1)}" y="${y + 15}">${Math.round(r.successesPerSec).toLocaleString("en-US")}${r.seatsPerSec !== undefined ? ` holds (${Math.round(r.seatsPerSec).toLocaleString("en-US")} seats/s)` : ""}${oversold ? ` (oversold ${r.invariants.oversold})` : ""}</text>`,
    );
    const w2 = (r.latency.p99 / maxP99) * panelW;
    out.push(`<rect x="${x2}" y="${y + 3}" width="${w2.toFixed(1)}" height="${rowH - 6}" fill="${oversold ? "#e15759" : color}" opacity="0.8"/>`);
    out.push(`<text x="${(x2 + w2 + 4).toFixed(1)}" y="${y + 15}">${r.latency.p99.toFixed(1)}</text>`);
  });
  const legendY = top + results.length * rowH + 25;
  out.push(`<rect x="${x1}" y="${legendY - 10}" width="12" height="12" fill="#4e79a7"/><text x="${x1 + 16}" y="${legendY}">direct SQL</text>`);
  out.push(`<rect x="${x1 + 100}" y="${legendY - 10}" width="12" height="12" fill="#f28e2b"/><text x="${x1 + 116}" y="${legendY}">GraphQL</text>`);
  out.push(`<rect x="${x1 + 190}" y="${legendY - 10}" width="12" height="12" fill="#e15759"/><text x="${x1 + 206}" y="${legendY}">oversold (naive)</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}
