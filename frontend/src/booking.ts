// Booking form logic without the DOM: validation against the asset's rules,
// mapping API errors onto fields, and reading a 409 into choices.

import { ApiError } from "./api";
import { t } from "./i18n";
import { formatMoney, formatRange } from "./format";
import { addDays, endTimes, openIntervals, toMinutes, weekdayOf, zonedToInstant, toZonedIso } from "./tz";
import type { Alternative, Asset, Conflict, Money } from "./types";

export type BookingField = "asset" | "member" | "date" | "start" | "end" | "title" | "notes" | "repeat" | "shares";
export const BOOKING_FIELDS: readonly BookingField[] = [
  "asset",
  "member",
  "date",
  "start",
  "end",
  "title",
  "notes",
  "repeat",
  "shares",
];

export interface BookingDraft {
  asset: number | null;
  member: number | null;
  date: string; // YYYY-MM-DD in the asset's zone (the first day)
  start: string; // HH:MM
  end: string; // HH:MM, "00:00" on the first day = midnight at the end of that day
  /** The day of the end, for bookings across midnight (empty: the first day). */
  endDate?: string;
  /** Whole days from `date` to `endDate`, both included (times are ignored). */
  wholeDays?: boolean;
  title: string;
  notes: string;
}

export type FieldErrors = Partial<Record<BookingField, string>>;

/** The wall clocks a draft stands for: [start day and time, end day and time]. */
function draftEnds(draft: BookingDraft): { from: [string, string]; to: [string, string] } {
  if (draft.wholeDays) return { from: [draft.date, "00:00"], to: [addDays(draft.endDate || draft.date, 1), "00:00"] };
  const endDay = draft.endDate || draft.date;
  const midnight = endDay === draft.date && toMinutes(draft.end) === 0;
  return { from: [draft.date, draft.start], to: [midnight ? addDays(draft.date, 1) : endDay, draft.end] };
}

/** The instants a draft stands for, as ISO strings with the asset's offset. An end at 00:00 on the first day is that day's midnight. */
export function draftInterval(draft: BookingDraft, asset: Pick<Asset, "timezone">): { start: string; end: string } {
  const { from, to } = draftEnds(draft);
  const start = zonedToInstant(from[0], from[1], asset.timezone);
  const end = zonedToInstant(to[0], to[1], asset.timezone);
  return { start: toZonedIso(start, asset.timezone), end: toZonedIso(end, asset.timezone) };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/** Client-side checks that save a round trip; the server stays the judge. */
export function validateDraft(draft: BookingDraft, asset: Asset | undefined, now: Date = new Date()): FieldErrors {
  const errors: FieldErrors = {};
  if (!asset) errors.asset = t("book.errorAsset");
  if (!DAY.test(draft.date)) errors.date = t("book.errorDate");
  if (!draft.wholeDays && !TIME.test(draft.start)) errors.start = t("book.errorStart");
  if (!draft.wholeDays && !TIME.test(draft.end)) errors.end = t("book.errorEnd");
  if (draft.endDate !== undefined && draft.endDate !== "" && !DAY.test(draft.endDate))
    errors.end = t("book.errorEndDate");
  if (!draft.title.trim()) errors.title = t("book.errorTitle");
  if (!asset || errors.date || errors.start || errors.end) return errors;

  const { from, to } = draftEnds(draft);
  const startAt = zonedToInstant(from[0], from[1], asset.timezone);
  const endAt = zonedToInstant(to[0], to[1], asset.timezone);
  const duration = Math.round((endAt.getTime() - startAt.getTime()) / 60000);
  if (duration <= 0) {
    errors.end = t("book.errorEndBeforeStart");
    return errors;
  }
  if (toMinutes(from[1]) % asset.slot_minutes || toMinutes(to[1]) % asset.slot_minutes) {
    errors.start = t("book.errorSlot", { minutes: asset.slot_minutes });
  } else if (duration < asset.min_duration) {
    errors.end = t("book.errorMinDuration", { duration: durationLabel(asset.min_duration) });
  } else if (duration > asset.max_duration) {
    errors.end = t("book.errorMaxDuration", { duration: durationLabel(asset.max_duration) });
  } else if (!isOpen(asset, from, to)) {
    errors.start = t("book.errorClosed");
  }
  if (!errors.start && startAt <= now) errors.start = t("book.errorPast");
  return errors;
}

/** Open from the start to the end: within one opening interval, or across days only through hours open round the clock. */
function isOpen(asset: Asset, from: [string, string], to: [string, string]): boolean {
  const start = toMinutes(from[1]);
  const end = to[0] === from[0] ? toMinutes(to[1]) : 1440;
  if (!openIntervals(asset.opening_hours, weekdayOf(from[0])).some(([o, c]) => start >= o && end <= c)) return false;
  for (let day = addDays(from[0], 1); day <= to[0]; day = addDays(day, 1)) {
    const until = day === to[0] ? toMinutes(to[1]) : 1440;
    if (until === 0) break;
    if (!openIntervals(asset.opening_hours, weekdayOf(day)).some(([o, c]) => o === 0 && until <= c)) return false;
  }
  return true;
}

/** "90 min" → "1 h 30 min"; whole days for long assets. */
export function durationLabel(minutes: number): string {
  if (minutes % 1440 === 0 && minutes >= 1440) return t("duration.days", { count: minutes / 1440 });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return t("duration.minutes", { count: m });
  return m ? t("duration.hoursMinutes", { hours: h, minutes: m }) : t("duration.hours", { count: h });
}

/** API field names → form fields. */
const FIELD_ALIASES: Record<string, BookingField> = {
  asset: "asset",
  member: "member",
  start: "start",
  end: "end",
  title: "title",
  notes: "notes",
  rrule: "repeat",
  shares: "shares",
};

interface Problem {
  code?: string;
  detail?: string;
  field?: string;
}

/**
 * Spread an API error over the form: `{field, detail}`, `problems: [...]`
 * and DRF field errors go next to their field; anything else becomes the
 * general message (shown at the top of the form).
 */
export function mapApiError(error: unknown): { fields: FieldErrors; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, general: t("error.network") };
  const fields: FieldErrors = {};
  const add = (name: string | undefined, message: string | undefined) => {
    if (!message) return false;
    const field = name ? FIELD_ALIASES[name] : undefined;
    if (!field) return false;
    fields[field] = fields[field] ? `${fields[field]} ${message}` : message;
    return true;
  };
  const body = (typeof error.body === "object" && error.body !== null ? error.body : {}) as {
    field?: string;
    problems?: Problem[];
  };
  const problems = Array.isArray(body.problems) ? body.problems : [];
  const placed = new Set<string>();
  for (const problem of problems) if (add(problem.field, problem.detail)) placed.add(problem.detail!);
  if (!problems.length && body.field && add(body.field, error.message)) placed.add(error.message);
  for (const [name, messages] of Object.entries(error.fieldErrors)) {
    if (name === "problems" || name === "field") continue;
    add(name, messages.join(" "));
  }
  const leftover = problems.filter((p) => p.detail && !placed.has(p.detail)).map((p) => p.detail);
  if (!Object.keys(fields).length) return { fields, general: leftover.length ? leftover.join(" ") : error.message };
  return { fields, general: leftover.length ? leftover.join(" ") : null };
}

export interface ConflictReport {
  detail: string;
  conflicts: Conflict[];
  alternatives: Alternative[];
  /** Every conflict is another pending request: the booker may file a competing one (the manager chooses). */
  canCompete: boolean;
}

/** A 409 `{code: "conflict"}` (or `held_for_waitlist`: free, but held for a member the waitlist offered it to) as
 * data, or null for any other error. */
export function readConflict(error: unknown): ConflictReport | null {
  const codes = ["conflict", "held_for_waitlist"];
  if (!(error instanceof ApiError) || error.status !== 409 || !codes.includes(String(error.code))) return null;
  const body = error.body as (Partial<ConflictReport> & { can_compete?: unknown }) | undefined;
  return {
    detail: error.message,
    conflicts: Array.isArray(body?.conflicts) ? body.conflicts : [],
    alternatives: Array.isArray(body?.alternatives) ? body.alternatives : [],
    canCompete: body?.can_compete === true,
  };
}

/** A refusal that is not a conflict (a late-change fee, a state that cannot change): its words and any fee. */
export function readRefusal(error: unknown): { detail: string; fee: Money | null } | null {
  if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500) return null;
  const body = (error.body ?? {}) as { fee?: unknown };
  const fee = isMoney(body.fee) ? body.fee : null;
  const problems = mapApiError(error);
  const detail = [problems.general, ...Object.values(problems.fields)].filter(Boolean).join(" ") || error.message;
  return { detail, fee };
}

function isMoney(value: unknown): value is Money {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Money).amount === "string" &&
    typeof (value as Money).currency === "string"
  );
}

export interface AlternativeChoice {
  key: string;
  asset: number;
  assetName: string;
  when: string;
  price: string;
  sameAsset: boolean;
  needsApproval: boolean;
  start: string;
  end: string;
}

/** What each alternative button says; the server's order (closest, cheapest first) is kept. */
export function alternativeChoices(
  alternatives: Alternative[],
  requestedAsset: number,
  zoneOf: (asset: number) => string,
  lang?: string,
): AlternativeChoice[] {
  return alternatives.map((alt) => ({
    key: `${alt.asset}-${alt.start}`,
    asset: alt.asset,
    assetName: alt.asset_name,
    when: formatRange(alt.start, alt.end, zoneOf(alt.asset), lang),
    price: alt.price ? formatMoney(alt.price, lang) : "",
    sameAsset: alt.asset === requestedAsset,
    needsApproval: alt.requires_approval,
    start: alt.start,
    end: alt.end,
  }));
}

/** The body of a PATCH that moves a booking to an alternative: its times, and its asset when it is another of the
 * group (the server checks, prices and approves it as a booking there). */
export function moveBody(choice: AlternativeChoice): { start: string; end: string; asset?: number } {
  return choice.sameAsset
    ? { start: choice.start, end: choice.end }
    : { start: choice.start, end: choice.end, asset: choice.asset };
}

/** The asset takes bookings across midnight: it may last over a day, or it is open round the clock. */
export function spansDays(asset: Pick<Asset, "max_duration" | "opening_hours">): boolean {
  return (
    asset.max_duration > 1440 ||
    asset.opening_hours.some((hours) => toMinutes(hours.opens) === 0 && toMinutes(hours.closes) === 0)
  );
}

/** `percent` of an amount, rounded to the currency's minor unit (what a late cancellation would cost). */
export function percentOf(money: Money, percent: number): Money {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const factor = 10 ** digits;
  const minor = Math.round((Math.round(Number(money.amount) * factor) * percent) / 100);
  return { amount: (minor / factor).toFixed(digits), currency: money.currency };
}

/** Default end: the minimum duration after the start, if that is offered. */
export function defaultEnd(asset: Asset, date: string, start: string): string {
  const options = endTimes(
    asset.opening_hours,
    date,
    start,
    asset.slot_minutes,
    asset.min_duration,
    asset.max_duration,
  );
  const twoHours = options.find(
    (o) => toMinutes(o, { closing: true }) - toMinutes(start) === Math.max(asset.min_duration, 120),
  );
  return twoHours ?? options[0] ?? "";
}

export type RepeatKind = "none" | "weekly" | "monthly";
export type RepeatEnd = { count: number } | { until: string };

/** RFC 5545 rule for the repeat control: a count (1–52) or an inclusive last date. */
export function repeatRule(kind: RepeatKind, end: RepeatEnd): string | null {
  if (kind === "none") return null;
  const freq = `FREQ=${kind === "weekly" ? "WEEKLY" : "MONTHLY"}`;
  if ("until" in end) return `${freq};UNTIL=${end.until.replace(/-/g, "")}T235959Z`;
  const count = Number.isFinite(end.count) ? Math.max(1, Math.min(52, Math.floor(end.count))) : 1;
  return `${freq};COUNT=${count}`;
}
