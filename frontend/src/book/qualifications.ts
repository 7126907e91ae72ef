// What the chosen asset requires of the booker (its own qualifications and its group's) and whether the signed-in
// user holds each, valid until when, or not at all.

import { apiGet } from "../api";
import { h } from "../dom";
import { formatDate } from "../format";
import { t } from "../i18n";
import type { components } from "../openapi";
import "../messages/qualifications"; // this area's strings

export type Qualification = components["schemas"]["Qualification"];

export interface QualificationNote {
  element: HTMLElement;
  /** Show what `required` (qualification ids) asks of the user. */
  show: (required: number[]) => void;
}

export function qualificationNote(): QualificationNote {
  const element = h("div", { class: "quals-note", "data-testid": "book-qualifications", hidden: true });
  let known: Map<number, Qualification> | null = null;
  let wanted: number[] = [];
  const render = () => {
    const rows = wanted.map((id) => known?.get(id)).filter((q): q is Qualification => Boolean(q));
    element.hidden = !rows.length;
    element.replaceChildren(
      ...(rows.length
        ? [
            h("p", { class: "small" }, t("quals.requires")),
            h(
              "ul",
              { class: "quals-note__list small" },
              rows.map((q) =>
                h(
                  "li",
                  { "data-testid": "book-qualification", "data-held": q.held_until ? "yes" : "no" },
                  h("strong", null, q.name),
                  " — ",
                  q.held_until
                    ? h("span", null, t("quals.heldUntil", { date: formatDate(q.held_until, "UTC") }))
                    : h("span", { class: "quals-note__missing" }, t("quals.missing")),
                ),
              ),
            ),
          ]
        : []),
    );
  };
  const load = async () => {
    if (known) return;
    const list = await apiGet<Qualification[]>("/qualifications/").catch(() => [] as Qualification[]);
    known = new Map(list.map((q) => [q.id, q]));
  };
  return {
    element,
    show: (required) => {
      wanted = required;
      if (!required.length) return render();
      void load().then(render);
    },
  };
}
