// Turning reservations and availability into calendar events (no DOM, no library).

import { floating } from "./tz";
import type { Availability, BusyBlock, Reservation } from "./types";

export interface CalendarEvent {
  id: string;
  resourceIds: string[];
  start: string; // floating wall clock of the asset's zone
  end: string;
  title: string;
  display: "auto" | "background";
  className: string[];
  extendedProps: { reservation?: number; kind: "own" | "busy" | "closed" | "blackout" | "visible" };
}

/**
 * The caller's member's bookings in full, everybody else's as "busy".
 * `mine` says whether a reservation belongs to the caller's member; managers
 * and accountants see details of others, shown as "visible".
 */
export function reservationEvents(
  rows: (Reservation | BusyBlock)[],
  zoneOf: (asset: number) => string,
  mine: (reservation: Reservation) => boolean,
  labels: { busy: string },
): CalendarEvent[] {
  return rows.map((row, index) => {
    const zone = zoneOf(row.asset);
    const base = { resourceIds: [String(row.asset)], start: floating(row.start, zone), end: floating(row.end, zone), display: "auto" as const };
    if (row.busy === true || row.id === null) {
      return { ...base, id: `busy-${row.asset}-${index}`, title: labels.busy, className: ["ev", "ev--busy"], extendedProps: { kind: "busy" as const } };
    }
    const own = mine(row as Reservation);
    const reservation = row as Reservation;
    return {
      ...base,
      id: `r-${reservation.id}`,
      title: own ? reservation.title : `${reservation.member.name} · ${reservation.title}`,
      className: ["ev", `ev--${reservation.status}`, own ? "ev--own" : "ev--visible"],
      extendedProps: { reservation: reservation.id, kind: own ? ("own" as const) : ("visible" as const) },
    };
  });
}

/** Closed hours and blackouts as shaded background. */
export function shadeEvents(availability: Availability[], labels: { closed: string; blackout: string }): CalendarEvent[] {
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
        className: [`bg--${interval.kind}`],
        extendedProps: { kind: interval.kind },
      });
    });
  }
  return out;
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
