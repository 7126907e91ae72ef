// Insights: the API's shapes and the pure helpers the page uses (tested without a browser).

import { formatNumber } from "./format";

export interface Money {
  amount: string;
  currency: string;
}

/** Why the cluster's figures are not shown to a member admin (fewer than three other companies booked). */
export interface Withheld {
  code: string;
  detail: string;
}

/** Booked against used hours of the bookings that came due (released, no-show or checked in to), and the
 * share of them released or not shown up; rates are null when nothing came due, everything null when withheld. */
export interface UseFigures {
  due_bookings: number | null;
  due_hours: number | null;
  used_hours: number | null;
  use_rate: number | null;
  released: number | null;
  release_rate: number | null;
  no_show_rate: number | null;
}

/** Booked hours and what derives from them are null when withheld. */
export interface UtilisationRow {
  open_hours: number;
  booked_hours: number | null;
  utilisation: number | null;
}

export interface AssetUtilisation extends UtilisationRow, UseFigures {
  id: number;
  name: string;
  group: string | null;
  timezone: string;
  weeks: (UtilisationRow & { week: string })[];
}

export interface HeatCell {
  weekday: number;
  hour: number;
  open_hours: number;
  booked_hours: number | null;
  occupancy: number | null;
}

export interface Utilisation {
  from: string;
  to: string;
  group: number | null;
  assets: AssetUtilisation[];
  totals: UtilisationRow;
  heatmap: HeatCell[][];
  withheld: Withheld | null;
  /** The roll-ups hold every change committed before this instant (the worker refreshes them every minute). */
  as_of: string;
}

export interface MemberFigures extends UseFigures {
  id: number;
  name: string;
  hours: number;
  bookings: number;
  cancellations: number;
  no_shows: number;
  spend: Money[];
  usage_share: number | null;
  fair_share: number;
  fair_share_delta: number | null;
  standalone_cost: Money[];
  savings: Money[];
}

export interface Members {
  members: MemberFigures[];
  totals:
    ({ hours: number; bookings: number; cancellations: number; no_shows: number; spend: Money[] } & UseFigures) | null;
  withheld: Withheld | null;
  as_of: string;
}

/** Points over (+) or under (−) the fair share in the user's language; "—" when withheld. */
export function deltaText(delta: number | null, lang?: string): string {
  return delta === null
    ? "—"
    : `${delta > 0 ? "+" : ""}${formatNumber(delta, { minimumFractionDigits: 1, maximumFractionDigits: 1 }, lang)}`;
}

export interface InsightsQuery {
  from: string;
  to: string;
  group?: string | null;
}

/**
 * "/insights/utilisation/?from=…&to=…[&group=…][&format=csv&language=…]" (relative to the API base). A CSV is in
 * `language`, in the dialect a spreadsheet in that language opens (Spanish: `;` and decimal comma).
 */
export function insightsPath(
  kind: "utilisation" | "members",
  query: InsightsQuery,
  format?: "csv",
  language?: string,
): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.group) params.set("group", query.group);
  if (format) params.set("format", format);
  if (language) params.set("language", language);
  return `/insights/${kind}/?${params}`;
}

const iso = (day: Date) =>
  `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;

/** The default period: the first day of last month to the last day of this month. */
export function defaultPeriod(today: Date = new Date()): { from: string; to: string } {
  return {
    from: iso(new Date(today.getFullYear(), today.getMonth() - 1, 1)),
    to: iso(new Date(today.getFullYear(), today.getMonth() + 1, 0)),
  };
}

/** The heatmap's colour scale: from a pale tint (0 %) through the brand teal to a deep teal (100 %). */
export const HEAT_STOPS: [number, [number, number, number]][] = [
  [0, [240, 247, 246]],
  [50, [63, 160, 152]],
  [100, [8, 58, 64]],
];

/** Background for a heatmap cell; "" for closed hours (drawn as closed, no colour). */
export function heatColor(occupancy: number | null): string {
  if (occupancy === null) return "";
  const value = Math.max(0, Math.min(100, occupancy));
  const upper = HEAT_STOPS.findIndex(([at]) => value <= at);
  const [hiAt, hi] = HEAT_STOPS[Math.max(upper, 1)];
  const [loAt, lo] = HEAT_STOPS[Math.max(upper, 1) - 1];
  const share = (value - loAt) / (hiAt - loAt);
  const mix = (i: number) => Math.round(lo[i] + (hi[i] - lo[i]) * share);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Text on a heatmap cell stays readable: white on the darker half of the scale. */
export function heatText(occupancy: number | null): string {
  return occupancy !== null && occupancy > 45 ? "#ffffff" : "#16232b";
}

/** The currencies that appear in a list of rows' money figures, sorted. */
export function currenciesOf(rows: { savings: Money[] }[]): string[] {
  return [...new Set(rows.flatMap((row) => row.savings.map((value) => value.currency)))].sort();
}

/** A row's amount in `currency` as a number, 0 when it has none. */
export function amountIn(values: Money[], currency: string): number {
  return Number(values.find((value) => value.currency === currency)?.amount ?? 0);
}
