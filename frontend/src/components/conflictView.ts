// A 409 conflict in words: what the period collides with, and the priced alternatives as buttons.
// Used by the booking form (book an alternative) and by calendar moves (move there instead).

import { alternativeChoices, type AlternativeChoice, type ConflictReport } from "../booking";
import { h } from "../dom";
import { formatRange } from "../format";
import { t, type MessageKey } from "../i18n";
import { errorText } from "../ui";

/** What each kind of conflict is called ("waitlist_hold": the period is held for a member the waitlist offered it
 * to). */
const CONFLICT_LABELS: Record<string, MessageKey> = {
  blackout: "calendar.blackout",
  reservation: "book.conflictBooking",
  waitlist_hold: "book.conflictWaitlistHold",
};

export interface ConflictViewOptions {
  report: ConflictReport;
  requestedAsset: number;
  zoneOf: (asset: number) => string;
  /** The action of an alternative's button ("Book this", "Move here"); null leaves the alternative as a link. */
  actionLabel: (choice: AlternativeChoice) => string | null;
  /** Take an alternative; a rejection is shown in the view. */
  onChoose: (choice: AlternativeChoice) => Promise<void>;
  /** A link for alternatives without an action (another asset for a move). */
  linkFor?: (choice: AlternativeChoice) => string;
  /** Extra content under the alternatives (e.g. "Request anyway"). */
  extra?: HTMLElement | null;
  testid?: string;
}

export function conflictView(options: ConflictViewOptions): HTMLElement {
  const { report, requestedAsset, zoneOf } = options;
  const choices = alternativeChoices(report.alternatives, requestedAsset, zoneOf);
  const altError = h("div", {
    class: "alert alert--error",
    role: "alert",
    "data-testid": "alternative-error",
    hidden: true,
  });
  const buttons: HTMLButtonElement[] = [];
  const items = choices.map((choice) => {
    const label = options.actionLabel(choice);
    const body = [
      h(
        "span",
        { class: "alt__asset" },
        choice.assetName,
        choice.needsApproval ? h("span", { class: "chip chip--warn" }, t("book.needsApproval")) : null,
      ),
      h("span", { class: "alt__when" }, choice.when),
      h("span", { class: "alt__price" }, choice.price),
    ];
    if (label === null) {
      return h(
        "li",
        null,
        h(
          "a",
          {
            class: "alt",
            href: options.linkFor?.(choice) ?? "#/book",
            "data-testid": "alternative",
            "data-asset": choice.asset,
          },
          body,
          h("span", { class: "alt__cta" }, t("conflict.bookInstead")),
        ),
      );
    }
    const button: HTMLButtonElement = h(
      "button",
      {
        type: "button",
        class: "alt",
        "data-testid": "alternative",
        "data-asset": choice.asset,
        onClick: async () => {
          buttons.forEach((b) => (b.disabled = true));
          button.classList.add("is-loading");
          altError.hidden = true;
          try {
            await options.onChoose(choice);
          } catch (error) {
            altError.textContent = errorText(error);
            altError.hidden = false;
            buttons.forEach((b) => (b.disabled = false));
            button.classList.remove("is-loading");
          }
        },
      },
      body,
      h("span", { class: "alt__cta" }, h("span", { class: "spinner spinner--dark", "aria-hidden": "true" }), label),
    );
    buttons.push(button);
    return h("li", null, button);
  });
  const zone = zoneOf(requestedAsset);
  return h(
    "section",
    { class: "card result-card result-card--conflict", "data-testid": options.testid ?? "conflict", role: "alert" },
    h("h2", { class: "card__title", tabindex: "-1" }, t("book.conflictTitle")),
    h("p", null, report.detail),
    report.conflicts.length
      ? h(
          "ul",
          { class: "plain-list conflicts" },
          report.conflicts.map((c) =>
            h(
              "li",
              null,
              `${t(CONFLICT_LABELS[c.kind] ?? "book.conflictBooking")}: ${formatRange(c.start, c.end, zone)}`,
            ),
          ),
        )
      : null,
    choices.length
      ? h("h3", { class: "card__subtitle" }, t("book.alternativesTitle"))
      : h("p", { class: "muted" }, t("book.noAlternatives")),
    h("ul", { class: "alts" }, items),
    altError,
    options.extra ?? null,
  );
}
