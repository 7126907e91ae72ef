// A rating and its answer: the scores picked as two rows of five radio buttons, the comment, the answer from the
// managers, and the forms to rate, change a rating and answer one. The server judges who may do what.

import { apiPatch, apiPost } from "../api";
import { h } from "../dom";
import { formatMoment } from "../format";
import { t } from "../i18n";
import type { components } from "../openapi";
import { busyButton, errorText } from "../ui";
import "../messages/ratings"; // this area's strings
import "./ratings.css";

export type Rating = components["schemas"]["Rating"];
export type ToRate = components["schemas"]["ToRate"];

const SCORES = [1, 2, 3, 4, 5];

/** Five radio buttons under a legend; the value picked, or null. */
function scoreGroup(name: string, legend: string, picked: number | null) {
  const element = h(
    "fieldset",
    { class: "rating-scores", "data-testid": `score-${name}` },
    h("legend", { class: "field__label" }, legend),
    h(
      "div",
      { class: "rating-scores__options" },
      SCORES.map((score) =>
        h(
          "label",
          { class: "rating-scores__option" },
          h("input", {
            type: "radio",
            name: `rating-${name}`,
            value: score,
            checked: score === picked,
            "data-testid": `score-${name}-${score}`,
          }),
          h("span", { "aria-hidden": "true" }, String(score)),
          h("span", { class: "visually-hidden" }, t("ratings.score", { score })),
        ),
      ),
    ),
  );
  const value = () => Number(element.querySelector<HTMLInputElement>("input:checked")?.value) || null;
  return { element, value };
}

/** The form that rates booking `reservation` (or changes `rating`); `done` gets the saved rating. */
export function ratingForm(options: {
  reservation: number;
  rating?: Rating;
  done: (rating: Rating) => void;
  cancel?: () => void;
}): HTMLElement {
  const { reservation, rating, done, cancel } = options;
  const asset = scoreGroup("asset", t("ratings.asset"), rating?.asset_score ?? null);
  const service = scoreGroup("service", t("ratings.service"), rating?.service_score ?? null);
  const comment = h("textarea", {
    id: "rating-comment",
    class: "input",
    rows: 3,
    maxlength: 2000,
    "data-testid": "rating-comment",
  });
  comment.value = rating?.comment ?? "";
  const error = h("p", { class: "field__error", role: "alert", hidden: true, "data-testid": "rating-error" });
  const send = busyButton(
    t(rating ? "ratings.save" : "ratings.send"),
    { class: "btn btn--primary", "data-testid": "rating-send" },
    async () => {
      error.hidden = true;
      const scores = { asset_score: asset.value(), service_score: service.value() };
      if (!scores.asset_score || !scores.service_score) {
        error.textContent = t("ratings.pickScores");
        error.hidden = false;
        return;
      }
      const body = { ...scores, comment: comment.value };
      try {
        done(
          rating
            ? await apiPatch<Rating>(`/ratings/${rating.id}/`, body)
            : await apiPost<Rating>("/ratings/", { reservation, ...body }),
        );
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    },
  );
  return h(
    "div",
    { class: "stack", "data-testid": "rating-form" },
    h("div", { class: "rating-form__scores" }, asset.element, service.element),
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: "rating-comment" }, t("ratings.comment")),
      comment,
    ),
    error,
    h(
      "div",
      { class: "actions" },
      send,
      cancel
        ? h("button", { type: "button", class: "btn btn--ghost", onClick: cancel }, t("ratings.cancelEdit"))
        : null,
    ),
  );
}

/** The scores as text, e.g. "The asset: 4 of 5 · The service: 5 of 5". */
function scoresLine(rating: Rating): HTMLElement {
  const part = (label: string, score: number, testid: string) =>
    h(
      "span",
      { class: "rating-line__part" },
      `${label}: `,
      h("strong", { "data-testid": testid }, t("ratings.score", { score })),
    );
  return h(
    "p",
    { class: "rating-line" },
    part(t("ratings.asset"), rating.asset_score, "rating-asset"),
    part(t("ratings.service"), rating.service_score, "rating-service"),
  );
}

/** The managers' answer to a rating, or a form to give it (once). */
function answerPart(rating: Rating, changed: (rating: Rating) => void): HTMLElement | null {
  if (rating.answered_at) {
    return h(
      "div",
      { class: "rating-answer", "data-testid": "rating-answer" },
      h("p", { class: "strong" }, t("ratings.answer")),
      h("p", { class: "rating-text", "data-testid": "rating-answer-text" }, rating.answer),
      h(
        "p",
        { class: "muted small" },
        t("ratings.answeredBy", {
          name: rating.answered_by?.name || rating.answered_by?.username || "—",
          moment: formatMoment(rating.answered_at),
        }),
      ),
    );
  }
  if (!rating.can_answer)
    return h("p", { class: "muted small", "data-testid": "rating-unanswered" }, t("ratings.noAnswer"));
  const id = `rating-answer-${rating.id}`;
  const text = h("textarea", { id, class: "input", rows: 2, maxlength: 2000, "data-testid": "answer-text" });
  const error = h("p", { class: "field__error", role: "alert", hidden: true, "data-testid": "answer-error" });
  return h(
    "div",
    { class: "stack" },
    h("div", { class: "field" }, h("label", { class: "field__label", for: id }, t("ratings.answerLabel")), text),
    error,
    h(
      "div",
      { class: "actions" },
      busyButton(t("ratings.answerSend"), { class: "btn btn--primary", "data-testid": "answer-send" }, async () => {
        error.hidden = true;
        if (!text.value.trim()) {
          error.textContent = t("ratings.answerRequired");
          error.hidden = false;
          return;
        }
        try {
          changed(await apiPost<Rating>(`/ratings/${rating.id}/answer/`, { answer: text.value }));
        } catch (err) {
          error.textContent = errorText(err);
          error.hidden = false;
        }
      }),
    ),
  );
}

/** A rating as its rater and the asset's managers see it, with what each may do now. */
export function ratingView(initial: Rating, options: { showWho?: boolean; flash?: string } = {}): HTMLElement {
  const root = h("div", { class: "stack rating", "data-testid": "rating", "data-rating": initial.id });
  const render = (rating: Rating, flash?: string) => {
    const edit = rating.can_edit
      ? h(
          "button",
          {
            type: "button",
            class: "btn btn--ghost",
            "data-testid": "rating-edit",
            onClick: () =>
              root.replaceChildren(
                ratingForm({
                  reservation: rating.reservation,
                  rating,
                  done: (saved) => render(saved, t("ratings.saved")),
                  cancel: () => render(rating),
                }),
              ),
          },
          t("ratings.edit"),
        )
      : null;
    root.replaceChildren(
      ...[
        flash ? h("div", { class: "alert alert--ok", role: "status", "data-testid": "rating-saved" }, flash) : null,
        options.showWho
          ? h(
              "p",
              { class: "muted small" },
              t("ratings.by", {
                name: rating.rated_by.name || rating.rated_by.username,
                member: rating.member_name,
                moment: formatMoment(rating.rated_at),
              }),
            )
          : null,
        scoresLine(rating),
        rating.comment ? h("p", { class: "rating-text", "data-testid": "rating-comment-text" }, rating.comment) : null,
        answerPart(rating, (answered) => render(answered)),
        edit
          ? h(
              "p",
              { class: "muted small" },
              t("ratings.editableUntil", { moment: formatMoment(rating.editable_until) }),
            )
          : null,
        edit ? h("div", { class: "actions" }, edit) : null,
      ].filter((node): node is HTMLElement => node !== null),
    );
  };
  render(initial, options.flash);
  return root;
}
