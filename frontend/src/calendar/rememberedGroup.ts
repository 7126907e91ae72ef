// The asset group this person looked at last in the calendar (per person, in this browser).

import type { Catalog } from "../catalog";

const GROUP_KEY = "sinergia.calendarGroup";

/** The group this person looked at last (0 if none, or if it no longer exists). */
export function storedGroup(catalog: Pick<Catalog, "groups">, userId: number): number {
  let stored = 0;
  try {
    stored = Number(localStorage.getItem(`${GROUP_KEY}.${userId}`));
  } catch {
    // storage unavailable: use the default
  }
  return catalog.groups.some((g) => g.id === stored) ? stored : 0;
}

export function rememberGroup(userId: number, group: number): void {
  try {
    localStorage.setItem(`${GROUP_KEY}.${userId}`, String(group));
  } catch {
    // storage unavailable: nothing to remember
  }
}
