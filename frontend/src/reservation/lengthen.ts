// Lengthening a booking in use from its page: a new end on the asset's slot grid within its longest booking.
// The server judges the rest; running into the next booking is refused with the moment the asset is taken from,
// and the refusal is in the booking's history.

import { apiPost } from "../api";
import { readConflict, readRefusal } from "../booking";
import { h } from "../dom";
import { formatDate, formatTime, zoneSuffix } from "../format";
import { t } from "../i18n";
import { busyButton, errorText } from "../ui";
import type { Asset, Reservation } from "../types";
import "../messages/dayuse"; // this area's strings

const MAX_CHOICES = 24;

type InUse = Pick<Reservation, "id" | "status" | "start" | "end"> &
  Partial<Pick<Reservation, "checked_in_at" | "checked_out_at">>;

/** Whether the booking is in use at `now`: approved, checked in, not out, not yet ended. */
export function inUse(reservation: InUse, now: Date = new Date()): boolean {
  return (
    reservation.status === "approved" &&
    Boolean(reservation.checked_in_at) &&
    !reservation.checked_out_at &&
    now < new Date(reservation.end)
  );
}

/** The new ends offered: whole slots after the current end, up to the asset's longest booking (at most 24). */
export function lengthenChoices(
  reservation: Pick<Reservation, "start" | "end">,
  asset: Pick<Asset, "slot_minutes" | "max_duration">,
): Date[] {
  const start = new Date(reservation.start).getTime();
  const end = new Date(reservation.end).getTime();
  const step = asset.slot_minutes * 60_000;
  const longest = start + asset.max_duration * 60_000;
  const out: Date[] = [];
  for (let next = end + step; next <= longest && out.length < MAX_CHOICES; next += step) out.push(new Date(next));
  return out;
}

function endLabel(end: Date, current: string, zone: string): string {
  const sameDay = formatDate(end, zone) === formatDate(current, zone);
  return (sameDay ? "" : `${formatDate(end, zone)}, `) + formatTime(end, zone);
}

/** The refusal in words; an overrun names when the asset is taken. */
function refusalText(error: unknown, zone: string): string {
  const conflict = readConflict(error);
  if (conflict) {
    const taken = conflict.conflicts.map((c) => c.start).sort()[0];
    return taken
      ? `${conflict.detail} ${t("dayuse.takenFrom", { time: formatTime(taken, zone) + zoneSuffix(zone) })}`
      : conflict.detail;
  }
  return readRefusal(error)?.detail ?? errorText(error);
}

/** "Lengthen" for a booking in use: a choice of new end and the button; null when it is not in use. */
export function lengthenControl(
  reservation: InUse,
  asset: Pick<Asset, "slot_minutes" | "max_duration">,
  zone: string,
  done: (updated: Reservation) => void,
): HTMLElement | null {
  if (!inUse(reservation)) return null;
  const choices = lengthenChoices(reservation, asset);
  if (!choices.length) return null;
  const select = h(
    "select",
    { id: "lengthen-end", class: "input", "data-testid": "lengthen-end" },
    choices.map((end) => h("option", { value: end.toISOString() }, endLabel(end, reservation.end, zone))),
  );
  const error = h("p", { class: "field__error", role: "alert", hidden: true, "data-testid": "lengthen-error" });
  const button = busyButton(t("dayuse.lengthen"), { class: "btn btn--ghost", "data-testid": "lengthen" }, async () => {
    error.hidden = true;
    try {
      done(await apiPost<Reservation>(`/reservations/${reservation.id}/extend/`, { end: select.value }));
    } catch (err) {
      error.textContent = refusalText(err, zone);
      error.hidden = false;
    }
  });
  return h(
    "div",
    { class: "stack", "data-testid": "lengthen-control" },
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: select.id }, t("dayuse.lengthenTo") + zoneSuffix(zone)),
      select,
    ),
    h("div", { class: "actions" }, button),
    error,
  );
}
