// The booking page's operator card: the technician booked with this booking (their own booking's times, status
// and price), or, on a technician's booking, the booking it assists.

import { h } from "../dom";
import { formatMoney, formatPeriod } from "../format";
import { t } from "../i18n";
import type { ReservationDetail } from "../types";
import { statusBadge } from "../ui";
import "../messages/operators"; // this area's strings

export function operatorCard(reservation: ReservationDetail, zone: string): HTMLElement | null {
  const booked = reservation.operator_booking;
  if (reservation.assists)
    return h(
      "div",
      { class: "alert alert--info", role: "status", "data-testid": "booking-assists" },
      t("operators.assists"),
      " ",
      h("a", { href: `#/reservations/${reservation.assists}` }, t("operators.openMain")),
    );
  if (!booked) return null;
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "operator-title", "data-testid": "booking-operator" },
    h("h2", { class: "card__title", id: "operator-title" }, t("operators.cardTitle")),
    h(
      "dl",
      { class: "facts" },
      h("dt", null, t("operators.technician")),
      h("dd", { "data-testid": "booking-operator-name" }, booked.asset.name),
      h("dt", null, t("booking.when")),
      h("dd", null, formatPeriod(booked.start, booked.end, zone)),
      h("dt", null, t("operators.status")),
      h("dd", null, statusBadge(booked.status ?? "pending")),
      booked.price ? [h("dt", null, t("operators.price")), h("dd", null, formatMoney(booked.price))] : null,
    ),
  );
}
