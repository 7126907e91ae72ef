// Locale-aware display of money, dates and time ranges (in the asset's zone).

import { getLanguage } from "./i18n";
import type { Money } from "./types";

const LOCALES: Record<string, string> = { en: "en-GB", es: "es-ES" };

export function locale(lang: string = getLanguage()): string {
  return LOCALES[lang] ?? "en-GB";
}

export function formatMoney(money: Money | null | undefined, lang?: string): string {
  if (!money) return "—";
  return new Intl.NumberFormat(locale(lang), { style: "currency", currency: money.currency }).format(Number(money.amount));
}

export function formatDate(value: string | Date, timeZone: string, lang?: string): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(
    new Date(value),
  );
}

export function formatTime(value: string | Date, timeZone: string, lang?: string): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(value));
}

/** "Mon, 10 Mar 2025, 10:00–12:00" or across days "Mon, 10 Mar 2025, 10:00 – Thu, 13 Mar 2025, 00:00". */
export function formatRange(start: string, end: string, timeZone: string, lang?: string): string {
  const sameDay = formatDate(start, timeZone, lang) === formatDate(new Date(new Date(end).getTime() - 1), timeZone, lang);
  if (sameDay) return `${formatDate(start, timeZone, lang)}, ${formatTime(start, timeZone, lang)}–${formatTime(end, timeZone, lang)}`;
  return `${formatDate(start, timeZone, lang)}, ${formatTime(start, timeZone, lang)} – ${formatDate(end, timeZone, lang)}, ${formatTime(end, timeZone, lang)}`;
}

/** "Europe/Madrid" → "Madrid". */
export function zoneLabel(timeZone: string): string {
  return (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ");
}

export function monthLabel(year: number, month: number, lang?: string): string {
  const text = new Intl.DateTimeFormat(locale(lang), { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, month - 1, 1)));
  return text.charAt(0).toUpperCase() + text.slice(1);
}
