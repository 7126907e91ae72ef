// My waitlist (/waitlist): the periods the person's companies wait for, in the order they joined. An offered
// period shows until when it is held for them (with the minutes left) and Book it; waiting or offered entries
// can be withdrawn. Booking goes through the API's accept: every rule, quota and price of a normal booking.

import { apiGet, apiPost } from "../api";
import { h } from "../dom";
import { formatMoment, formatRange } from "../format";
import { t, tn, type MessageKey } from "../i18n";
import { onLeave } from "../lifecycle";
import type { components } from "../openapi";
import { reservationPath } from "../router";
import type { Paginated } from "../types";
import { busyButton, empty, errorBox, fill, pageTitle } from "../ui";
import "../messages/waitlist"; // this area's strings

type Entry = components["schemas"]["WaitlistEntry"];

// The colour of each state's badge, from the reservation ones.
const BADGE: Record<Entry["state"], string> = {
  waiting: "pending",
  offered: "approved",
  booked: "completed",
  passed: "cancelled",
  expired: "cancelled",
  withdrawn: "cancelled",
};

function minutesLeft(until: string): number {
  return Math.max(0, Math.ceil((new Date(until).getTime() - Date.now()) / 60000));
}

/** "Held for you until …" and a countdown the page's timer refreshes. */
function holdLine(entry: Entry, ticks: (() => void)[]): HTMLElement | null {
  if (entry.state !== "offered" || !entry.hold_until) return null;
  const until = entry.hold_until;
  const left = h("span", { "data-testid": "waitlist-left" });
  const tick = () => {
    const minutes = minutesLeft(until);
    left.textContent = minutes > 0 ? ` (${tn("waitlist.minutesLeft", minutes)})` : ` ${t("waitlist.lapsed")}`;
  };
  tick();
  ticks.push(tick);
  return h(
    "p",
    { class: "small", "data-testid": "waitlist-hold" },
    h("strong", null, t("waitlist.heldUntil", { when: formatMoment(until) })),
    left,
  );
}

function entryCard(entry: Entry, reload: () => void, ticks: (() => void)[]): HTMLElement {
  const when = formatRange(entry.start, entry.end, entry.timezone);
  const outcome = h("div", { "aria-live": "polite" });
  const act = async (action: "accept" | "withdraw") => {
    outcome.replaceChildren();
    try {
      await apiPost(`/waitlist/${entry.id}/${action}/`, {});
      reload();
    } catch (error) {
      outcome.replaceChildren(errorBox(error, "waitlist-error"));
    }
  };
  const open = entry.state === "waiting" || entry.state === "offered";
  return h(
    "article",
    { class: "card stack", "data-testid": "waitlist-entry", "data-id": String(entry.id), "data-state": entry.state },
    h(
      "div",
      { class: "incident__head" },
      h("h2", { class: "card__title" }, entry.asset_name),
      h(
        "span",
        { class: `status-badge status-badge--${BADGE[entry.state]}`, "data-testid": "waitlist-state" },
        t(`waitlist.state.${entry.state}` as MessageKey),
      ),
    ),
    h("p", null, when, entry.title ? ` · ${entry.title}` : ""),
    h(
      "p",
      { class: "muted small" },
      t("waitlist.for", { member: entry.member_name }),
      " · ",
      t("waitlist.joinedAt", { when: formatMoment(entry.joined_at) }),
    ),
    holdLine(entry, ticks),
    entry.reservation
      ? h(
          "p",
          null,
          h(
            "a",
            { href: `#${reservationPath(entry.reservation)}`, "data-testid": "waitlist-booking" },
            t("waitlist.booked"),
          ),
        )
      : null,
    open
      ? h(
          "div",
          { class: "actions" },
          entry.state === "offered"
            ? busyButton(
                t("waitlist.accept"),
                {
                  class: "btn btn--primary",
                  "data-testid": "waitlist-accept",
                  "aria-label": t("waitlist.acceptLabel", { asset: entry.asset_name, when }),
                },
                () => act("accept"),
              )
            : null,
          busyButton(
            t("waitlist.withdraw"),
            {
              class: "btn btn--ghost",
              "data-testid": "waitlist-withdraw",
              "aria-label": t("waitlist.withdrawLabel", { asset: entry.asset_name, when }),
            },
            () => act("withdraw"),
          ),
        )
      : null,
    outcome,
  );
}

export function renderWaitlistPage(): HTMLElement {
  document.title = t("waitlist.docTitle");
  const list = h("div", { class: "stack", "data-testid": "waitlist" });
  let ticks: (() => void)[] = [];
  const timer = window.setInterval(() => ticks.forEach((tick) => tick()), 30_000);
  onLeave(() => window.clearInterval(timer));
  const load = () =>
    fill(
      list,
      () => apiGet<Paginated<Entry>>("/waitlist/?page_size=200"),
      (page) => {
        ticks = [];
        return page.results.length
          ? page.results.map((entry) => entryCard(entry, () => void load(), ticks))
          : empty(t("waitlist.none"), t("waitlist.noneBody"));
      },
    );
  void load();
  return h("div", { class: "stack" }, pageTitle(t("waitlist.title"), t("waitlist.subtitle")), list);
}
