// Turning reservations and availability into calendar events, and calendar gestures into booking
// parameters (no DOM, no library).

import { addDays, floating } from "./tz";
import type { BusyBlock, GroupAvailability, Reservation, ReservationStatus } from "./types";

/**
 * own: the viewer's company's booking; other: another company's booking the viewer sees in full
 * (asset managers, accountants); busy: another company's booking seen as a busy block, which carries
 * no status (a pending request and an approved booking look the same, on purpose).
 */
export type EventKind = "own" | "other" | "busy" | "closed" | "blackout" | "buffer";

export interface EventInfo {
  kind: EventKind;
  asset: number;
  zone: string;
  /** The instants, as the API gave them. */
  start: string;
  end: string;
  reservation?: number;
  status?: ReservationStatus;
  member?: string;
  memberId?: number;
  title?: string;
  movable?: boolean;
  /** The day of use, for the check-in button; `bookedBy` is the booker's user id. */
  bookedBy?: number;
  checkinOpensAt?: string;
  checkedInAt?: string | null;
  checkedOutAt?: string | null;
}

export interface CalendarEvent {
  id: string;
  resourceIds: string[];
  start: string; // floating wall clock of the asset's zone
  end: string;
  title: string;
  display: "auto" | "background";
  classNames: string[];
  /** Moves and resizes (the three flags the library reads, all alike). */
  editable: boolean;
  startEditable: boolean;
  durationEditable: boolean;
  extendedProps: EventInfo;
}

export interface Viewer {
  /** The reservation belongs to one of the viewer's companies. */
  isOwn: (reservation: Reservation) => boolean;
  /** The viewer may move or resize it (the server still judges). */
  canMove: (reservation: Reservation) => boolean;
}

const CHANGEABLE: readonly ReservationStatus[] = ["pending", "approved"];
const fixed = { editable: false, startEditable: false, durationEditable: false } as const;

/** Bookings as events: the viewer's in full and movable when allowed, others' as "busy" blocks that never move. */
export function reservationEvents(
  rows: (Reservation | BusyBlock)[],
  zoneOf: (asset: number) => string,
  viewer: Viewer,
  labels: { busy: string },
  now: Date = new Date(),
): CalendarEvent[] {
  return rows.map((row, index) => {
    const zone = zoneOf(row.asset);
    const base = {
      resourceIds: [String(row.asset)],
      start: floating(row.start, zone),
      end: floating(row.end, zone),
      display: "auto" as const,
    };
    const info = { asset: row.asset, zone, start: row.start, end: row.end };
    if (row.busy === true || row.id === null) {
      return {
        ...base,
        id: `busy-${row.asset}-${index}`,
        title: labels.busy,
        classNames: ["ev", "ev--busy"],
        ...fixed,
        extendedProps: { ...info, kind: "busy" },
      };
    }
    const reservation = row as Reservation;
    const kind: EventKind = viewer.isOwn(reservation) ? "own" : "other";
    const movable =
      CHANGEABLE.includes(reservation.status) && new Date(reservation.start) > now && viewer.canMove(reservation);
    return {
      ...base,
      id: `r-${reservation.id}`,
      title: kind === "own" ? reservation.title : `${reservation.member.name} · ${reservation.title}`,
      classNames: ["ev", `ev--${kind}`, `ev--${reservation.status}`, movable ? "ev--movable" : "ev--fixed"],
      editable: movable,
      startEditable: movable,
      durationEditable: movable,
      extendedProps: {
        ...info,
        kind,
        reservation: reservation.id,
        status: reservation.status,
        member: reservation.member.name,
        memberId: reservation.member.id,
        title: reservation.title,
        movable,
        bookedBy: reservation.booked_by?.id,
        checkinOpensAt: reservation.checkin_opens_at,
        checkedInAt: reservation.checked_in_at,
        checkedOutAt: reservation.checked_out_at,
      },
    };
  });
}

/** The set-up and cleanup buffers around each booking, drawn as background: the asset is blocked there too. */
export function bufferEvents(
  rows: (Reservation | BusyBlock)[],
  zoneOf: (asset: number) => string,
  labels: { setup: string; cleanup: string },
): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  rows.forEach((row, index) => {
    const zone = zoneOf(row.asset);
    const pieces: [string | undefined, string | undefined, string][] = [
      [row.blocked_start, row.start, labels.setup],
      [row.end, row.blocked_end, labels.cleanup],
    ];
    pieces.forEach(([start, end, title], side) => {
      if (!start || !end || new Date(end) <= new Date(start)) return;
      out.push({
        id: `buffer-${row.asset}-${index}-${side}`,
        resourceIds: [String(row.asset)],
        start: floating(start, zone),
        end: floating(end, zone),
        title,
        display: "background",
        classNames: ["bg--buffer"],
        ...fixed,
        extendedProps: { kind: "buffer", asset: row.asset, zone, start, end },
      });
    });
  });
  return out;
}

/** Closed hours and blackouts as shaded background. */
export function shadeEvents(
  availability: GroupAvailability[],
  labels: { closed: string; blackout: string },
): CalendarEvent[] {
  const out: CalendarEvent[] = [];
  for (const entry of availability) {
    entry.busy.forEach((interval, index) => {
      if (interval.kind === "reservation") return;
      out.push({
        id: `${interval.kind}-${entry.asset}-${index}`,
        resourceIds: [String(entry.asset)],
        start: floating(interval.start, entry.timezone),
        end: floating(interval.end, entry.timezone),
        title: interval.kind === "blackout" ? labels.blackout : labels.closed,
        display: "background",
        classNames: [`bg--${interval.kind}`],
        ...fixed,
        extendedProps: {
          kind: interval.kind,
          asset: entry.asset,
          zone: entry.timezone,
          start: interval.start,
          end: interval.end,
        },
      });
    });
  }
  return out;
}

export interface FreeSlot {
  asset: number;
  name: string;
  zone: string;
  start: string;
  end: string;
}

/** Free periods of at least `minMinutes` (per asset) that have not started yet, in time order. */
export function freeSlots(
  availability: GroupAvailability[],
  minMinutes: (asset: number) => number,
  now: Date = new Date(),
): FreeSlot[] {
  const out: FreeSlot[] = [];
  for (const entry of availability) {
    for (const interval of entry.free_intervals) {
      const start = new Date(Math.max(new Date(interval.start).getTime(), now.getTime()));
      const end = new Date(interval.end);
      if ((end.getTime() - start.getTime()) / 60000 < minMinutes(entry.asset)) continue;
      out.push({
        asset: entry.asset,
        name: entry.name,
        zone: entry.timezone,
        start: start.toISOString(),
        end: interval.end,
      });
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.asset - b.asset);
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A clicked or selected calendar time → "YYYY-MM-DD" and "HH:MM". The
 * calendar hands out Dates whose local fields hold the wall clock shown.
 */
export function wallFromCalendarDate(date: Date): { date: string; time: string } {
  return {
    date: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  };
}

export interface BookingParams {
  date: string;
  start: string;
  end_date: string;
  end: string;
  whole?: "1";
}

/**
 * What the booking form gets from a selection, kept as drawn: both ends, across days too. A selection of
 * whole days (the month view) becomes whole days; an end at midnight of the next day stays "24:00" of the first.
 */
export function selectionToBooking(start: Date, end: Date, allDay: boolean): BookingParams {
  const from = wallFromCalendarDate(start);
  const to = wallFromCalendarDate(end);
  if (allDay) return { date: from.date, start: "00:00", end_date: addDays(to.date, -1), end: "00:00", whole: "1" };
  const endsAtMidnight = to.time === "00:00" && to.date === addDays(from.date, 1);
  return { date: from.date, start: from.time, end_date: endsAtMidnight ? from.date : to.date, end: to.time };
}
