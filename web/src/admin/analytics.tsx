// Admin analytics (its own chunk, with uPlot): bookings, cancellations and revenue per UTC
// day, capacity utilisation, cancellation rate and the top events, from the REST analytics
// routes. Each chart has its figures as a table too (a canvas says nothing to a screen
// reader), and takes its colours from the page's theme, light or dark.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ok, type Schemas } from "../api/client";
import { ErrorNote, Loading, usePageTitle } from "../components/common";
import { formatPrice, formatShortDate } from "../format";

type Day = Schemas["AnalyticsDay"];
type Summary = Schemas["AnalyticsSummary"];
type TopEvent = Schemas["AnalyticsEvent"];

const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function themeColours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { text: v("--text"), muted: v("--muted"), grid: v("--border"), accent: v("--accent"), danger: v("--danger"), held: v("--held") || v("--accent") };
}

/** Re-renders when the system switches between light and dark. */
function useTheme(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const query = matchMedia("(prefers-color-scheme: dark)");
    const listener = () => setTick((n) => n + 1);
    query.addEventListener("change", listener);
    return () => query.removeEventListener("change", listener);
  }, []);
  return tick;
}

interface SeriesSpec { label: string; values: number[]; colour: "accent" | "danger" | "held"; bars?: boolean; format(n: number): string }

function DailyChart({ title, days, series, yFormat }: { title: string; days: Day[]; series: SeriesSpec[]; yFormat(n: number): string }) {
  const box = useRef<HTMLDivElement>(null);
  const theme = useTheme();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = themeColours();
    const xs = days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
    const axis = { stroke: c.muted, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
    const bars = uPlot.paths.bars!({ size: [0.6, 40] });
    const chart = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 240,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "UTC"),
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          { ...axis, values: (_u, ticks) => ticks.map((t) => dayFormat.format(new Date(t * 1000))) },
          { ...axis, size: 64, values: (_u, ticks) => ticks.map(yFormat) },
        ],
        series: [
          { label: "Day", value: (_u, t) => (t == null ? "" : dayFormat.format(new Date(t * 1000))) },
          ...series.map((s) => ({
            label: s.label,
            stroke: c[s.colour],
            width: 2,
            fill: s.bars ? c[s.colour] : undefined,
            paths: s.bars ? bars : undefined,
            points: { show: !s.bars && days.length <= 31 },
            value: (_u: uPlot, v: number | null) => (v == null ? "" : s.format(v)),
          })),
        ],
      },
      [xs, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, el.clientWidth), height: 240 }));
    resize.observe(el);
    return () => { resize.disconnect(); chart.destroy(); };
  }, [days, theme]);
  const totals = series.map((s) => `${s.label}: ${s.format(s.values.reduce((a, b) => a + b, 0))}`).join(", ");
  return (
    <figure class="chart" data-testid="chart">
      <figcaption><strong>{title}</strong> <span class="muted small">(per UTC day)</span></figcaption>
      <div ref={box} role="img" aria-label={`${title}, ${days.length} days. Totals: ${totals}.`} />
      <details>
        <summary>The figures as a table</summary>
        <div class="table-wrap" role="region" aria-label={`${title} per day`} tabIndex={0}>
          <table class="admin-table">
            <thead><tr><th scope="col">Day</th>{series.map((s) => <th scope="col" class="num" key={s.label}>{s.label}</th>)}</tr></thead>
            <tbody>
              {days.map((d, i) => (
                <tr key={d.day}><th scope="row">{d.day}</th>{series.map((s) => <td class="num" key={s.label}>{s.format(s.values[i])}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

const PERIODS = [7, 30, 90] as const;

export function Analytics() {
  usePageTitle("Analytics");
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>(30);
  const [days, setDays] = useState<Day[] | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [top, setTop] = useState<TopEvent[] | null>(null);
  const [utilization, setUtilization] = useState<TopEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    const until = new Date();
    const since = new Date(until.getTime() - (period - 1) * 86_400_000);
    const sinceStart = new Date(`${isoDay(since)}T00:00:00Z`);
    Promise.all([
      ok(api.GET("/api/v1/admin/analytics/daily", { params: { query: { since: isoDay(since), until: isoDay(until) } } })),
      ok(api.GET("/api/v1/admin/analytics/summary", { params: { query: { since: sinceStart.toISOString(), until: until.toISOString() } } })),
      ok(api.GET("/api/v1/admin/analytics/events", { params: { query: { order_by: "revenue", max_rows: 10 } } })),
      ok(api.GET("/api/v1/admin/analytics/events", { params: { query: { order_by: "utilization", max_rows: 10 } } })),
    ]).then(
      ([d, s, t, u]) => { if (current) { setDays(d); setSummary(s); setTop(t); setUtilization(u); setError(null); } },
      (e) => { if (current) setError(e); },
    );
    return () => { current = false; };
  }, [period]);

  const euros = (cents: number) => formatPrice(cents).replace("Free", "€0");
  return (
    <section>
      <div class="row">
        <h1>Analytics</h1>
        <label>Period
          <select value={period} onChange={(e) => setPeriod(Number(e.currentTarget.value) as (typeof PERIODS)[number])}>
            {PERIODS.map((p) => <option key={p} value={p}>Last {p} days</option>)}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      {!days && !error && <Loading what="Loading figures" />}
      {summary && (
        <dl class="figures" data-testid="summary">
          <div><dt>Bookings</dt><dd>{summary.bookings_created}</dd></div>
          <div><dt>Tickets sold</dt><dd>{summary.tickets_sold}</dd></div>
          <div><dt>Revenue</dt><dd>{euros(summary.revenue_cents)}</dd></div>
          <div><dt>Cancellation rate</dt><dd data-testid="cancellation-rate">{summary.cancellation_rate == null ? "–" : percent.format(summary.cancellation_rate)}</dd></div>
          <div><dt>Holds confirmed</dt><dd>{summary.hold_conversion_rate == null ? "–" : percent.format(summary.hold_conversion_rate)}</dd></div>
        </dl>
      )}
      {days && (
        <div class="charts">
          <DailyChart title="Bookings and cancellations" days={days} yFormat={(n) => String(n)} series={[
            { label: "Bookings", values: days.map((d) => d.bookings), colour: "accent", bars: true, format: String },
            { label: "Cancellations", values: days.map((d) => d.cancellations), colour: "danger", format: String },
          ]} />
          <DailyChart title="Revenue" days={days} yFormat={(n) => euros(n)} series={[
            { label: "Revenue", values: days.map((d) => d.revenue_cents), colour: "accent", format: euros },
          ]} />
        </div>
      )}
      {utilization && (
        <section class="panel" aria-labelledby="utilisation-title">
          <h2 id="utilisation-title">Capacity utilisation</h2>
          {utilization.length === 0 ? <p>No events yet.</p> : (
            <ul class="bars" data-testid="utilisation">
              {utilization.map((e) => (
                <li key={e.event_id}>
                  <span class="bar-label"><a href={`/admin/events/${e.event_id}`}>{e.name}</a> <span class="muted small">{e.tickets_sold} of {e.capacity}</span></span>
                  <span class="bar-track" role="img" aria-label={`${percent.format(e.utilization)} of capacity sold`}>
                    <span class="bar-fill" style={{ width: `${Math.min(100, e.utilization * 100)}%` }} />
                  </span>
                  <span class="num">{percent.format(e.utilization)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {top && (
        <section class="panel" aria-labelledby="top-title">
          <h2 id="top-title">Top events by revenue</h2>
          {top.length === 0 ? <p>No events yet.</p> : (
            <div class="table-wrap" role="region" aria-label="Top events" tabIndex={0}>
              <table class="admin-table" data-testid="top-events">
                <thead><tr><th scope="col">Event</th><th scope="col">Starts</th><th scope="col" class="num">Tickets</th><th scope="col" class="num">Revenue</th><th scope="col">Status</th></tr></thead>
                <tbody>
                  {top.map((e) => (
                    <tr key={e.event_id}>
                      <th scope="row"><a href={`/admin/events/${e.event_id}`}>{e.name}</a></th>
                      <td>{formatShortDate(e.starts_at)}</td>
                      <td class="num">{e.tickets_sold}</td>
                      <td class="num">{euros(e.revenue_cents)}</td>
                      <td>{e.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </section>
  );
}
