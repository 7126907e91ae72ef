// Check-in and check-out of a booking, for its page, the calendar's popover and the kiosk: one button that
// offers what the booking allows now (the server still judges: too early, too late, someone else's).

import { apiPost } from "../api";
import { h } from "../dom";
import { formatTime, zoneSuffix } from "../format";
import { t } from "../i18n";
import { busyButton, errorText } from "../ui";
import type { Reservation } from "../types";
import "../messages/dayuse"; // this area's strings

export type DayOfUse = Pick<Reservation, "id" | "status" | "start" | "end"> &
  Partial<Pick<Reservation, "checkin_opens_at" | "checked_in_at" | "checked_out_at">>;

/** What the booking allows at `now`: "in" within the check-in window, "out" once checked in, else nothing. */
export function dayOfUseStep(reservation: DayOfUse, now: Date = new Date()): "in" | "out" | null {
  if (reservation.checked_in_at) {
    if (reservation.checked_out_at) return null;
    return reservation.status === "approved" || reservation.status === "completed" ? "out" : null;
  }
  if (reservation.status !== "approved" || !reservation.checkin_opens_at) return null;
  return new Date(reservation.checkin_opens_at) <= now && now < new Date(reservation.end) ? "in" : null;
}

/** The check-in (or check-out) button with its error line; `done` reloads what shows the booking. */
export function checkInControl(
  reservation: DayOfUse,
  zone: string,
  done: (updated: Reservation) => void,
  options: { small?: boolean; now?: Date } = {},
): HTMLElement | null {
  const step = dayOfUseStep(reservation, options.now);
  const error = h("p", { class: "field__error", role: "alert", hidden: true, "data-testid": "check-in-error" });
  const size = options.small ? " btn--small" : "";
  if (step === null) {
    if (reservation.status === "approved" && !reservation.checked_in_at && reservation.checkin_opens_at) {
      const opens = reservation.checkin_opens_at;
      if (new Date(opens) > (options.now ?? new Date()))
        return h(
          "p",
          { class: "muted small", "data-testid": "check-in-opens" },
          t("dayuse.opensAt", { time: formatTime(opens, zone) + zoneSuffix(zone) }),
        );
    }
    return null;
  }
  const path = step === "in" ? "check-in" : "check-out";
  const button = busyButton(
    t(step === "in" ? "dayuse.checkIn" : "dayuse.checkOut"),
    { class: `btn ${step === "in" ? "btn--primary" : "btn--ghost"}${size}`, "data-testid": path },
    async () => {
      error.hidden = true;
      try {
        done(await apiPost<Reservation>(`/reservations/${reservation.id}/${path}/`));
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    },
  );
  return h("div", { class: "stack", "data-testid": "check-in-control" }, button, error);
}
