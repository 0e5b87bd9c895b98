// Pure helpers: latency summaries from an HDR histogram, rates, number formatting.
import * as hdr from "hdr-histogram-js";

export type Histogram = hdr.Histogram;

/** Microsecond histogram, 3 significant digits, up to 10 minutes. */
export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** Percentiles in milliseconds. */
export function summarize(h: Histogram): LatencySummary {
  const ms = (us: number) => us / 1000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Events per second over a window in milliseconds (0 when the window is empty). */
export function perSecond(count: number, windowMs: number): number {
  return count > 0 && windowMs > 0 ? (count * 1000) / windowMs : 0;
}

/** 1234.5 → "1,235"; 12.34 → "12.3"; 0.1234 → "0.12". */
export function fmt(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "–";
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** a ÷ b as "0.62×", or "–" when either is missing. */
export function ratio(a: number | undefined, b: number | undefined): string {
  if (!a || !b) return "–";
  return `${(a / b).toFixed(2)}×`;
}
