// Manager inbox logic: oldest first, and who competes with whom.

import type { Reservation } from "./types";

const overlaps = (a: Reservation, b: Reservation) =>
  a.asset === b.asset && new Date(a.start) < new Date(b.end) && new Date(b.start) < new Date(a.end);

/** For each pending request, the other pending requests on the same asset that overlap it. */
export function rivalsOf(pending: Reservation[]): Map<number, Reservation[]> {
  const out = new Map<number, Reservation[]>();
  for (const r of pending)
    out.set(
      r.id,
      pending.filter((other) => other.id !== r.id && overlaps(r, other)),
    );
  return out;
}

/** Oldest request first (the API's created_at), ties by start. */
export function oldestFirst(rows: Reservation[]): Reservation[] {
  return [...rows].sort(
    (a, b) => a.created_at.localeCompare(b.created_at) || a.start.localeCompare(b.start) || a.id - b.id,
  );
}

/** Pending requests grouped by series (null = single requests), keeping the order. */
export function bySeries(rows: Reservation[]): Map<number | null, Reservation[]> {
  const out = new Map<number | null, Reservation[]>();
  for (const r of rows) {
    const key = r.series ?? null;
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}
