// What the Book page shows around the form: the asset's summary, the outcome of a booking, and the offer to
// compete with other pending requests.

import { durationLabel } from "../booking";
import type { Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoney, formatRange, zoneLabel } from "../format";
import { t } from "../i18n";
import { pathWithQuery, reservationPath } from "../router";
import { wallClock } from "../tz";
import { statusBadge } from "../ui";
import type { Asset, Reservation } from "../types";

/** Name, approval chip, place, zone and the durations allowed. */
export function assetSummary(a: Asset): HTMLElement[] {
  return [
    h(
      "p",
      { class: "asset-info__name" },
      a.name,
      a.requires_approval
        ? h("span", { class: "chip chip--warn" }, t("book.needsApproval"))
        : h("span", { class: "chip chip--accent" }, t("book.instant")),
    ),
    h(
      "p",
      { class: "muted small" },
      [
        a.location,
        t("book.zoneNote", { zone: zoneLabel(a.timezone) }),
        t("book.durationNote", { min: durationLabel(a.min_duration), max: durationLabel(a.max_duration) }),
      ]
        .filter(Boolean)
        .join(" · "),
    ),
  ];
}

export interface SuccessCardOptions {
  reservation: Reservation;
  catalog: Catalog;
  /** The split's outcome, if one was asked. */
  extra: HTMLElement | null;
  /** The request was filed to compete with other pending ones. */
  competing: boolean;
  bookAnother: () => void;
}

export function successCard({ reservation, catalog, extra, competing, bookAnother }: SuccessCardOptions): HTMLElement {
  const zone = catalog.zoneOf(reservation.asset);
  const approved = reservation.status === "approved";
  return h(
    "section",
    { class: "card result-card result-card--ok", "data-testid": "book-success", role: "status" },
    h("h2", { class: "card__title", tabindex: "-1" }, approved ? t("book.successTitle") : t("book.requestedTitle")),
    h(
      "p",
      null,
      h("strong", null, reservation.asset_name),
      ` · ${formatRange(reservation.start, reservation.end, zone)} `,
      statusBadge(reservation.status),
    ),
    h(
      "p",
      { class: "muted" },
      approved ? t("book.successBody") : competing ? t("book.competingBody") : t("book.requestedBody"),
    ),
    reservation.price ? h("p", null, t("book.price"), " ", h("strong", null, formatMoney(reservation.price))) : null,
    extra,
    h(
      "div",
      { class: "actions" },
      h(
        "a",
        { class: "btn btn--primary", href: `#${reservationPath(reservation.id)}`, "data-testid": "open-booking" },
        t("book.openBooking"),
      ),
      h("a", { class: "btn btn--ghost", href: "#/reservations", "data-testid": "go-reservations" }, t("book.viewMine")),
      h(
        "button",
        { type: "button", class: "btn btn--ghost", "data-testid": "book-another", onClick: bookAnother },
        t("book.another"),
      ),
      h(
        "a",
        {
          class: "btn btn--ghost",
          href: `#${pathWithQuery("calendar", { group: catalog.asset(reservation.asset)?.group, date: wallClock(reservation.start, zone).date })}`,
        },
        t("book.viewCalendar"),
      ),
    ),
  );
}

/** "Request anyway — the manager will choose": shown when every conflict is another pending request. */
export function competeOffer(compete: () => Promise<void>): HTMLElement {
  return h(
    "div",
    { class: "compete" },
    h("p", { class: "muted small" }, t("book.competeHelp")),
    h(
      "button",
      { type: "button", class: "btn btn--primary", "data-testid": "book-compete", onClick: () => void compete() },
      t("book.compete"),
    ),
  );
}
