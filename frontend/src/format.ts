// Locale-aware display of money, numbers, dates and time ranges, all through Intl in the user's language
// (never the browser's): "139,15 €" and "1,8 %" in Spanish. Times are shown in the asset's zone, and a
// zone that is not the user's own is named next to them.

import { getLanguage, t } from "./i18n";
import { addDays, wallClock } from "./tz";
import type { Money } from "./types";

const LOCALES: Record<string, string> = { en: "en-GB", es: "es-ES" };

export function locale(lang: string = getLanguage()): string {
  return LOCALES[lang] ?? "en-GB";
}

/** The zone the user's clock is in (the browser's). */
export function userZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function formatMoney(money: Money | null | undefined, lang?: string): string {
  if (!money) return "—";
  return new Intl.NumberFormat(locale(lang), { style: "currency", currency: money.currency }).format(
    Number(money.amount),
  );
}

/** Several currencies side by side (never added together). */
export function formatMoneyList(values: Money[], lang?: string): string {
  return values.length ? values.map((value) => formatMoney(value, lang)).join(" · ") : "—";
}

export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}, lang?: string): string {
  return new Intl.NumberFormat(locale(lang), options).format(value);
}

/** 1.8 (percent points) → "1.8%" / "1,8 %". */
export function formatPercent(value: number | null, lang?: string, digits = 1): string {
  if (value === null || Number.isNaN(value)) return "—";
  return new Intl.NumberFormat(locale(lang), {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value / 100);
}

export function formatDate(value: string | Date, timeZone: string, lang?: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(value));
}

export function formatTime(value: string | Date, timeZone: string, lang?: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(value));
}

/** A calendar day "YYYY-MM-DD" written out: "Tue, 10 Mar 2026" / "mar, 10 mar 2026". */
export function formatDay(day: string, lang?: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant in the user's own zone (no zone named): "Tue, 10 Mar 2026, 09:14". */
export function formatMoment(value: string | Date, lang?: string): string {
  const zone = userZone();
  return `${formatDate(value, zone, lang)}, ${formatTime(value, zone, lang)}`;
}

/** "" in the user's own zone, else " (Lima time)": a time in another zone always says so. */
export function zoneSuffix(timeZone: string, lang?: string): string {
  return timeZone === userZone() ? "" : ` (${t("format.zoneTime", { zone: zoneLabel(timeZone) }, lang)})`;
}

/** Starts and ends at midnight in its zone, and lasts whole days. */
export function isWholeDays(start: string, end: string, timeZone: string): boolean {
  const from = wallClock(start, timeZone);
  const to = wallClock(end, timeZone);
  return from.time === "00:00" && to.time === "00:00" && to.date > from.date;
}

/**
 * "Mon, 10 Mar 2025, 10:00–12:00"; across days "Mon, 10 Mar 2025, 10:00 – Thu, 13 Mar 2025, 18:00"; whole
 * days as dates "Mon, 10 Mar 2025 – Wed, 12 Mar 2025" (the last day included); followed by the zone when it
 * is not the user's.
 */
export function formatRange(start: string, end: string, timeZone: string, lang?: string): string {
  return formatPeriod(start, end, timeZone, lang) + zoneSuffix(timeZone, lang);
}

/** The same without the zone, for a page that names the zone itself. */
export function formatPeriod(start: string, end: string, timeZone: string, lang?: string): string {
  if (isWholeDays(start, end, timeZone)) {
    const first = wallClock(start, timeZone).date;
    const last = addDays(wallClock(end, timeZone).date, -1);
    return first === last
      ? `${formatDay(first, lang)} (${t("format.wholeDay", undefined, lang)})`
      : `${formatDay(first, lang)} – ${formatDay(last, lang)}`;
  }
  const sameDay =
    formatDate(start, timeZone, lang) === formatDate(new Date(new Date(end).getTime() - 1), timeZone, lang);
  if (sameDay)
    return `${formatDate(start, timeZone, lang)}, ${formatTime(start, timeZone, lang)}–${formatTime(end, timeZone, lang)}`;
  return `${formatDate(start, timeZone, lang)}, ${formatTime(start, timeZone, lang)} – ${formatDate(end, timeZone, lang)}, ${formatTime(end, timeZone, lang)}`;
}

/** "Europe/Madrid" → "Madrid". */
export function zoneLabel(timeZone: string): string {
  return (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ");
}

export function monthLabel(year: number, month: number, lang?: string): string {
  const text = new Intl.DateTimeFormat(locale(lang), { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
  return text.charAt(0).toUpperCase() + text.slice(1);
}
