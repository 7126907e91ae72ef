// The rating card of a completed booking: its rating (and the managers' answer) for whoever sees it, or the prompt
// to rate it for its booker while it may still be rated.

import { apiGet } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import type { Me, Paginated, ReservationDetail } from "../types";
import { errorBox } from "../ui";
import { ratingForm, ratingView, type Rating } from "./form";

const RATE_WITHIN_DAYS = 60; // ratings.services.RATE_WITHIN: the server refuses later ones anyway

export function ratingCard(reservation: ReservationDetail, user: Me): HTMLElement | null {
  if (reservation.status !== "completed") return null;
  const card = h(
    "section",
    { class: "card stack", "aria-labelledby": "rating-title", "data-testid": "booking-rating", hidden: true },
    h(
      "h2",
      { class: "card__title", id: "rating-title" },
      t(reservation.booked_by?.id === user.id ? "ratings.title" : "ratings.titleOther"),
    ),
  );
  const show = (...children: HTMLElement[]) => {
    card.replaceChildren(card.firstElementChild as HTMLElement, ...children);
    card.hidden = false;
  };
  const mayRate =
    reservation.booked_by?.id === user.id &&
    Date.now() < new Date(reservation.end).getTime() + RATE_WITHIN_DAYS * 86_400_000;
  apiGet<Paginated<Rating>>(`/ratings/?reservation=${reservation.id}`)
    .then(({ results: [rating] }) => {
      if (rating) show(ratingView(rating, { showWho: reservation.booked_by?.id !== user.id }));
      else if (mayRate)
        show(
          h("p", { class: "muted" }, t("ratings.prompt")),
          ratingForm({
            reservation: reservation.id,
            done: (saved) => show(ratingView(saved, { flash: t("ratings.thanks") })),
          }),
        );
    })
    .catch((error: unknown) => show(errorBox(error, "rating-load-error")));
  return card;
}
