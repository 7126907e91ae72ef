// Splitting the cost with other member companies: a weight per payer, saved after the booking is made.

import { apiPut } from "../api";
import type { Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoney } from "../format";
import { t } from "../i18n";
import { errorText, statusBadge } from "../ui";
import type { Member, PayerShare, Reservation } from "../types";

interface ShareRow {
  member: number;
  checkbox: HTMLInputElement;
  weight: HTMLInputElement;
}

export interface SplitFieldset {
  element: HTMLElement;
  /** The person asked for a split. */
  enabled: () => boolean;
  /** `[{member, weight}]` with the booking member first. */
  payload: (bookingMember: number) => { member: number; weight: string }[];
  /** Save the split on a new reservation; the answer (or the error) as a note for the success card. */
  save: (reservation: Reservation) => Promise<HTMLElement>;
}

/** `current`: the shares a reservation has now (its booking member among them), to start a re-split from. */
export function splitFieldset(
  catalog: Catalog,
  ownMembers: Member[],
  error: HTMLElement,
  current: { member: number; weight: string }[] = [],
): SplitFieldset {
  const weightOf = (member: number) => current.find((share) => share.member === member)?.weight;
  const splitToggle = h("input", {
    id: "book-split",
    type: "checkbox",
    "data-testid": "book-split",
    checked: current.length > 1,
  });
  const shareRows: ShareRow[] = [];
  const shareList = h(
    "ul",
    { class: "share-list" },
    catalog.members
      .filter((m) => !ownMembers.some((own) => own.id === m.id))
      .map((m) => {
        const checkbox = h("input", {
          type: "checkbox",
          "data-testid": `share-member-${m.id}`,
          "aria-label": m.name,
          checked: weightOf(m.id) !== undefined,
        });
        const weight = h("input", {
          type: "number",
          min: "0.1",
          step: "0.1",
          value: weightOf(m.id) ?? "1",
          class: "input input--narrow",
          "aria-label": t("book.weightFor", { name: m.name }),
          "data-testid": `share-weight-${m.id}`,
        });
        shareRows.push({ member: m.id, checkbox, weight });
        return h(
          "li",
          { class: "share-list__item" },
          h("label", { class: "check" }, checkbox, h("span", null, m.name)),
          weight,
        );
      }),
  );
  const ownWeight = h("input", {
    type: "number",
    min: "0.1",
    step: "0.1",
    value: ownMembers.map((m) => weightOf(m.id)).find(Boolean) ?? "1",
    class: "input input--narrow",
    "data-testid": "share-weight-own",
    "aria-label": t("book.ownWeight"),
  });
  const splitDetails = h(
    "div",
    { class: "split-details", hidden: current.length <= 1 },
    h("p", { class: "muted small" }, t("book.splitHelp")),
    h("div", { class: "share-list__item share-list__item--own" }, h("span", null, t("book.ownShare")), ownWeight),
    shareList,
  );
  splitToggle.addEventListener("change", () => (splitDetails.hidden = !splitToggle.checked));

  const payload = (bookingMember: number) => [
    { member: bookingMember, weight: ownWeight.value || "1" },
    ...shareRows
      .filter((r) => r.checkbox.checked && r.member !== bookingMember)
      .map((r) => ({ member: r.member, weight: r.weight.value || "1" })),
  ];

  async function save(reservation: Reservation): Promise<HTMLElement> {
    try {
      const shares = await apiPut<PayerShare[]>(
        `/reservations/${reservation.id}/shares/`,
        payload(reservation.member.id),
      );
      return h(
        "div",
        { class: "shares-result", "data-testid": "shares-result" },
        h("p", { class: "small strong" }, t("book.sharesSaved")),
        h(
          "ul",
          { class: "plain-list" },
          shares.map((s) => h("li", null, `${s.member.name}: ${formatMoney(s.amount)} · `, statusBadge(s.state))),
        ),
      );
    } catch (err) {
      return h("p", { class: "alert alert--error", role: "alert", "data-testid": "shares-error" }, errorText(err));
    }
  }

  const element = h(
    "fieldset",
    { class: "fieldset" },
    h("legend", { class: "visually-hidden" }, t("book.split")),
    h("label", { class: "check" }, splitToggle, h("span", null, t("book.split"))),
    splitDetails,
    error,
  );
  return { element, enabled: () => splitToggle.checked, payload, save };
}
