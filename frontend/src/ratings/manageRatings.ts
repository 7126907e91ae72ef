// Manage: the ratings of the asset picked, newest first, each with its answer or the form to give it.

import { getAll } from "../catalog";
import { h } from "../dom";
import { t } from "../i18n";
import { section } from "../manage/fields";
import { fill } from "../ui";
import { ratingView, type Rating } from "./form";

export function ratingsPanel(assetId: number): HTMLElement {
  const list = h("div", { class: "stack", "data-testid": "ratings-list" });
  const unanswered = h("input", { type: "checkbox", id: "ratings-unanswered", "data-testid": "ratings-unanswered" });
  const load = () =>
    fill(
      list,
      () => getAll<Rating>(`/ratings/?asset=${assetId}${unanswered.checked ? "&answered=false" : ""}&page_size=100`),
      (ratings) =>
        ratings.length
          ? h(
              "ul",
              { class: "rating-list" },
              ratings.map((rating) => h("li", null, ratingView(rating, { showWho: true }))),
            )
          : h("p", { class: "muted", "data-testid": "ratings-none" }, t("ratings.none")),
    );
  unanswered.addEventListener("change", () => void load());
  void load();
  return section(
    "manage-ratings",
    t("ratings.manageTitle"),
    h("p", { class: "muted small" }, t("ratings.manageIntro")),
    h("label", { class: "check", for: "ratings-unanswered" }, unanswered, h("span", null, t("ratings.unansweredOnly"))),
    list,
  );
}
