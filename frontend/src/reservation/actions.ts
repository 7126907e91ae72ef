// What can be done to a booking from its page: edit (title, notes, times, with the new price before
// saving), re-split the cost, cancel with the fee stated, and for managers approve, reject, no-show.

import { apiPatch, apiPost } from "../api";
import { draftInterval, moveBody, readConflict, readRefusal, validateDraft, type BookingDraft } from "../booking";
import { fieldErrorNodes, showFieldErrors } from "../book/fieldErrors";
import { quoteBox } from "../book/quote";
import { splitFieldset } from "../book/split";
import { whenFields, type When } from "../book/when";
import type { Catalog } from "../catalog";
import { conflictView } from "../components/conflictView";
import { h } from "../dom";
import { formatMoney, isWholeDays } from "../format";
import { t } from "../i18n";
import { addDays, wallClock } from "../tz";
import { busyButton, errorBox, errorText } from "../ui";
import type { Asset, Reservation } from "../types";

/** The reservation's period as the form's "when". */
export function whenOf(reservation: Pick<Reservation, "start" | "end">, zone: string): When {
  const from = wallClock(reservation.start, zone);
  const to = wallClock(reservation.end, zone);
  const whole = isWholeDays(reservation.start, reservation.end, zone);
  return {
    date: from.date,
    start: from.time,
    endDate: whole ? addDays(to.date, -1) : to.date,
    end: to.time,
    wholeDays: whole,
  };
}

function refusalBox(error: unknown): HTMLElement {
  const refusal = readRefusal(error);
  if (!refusal) return errorBox(error, "edit-error");
  return h(
    "div",
    { class: "alert alert--error", role: "alert", "data-testid": "edit-error" },
    refusal.detail,
    refusal.fee ? h("strong", { "data-testid": "edit-fee" }, ` ${t("move.fee")} ${formatMoney(refusal.fee)}`) : null,
  );
}

/**
 * Title, notes and times, priced before saving (for `pricedFor`, the booking's company when it is the
 * person's own; a manager sees the standard price); a conflict offers the alternatives on the same asset.
 */
export function editPanel(
  reservation: Reservation,
  asset: Asset,
  catalog: Catalog,
  pricedFor: number | null,
  done: () => void,
): HTMLElement {
  const errors = fieldErrorNodes();
  const title = h("input", {
    id: "edit-title",
    class: "input",
    maxlength: "200",
    value: reservation.title,
    "data-testid": "edit-title",
  });
  const notes = h(
    "textarea",
    { id: "edit-notes", class: "input", rows: "2", maxlength: "4000", "data-testid": "edit-notes" },
    reservation.notes,
  );
  const price = quoteBox();
  const outcome = h("div", { "aria-live": "polite" });
  const original = whenOf(reservation, asset.timezone);
  const draft = (): BookingDraft => {
    const w = when.read();
    return {
      asset: asset.id,
      member: pricedFor,
      date: w.date,
      start: w.start,
      end: w.end,
      endDate: w.endDate || undefined,
      wholeDays: w.wholeDays,
      title: title.value,
      notes: notes.value,
    };
  };
  const when = whenFields(original, errors, () => price.refresh(asset, draft()));
  when.setAsset(asset);

  const send = async (body: Record<string, string | number>) => {
    await apiPatch<Reservation>(`/reservations/${reservation.id}/`, body);
    done();
  };
  const save = async () => {
    outcome.replaceChildren();
    const d = draft();
    const problems = validateDraft(d, asset, new Date(0));
    showFieldErrors(errors, problems);
    if (Object.keys(problems).length) return;
    const { start, end } = draftInterval(d, asset);
    const moved =
      new Date(start).getTime() !== new Date(reservation.start).getTime() ||
      new Date(end).getTime() !== new Date(reservation.end).getTime();
    const body: Record<string, string> = { title: title.value.trim(), notes: notes.value };
    if (moved) Object.assign(body, { start, end });
    try {
      await send(body);
    } catch (error) {
      const conflict = readConflict(error);
      outcome.replaceChildren(
        conflict
          ? conflictView({
              report: conflict,
              requestedAsset: asset.id,
              zoneOf: catalog.zoneOf,
              testid: "edit-conflict",
              actionLabel: () => t("move.moveHere"),
              onChoose: (choice) => send(moveBody(choice)),
            })
          : refusalBox(error),
      );
    }
  };
  price.refresh(asset, draft());
  return h(
    "div",
    { class: "stack edit-panel", "data-testid": "edit-panel" },
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: title.id }, t("book.titleLabel")),
      title,
      errors.title,
    ),
    when.element,
    h("div", { class: "field" }, h("label", { class: "field__label", for: notes.id }, t("book.notes")), notes),
    h(
      "div",
      { class: "edit-panel__price" },
      h("h3", { class: "card__subtitle" }, t("booking.newPrice")),
      price.element,
    ),
    h(
      "div",
      { class: "actions" },
      busyButton(t("booking.save"), { class: "btn btn--primary", "data-testid": "edit-save" }, save),
    ),
    outcome,
  );
}

/** The payers and their weights, starting from the current split. */
export function resplitPanel(
  reservation: Reservation,
  catalog: Catalog,
  shares: { member: { id: number }; weight: string }[],
  done: () => void,
): HTMLElement {
  const error = h("p", { class: "field__error", hidden: true });
  const split = splitFieldset(
    catalog,
    [reservation.member],
    error,
    shares.map((share) => ({ member: share.member.id, weight: share.weight })),
  );
  const outcome = h("div", { "aria-live": "polite" });
  return h(
    "div",
    { class: "stack", "data-testid": "resplit-panel" },
    split.element,
    h(
      "div",
      { class: "actions" },
      busyButton(t("booking.saveSplit"), { class: "btn btn--primary", "data-testid": "resplit-save" }, async () => {
        const note = await split.save(reservation);
        if (note.dataset.testid === "shares-result") done();
        else outcome.replaceChildren(note);
      }),
    ),
    outcome,
  );
}

/** Approve, reject (with a reason) and mark a no-show: the asset managers' decisions. */
export function managerActions(reservation: Reservation, done: () => void): HTMLElement | null {
  const error = h("div", { class: "field__error", role: "alert", hidden: true, "data-testid": "decide-error" });
  const act = (path: string, body?: unknown) => async () => {
    error.hidden = true;
    try {
      await apiPost(`/reservations/${reservation.id}/${path}/`, body);
      done();
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  if (reservation.status === "pending") {
    const reason = h("input", {
      class: "input",
      id: "decide-reason",
      maxlength: "500",
      placeholder: t("inbox.reasonPlaceholder"),
      "data-testid": "reject-reason",
    });
    return h(
      "div",
      { class: "stack" },
      h("div", { class: "field" }, h("label", { class: "field__label", for: reason.id }, t("inbox.reason")), reason),
      h(
        "div",
        { class: "actions" },
        busyButton(t("inbox.approve"), { class: "btn btn--primary", "data-testid": "approve" }, act("approve")),
        busyButton(t("inbox.reject"), { class: "btn btn--danger-ghost", "data-testid": "reject" }, async () =>
          act("reject", { reason: reason.value })(),
        ),
      ),
      error,
    );
  }
  if (reservation.status === "approved" && new Date(reservation.start) <= new Date()) {
    return h(
      "div",
      { class: "stack" },
      h(
        "div",
        { class: "actions" },
        busyButton(t("booking.noShow"), { class: "btn btn--danger-ghost", "data-testid": "no-show" }, act("no-show")),
      ),
      error,
    );
  }
  return null;
}
