// The legend names every colour the calendar can show this person, and nothing else.

import { h } from "../dom";
import { t, type MessageKey } from "../i18n";

export interface LegendScope {
  /** The person books for a company (own bookings appear). */
  books: boolean;
  /** The person sees other companies' bookings in full (asset managers, accountants, admins). */
  seesOthers: boolean;
}

const ENTRIES: { swatch: string; label: MessageKey; when: (scope: LegendScope) => boolean }[] = [
  { swatch: "ev--own ev--approved", label: "calendar.legendOwn", when: (s) => s.books },
  { swatch: "ev--own ev--pending", label: "calendar.legendPending", when: (s) => s.books },
  { swatch: "ev--other ev--approved", label: "calendar.legendOtherApproved", when: (s) => s.seesOthers },
  { swatch: "ev--other ev--pending", label: "calendar.legendOtherPending", when: (s) => s.seesOthers },
  { swatch: "ev--busy", label: "calendar.legendBusy", when: () => true },
  { swatch: "bg--buffer", label: "calendar.legendBuffer", when: () => true },
  { swatch: "bg--blackout", label: "calendar.legendBlackout", when: () => true },
  { swatch: "bg--closed", label: "calendar.legendClosed", when: () => true },
  { swatch: "legend__today", label: "calendar.legendToday", when: () => true },
];

export function legend(scope: LegendScope): HTMLElement {
  return h(
    "ul",
    { class: "legend", "aria-label": t("calendar.legend"), "data-testid": "calendar-legend" },
    ENTRIES.filter((entry) => entry.when(scope)).map((entry) =>
      h("li", null, h("span", { class: `legend__swatch ${entry.swatch}`, "aria-hidden": "true" }), t(entry.label)),
    ),
  );
}
