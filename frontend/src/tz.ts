// Time-zone and slot arithmetic. Assets live in their own IANA time zone
// (Madrid, Lima…), whatever the browser's; the UI shows and edits wall-clock
// times of the asset and sends ISO 8601 with the right offset.

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: Date, timeZone: string): Parts {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, fmt);
  }
  const out: Record<string, number> = {};
  for (const part of fmt.formatToParts(instant)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour % 24,
    minute: out.minute,
    second: out.second,
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** Minutes east of UTC of `timeZone` at `instant` (Madrid in summer: 120, Lima: -300). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60000);
}

/** "2025-03-10" + "10:30" in `timeZone` → the instant. Gaps (spring forward) move forward. */
export function zonedToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = offsetMinutes(new Date(guess), timeZone);
  let instant = guess - first * 60000;
  const second = offsetMinutes(new Date(instant), timeZone);
  if (second !== first) instant = guess - second * 60000;
  return new Date(instant);
}

/** ISO 8601 with the zone's offset: "2025-03-10T10:30:00+01:00". */
export function toZonedIso(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  const off = offsetMinutes(instant, timeZone);
  const sign = off < 0 ? "-" : "+";
  return (
    `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

/** Wall-clock date and time of an instant in `timeZone`. */
export function wallClock(value: string | Date, timeZone: string): { date: string; time: string } {
  const p = partsIn(typeof value === "string" ? new Date(value) : value, timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** Floating "YYYY-MM-DDTHH:MM:00" (no offset), how the calendar is fed. */
export function floating(value: string | Date, timeZone: string): string {
  const { date, time } = wallClock(value, timeZone);
  return `${date}T${time}:00`;
}

/** Monday = 0 … Sunday = 6, like the API's opening hours. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** "08:30" or "08:30:00" → 510; "00:00" as a closing time → 1440 (midnight). */
export function toMinutes(time: string, { closing = false } = {}): number {
  const [h, m] = time.split(":").map(Number);
  const minutes = h * 60 + m;
  return closing && minutes === 0 ? 1440 : minutes;
}

export function fromMinutes(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** Round down to the asset's slot grid. */
export function snapToSlot(minutes: number, slotMinutes: number): number {
  return Math.floor(minutes / slotMinutes) * slotMinutes;
}

export interface HoursLike {
  weekday: number;
  opens: string;
  closes: string;
}

/** Opening intervals of one weekday, in minutes from midnight. */
export function openIntervals(hours: HoursLike[], weekday: number): [number, number][] {
  return hours
    .filter((h) => h.weekday === weekday)
    .map((h): [number, number] => [toMinutes(h.opens), toMinutes(h.closes, { closing: true })])
    .sort((a, b) => a[0] - b[0]);
}

/** Start times offered for a date: every slot from opening until the last that fits `minDuration`. */
export function startTimes(hours: HoursLike[], date: string, slotMinutes: number, minDuration = slotMinutes): string[] {
  const out: string[] = [];
  for (const [opens, closes] of openIntervals(hours, weekdayOf(date))) {
    for (let m = opens; m + minDuration <= closes; m += slotMinutes) out.push(fromMinutes(m));
  }
  return out;
}

/** End times offered after `start`: slot multiples within min/max duration and the same opening interval. */
export function endTimes(
  hours: HoursLike[],
  date: string,
  start: string,
  slotMinutes: number,
  minDuration: number,
  maxDuration: number,
): string[] {
  const from = toMinutes(start);
  const interval = openIntervals(hours, weekdayOf(date)).find(([o, c]) => from >= o && from < c);
  if (!interval) return [];
  const out: string[] = [];
  for (
    let m = from + Math.max(minDuration, slotMinutes);
    m <= interval[1] && m - from <= maxDuration;
    m += slotMinutes
  ) {
    out.push(fromMinutes(m));
  }
  return out;
}

/** Earliest opening and latest closing over all assets (for the calendar's visible hours). */
export function visibleHours(hoursLists: HoursLike[][]): { min: string; max: string } {
  let min = 1440;
  let max = 0;
  for (const hours of hoursLists) {
    for (const h of hours) {
      min = Math.min(min, toMinutes(h.opens));
      max = Math.max(max, toMinutes(h.closes, { closing: true }));
    }
  }
  if (min >= max) return { min: "00:00", max: "24:00" };
  return { min: fromMinutes(min), max: max === 1440 ? "24:00" : fromMinutes(max) };
}
