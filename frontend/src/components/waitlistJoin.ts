// "Join the waitlist" under a conflict on the Book page: wait for the period asked for; when it is freed the
// person gets an e-mail and the period is held for them (the My waitlist page books it).

import { apiPost } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { busyButton, errorBox } from "../ui";
import "../messages/waitlist"; // this area's strings

export interface WaitlistRequest {
  asset: number;
  start: string;
  end: string;
  title: string;
  member?: number;
}

export function waitlistJoin(request: WaitlistRequest): HTMLElement {
  const outcome = h("div", { "aria-live": "polite" });
  const button = busyButton(
    t("waitlist.join"),
    { class: "btn btn--ghost", "data-testid": "waitlist-join" },
    async () => {
      outcome.replaceChildren();
      try {
        await apiPost("/waitlist/", request);
        button.hidden = true;
        outcome.replaceChildren(
          h(
            "p",
            { class: "alert alert--ok", "data-testid": "waitlist-joined" },
            t("waitlist.joined"),
            " ",
            h("a", { href: "#/waitlist" }, t("waitlist.seeList")),
          ),
        );
      } catch (error) {
        outcome.replaceChildren(errorBox(error, "waitlist-join-error"));
      }
    },
  );
  return h("div", { class: "compete" }, h("p", { class: "muted small" }, t("waitlist.joinHelp")), button, outcome);
}
