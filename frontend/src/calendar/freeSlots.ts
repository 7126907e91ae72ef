// Free time as a list of links: every free period of the shown dates can be reached and booked with the
// keyboard (a calendar grid cannot be driven that way).

import type { FreeSlot } from "../calendarData";
import { h } from "../dom";
import { formatRange } from "../format";
import { t } from "../i18n";
import { pathWithQuery } from "../router";
import { wallClock } from "../tz";

const MAX_SHOWN = 60;

function bookingLink(slot: FreeSlot): string {
  const from = wallClock(slot.start, slot.zone);
  return `#${pathWithQuery("book", { asset: slot.asset, date: from.date, start: from.time })}`;
}

/** A collapsible list "Free time to book (n)"; each entry opens the booking form at its start. */
export function freeSlotList(slots: FreeSlot[]): HTMLElement {
  const shown = slots.slice(0, MAX_SHOWN);
  return h(
    "details",
    { class: "free-slots", "data-testid": "free-slots" },
    h("summary", null, t("calendar.freeSlots", { count: slots.length })),
    shown.length
      ? h(
          "ul",
          { class: "free-slots__list" },
          shown.map((slot) =>
            h(
              "li",
              null,
              h(
                "a",
                { href: bookingLink(slot), "data-testid": "free-slot", "data-asset": slot.asset },
                h("strong", null, slot.name),
                ` · ${formatRange(slot.start, slot.end, slot.zone)}`,
              ),
            ),
          ),
        )
      : h("p", { class: "muted small" }, t("calendar.noFreeSlots")),
    slots.length > shown.length
      ? h("p", { class: "muted small" }, t("calendar.moreFreeSlots", { count: slots.length - shown.length }))
      : null,
  );
}
