// Pooled assets (desks, lockers): how many units are free in the period being booked (the Book page), and which
// unit a booking holds (the booking page). Nothing shows for an asset of one unit.

import { apiGet } from "../api";
import { draftInterval, validateDraft, type BookingDraft } from "../booking";
import { h } from "../dom";
import { t } from "../i18n";
import type { Asset, Availability, Reservation } from "../types";
import "../messages/units"; // this area's strings

export const isPooled = (asset: Pick<Asset, "capacity"> | undefined): boolean => (asset?.capacity ?? 1) > 1;

/** "2 of 3 free": the units free for the whole of the drafted period, refreshed as the draft changes. */
export function freeUnitsNote(): {
  element: HTMLElement;
  refresh: (asset: Asset | undefined, draft: BookingDraft) => void;
} {
  const element = h("p", { class: "small", "data-testid": "units-free", "aria-live": "polite", hidden: true });
  let timer: number | undefined;
  let seq = 0;
  const refresh = (asset: Asset | undefined, draft: BookingDraft) => {
    window.clearTimeout(timer);
    const mine = ++seq;
    if (!asset || !isPooled(asset) || Object.keys(validateDraft({ ...draft, title: "x" }, asset)).length) {
      element.hidden = true;
      return;
    }
    const capacity = asset.capacity ?? 1;
    element.hidden = false;
    element.textContent = t("units.loading");
    timer = window.setTimeout(async () => {
      const { start, end } = draftInterval(draft, asset);
      const query = new URLSearchParams({ start, end });
      try {
        const found = await apiGet<Availability>(`/assets/${asset.id}/availability/?${query}`);
        if (mine !== seq) return;
        element.replaceChildren(
          h(
            "strong",
            null,
            found.free_units ? t("units.free", { free: found.free_units, capacity }) : t("units.full", { capacity }),
          ),
          " ",
          h("span", { class: "muted" }, t("units.freeHint")),
        );
      } catch {
        if (mine === seq) element.hidden = true; // the price card and the submit tell what went wrong
      }
    }, 250);
  };
  return { element, refresh };
}

/** The booking page's fact "Unit 2 of 3"; null (left out) on an asset of one unit. */
export function unitFact(reservation: Reservation, asset: Asset | undefined): [string, Node | string | null] {
  if (!isPooled(asset)) return [t("units.unitLabel"), null];
  const text = t("units.unit", { unit: reservation.unit ?? 1, capacity: asset?.capacity ?? 1 });
  return [t("units.unitLabel"), h("span", { "data-testid": "booking-unit" }, text)];
}
