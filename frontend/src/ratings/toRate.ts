// "To rate": the caller's completed bookings it has not rated yet, each linking to its page's rating prompt.
// Nothing at all when there are none.

import { apiGet } from "../api";
import { h } from "../dom";
import { formatMoment, formatPeriod } from "../format";
import { t } from "../i18n";
import { reservationPath } from "../router";
import type { ToRate } from "./form";
import "../messages/ratings"; // this area's strings

export function toRateCard(): HTMLElement {
  const card = h("section", {
    class: "card stack",
    "aria-labelledby": "to-rate-title",
    "data-testid": "to-rate",
    hidden: true,
  });
  void apiGet<ToRate[]>("/ratings/to-rate/")
    .then((bookings) => {
      if (!bookings.length) return;
      card.append(
        h("h2", { class: "card__title", id: "to-rate-title" }, t("ratings.toRateTitle")),
        h("p", { class: "muted small" }, t("ratings.toRateIntro")),
        h(
          "ul",
          { class: "rating-list" },
          bookings.map((booking) =>
            h(
              "li",
              { class: "to-rate__item", "data-testid": "to-rate-item", "data-reservation": booking.reservation },
              h("p", { class: "strong" }, `${booking.title} · ${booking.asset_name}`),
              h("p", { class: "muted small" }, formatPeriod(booking.start, booking.end, booking.timezone)),
              h(
                "p",
                { class: "small" },
                h(
                  "a",
                  { class: "btn btn--primary btn--small", href: `#${reservationPath(booking.reservation)}` },
                  t("ratings.rateNow"),
                  h("span", { class: "visually-hidden" }, `: ${booking.title}`),
                ),
                " ",
                h("span", { class: "muted" }, t("ratings.rateUntil", { moment: formatMoment(booking.rate_until) })),
              ),
            ),
          ),
        ),
      );
      card.hidden = false;
    })
    .catch(() => undefined); // a prompt, not the page: the bookings below still show
  return card;
}
