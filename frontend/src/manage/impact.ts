// The bookings a rule change affects, each with its reasons and a keep/cancel choice.

import { h } from "../dom";
import { formatRange } from "../format";
import { t, type MessageKey } from "../i18n";
import { statusBadge } from "../ui";
import type { Affected } from "./model";
import "../messages/manage"; // this area's strings

export type Decision = { reservation: number; action: "keep" | "cancel" };

export interface ImpactList {
  element: HTMLElement;
  /** Every booking's choice, or null while one is missing. */
  decisions: () => Decision[] | null;
}

export function impactList(affected: Affected[], zone: string): ImpactList {
  const choices = new Map<number, () => Decision["action"] | null>();
  const items = affected.map((booking) => {
    const name = `decision-${booking.reservation}`;
    const option = (action: Decision["action"], label: string) =>
      h(
        "label",
        { class: "check" },
        h("input", {
          type: "radio",
          name,
          value: action,
          "data-testid": `decision-${booking.reservation}-${action}`,
        }),
        h("span", null, label),
      );
    const group = h(
      "fieldset",
      { class: "impact__choice inline-fields" },
      h("legend", { class: "visually-hidden" }, t("manage.impact.choice", { title: booking.title })),
      option("keep", t("manage.impact.keep")),
      option("cancel", t("manage.impact.cancel")),
    );
    choices.set(booking.reservation, () => {
      const picked = group.querySelector<HTMLInputElement>("input:checked");
      return picked ? (picked.value as Decision["action"]) : null;
    });
    return h(
      "li",
      { class: "impact__item", "data-testid": "impact-item", "data-reservation": booking.reservation },
      h(
        "div",
        { class: "impact__head" },
        h("span", { class: "strong" }, booking.title),
        " ",
        statusBadge(booking.status),
      ),
      h("p", { class: "muted small" }, `${formatRange(booking.start, booking.end, zone)} · ${booking.member}`),
      h(
        "ul",
        { class: "impact__reasons" },
        booking.reasons.map((reason) => h("li", null, t(`manage.reason.${reason.code}` as MessageKey))),
      ),
      booking.can_keep ? null : h("p", { class: "field__hint muted" }, t("manage.impact.cannotKeep")),
      group,
    );
  });
  return {
    element: h("ul", { class: "impact plain-list", "data-testid": "impact-list" }, items),
    decisions: () => {
      const decisions: Decision[] = [];
      for (const [reservation, choice] of choices) {
        const action = choice();
        if (!action) return null;
        decisions.push({ reservation, action });
      }
      return decisions;
    },
  };
}
