// Closures and maintenance of one asset, for its managers: the closures to come (each can be reopened) and a
// form for a new one. Before anything is closed the bookings the period takes are listed; for each the manager
// picks one of the offered free slots or cancels it without fee, and the whole closure is sent as one request
// (all or nothing). The holders of those bookings are told by e-mail.

import { ApiError, apiDelete, apiGet, apiPost } from "../api";
import { h, type Child } from "../dom";
import { formatMoney, formatRange, userZone, zoneLabel } from "../format";
import { t, tn } from "../i18n";
import type { components } from "../openapi";
import { toZonedIso, wallClock, zonedToInstant } from "../tz";
import { busyButton, dateSaid, errorBox, errorText } from "../ui";
import type { Asset } from "../types";
import "../messages/closures"; // this area's strings

type Schemas = components["schemas"];
export type Blackout = Schemas["Blackout"];
type ClosureBooking = Schemas["ClosureBooking"];
type ClosurePreview = Schemas["ClosurePreview"];
type Decision = Schemas["ClosureDecisionRequest"];

export interface ClosuresContext {
  /** A period to propose (instants with offset), e.g. one drawn on the calendar. */
  start?: string;
  end?: string;
  /** The time zone of another asset an alternative is on (defaults to this asset's). */
  zoneOf?: (asset: number) => string;
  /** Called after a closure is made or reopened. */
  onChange?: () => void;
  /** Inside another card (the calendar's): drawn without a card of its own. */
  embedded?: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/** The section for one asset; `context.start`/`end` fill the form and check the period at once. */
export function renderClosures(
  asset: Pick<Asset, "id" | "name" | "timezone">,
  context: ClosuresContext = {},
): HTMLElement {
  const zone = asset.timezone;
  const zoneOf = context.zoneOf ?? (() => zone);
  const prefix = `closure-${asset.id}`;
  const list = h("div", { "aria-live": "polite", "data-testid": "closures-list" });
  const outcome = h("div", { "aria-live": "polite", "data-testid": "closure-outcome" });
  const decisionsSlot = h("div", { "data-testid": "closure-bookings" });

  // --- The form: from, to, reason ------------------------------------------------------------------------------
  const today = wallClock(new Date(), zone).date;
  const from = context.start ? wallClock(context.start, zone) : { date: today, time: "09:00" };
  const to = context.end ? wallClock(context.end, zone) : { date: today, time: "13:00" };
  const input = (name: string, type: string, value: string) =>
    h("input", {
      id: `${prefix}-${name}`,
      class: "input",
      type,
      value,
      required: true,
      "aria-errormessage": `${prefix}-${name.split("-")[0]}-error`,
      "data-testid": `closure-${name}`,
    });
  const fromDate = input("start-date", "date", from.date);
  const fromTime = input("start-time", "time", from.time);
  const toDate = input("end-date", "date", to.date);
  const toTime = input("end-time", "time", to.time);
  const reason = h("input", {
    id: `${prefix}-reason`,
    class: "input",
    maxlength: "200",
    placeholder: t("closures.reasonPlaceholder"),
    "aria-errormessage": `${prefix}-reason-error`,
    "data-testid": "closure-reason",
  });
  const errorLine = (name: string) =>
    h("p", {
      class: "field__error",
      id: `${prefix}-${name}-error`,
      "data-testid": `closure-${name}-error`,
      hidden: true,
    });
  const errors = { start: errorLine("start"), end: errorLine("end"), reason: errorLine("reason") };
  const controls = { start: [fromDate, fromTime], end: [toDate, toTime], reason: [reason] };
  const showErrors = (messages: Partial<Record<keyof typeof errors, string>>) => {
    for (const name of Object.keys(errors) as (keyof typeof errors)[]) {
      errors[name].textContent = messages[name] ?? "";
      errors[name].hidden = !messages[name];
      for (const control of controls[name]) control.setAttribute("aria-invalid", messages[name] ? "true" : "false");
    }
  };

  /** The period as instants, or the field errors that keep it from being one. */
  const readPeriod = (): { start: string; end: string } | null => {
    const problems: Partial<Record<keyof typeof errors, string>> = {};
    if (!DAY.test(fromDate.value) || !TIME.test(fromTime.value)) problems.start = t("closures.needStart");
    if (!DAY.test(toDate.value) || !TIME.test(toTime.value)) problems.end = t("closures.needEnd");
    let period: { start: string; end: string } | null = null;
    if (!problems.start && !problems.end) {
      const start = zonedToInstant(fromDate.value, fromTime.value, zone);
      const end = zonedToInstant(toDate.value, toTime.value, zone);
      if (end <= start) problems.end = t("closures.endBeforeStart");
      else period = { start: toZonedIso(start, zone), end: toZonedIso(end, zone) };
    }
    showErrors(problems);
    return period;
  };

  /** Field errors from the API next to their fields; anything else as one alert. */
  const showRefusal = (error: unknown) => {
    if (error instanceof ApiError && error.status === 400) {
      const fields = {
        start: error.field("start")[0],
        end: error.field("end")[0],
        reason: error.field("reason")[0],
      };
      if (fields.start || fields.end || fields.reason) return showErrors(fields);
    }
    outcome.replaceChildren(errorBox(error, "closure-error"));
  };

  // --- The bookings in the period, one decision each -----------------------------------------------------------
  let shown: { period: { start: string; end: string }; read: () => Decision[] } | null = null;

  const bookingChoice = (booking: ClosureBooking, index: number): { element: HTMLElement; read: () => Decision } => {
    const name = `${prefix}-decision-${booking.reservation}`;
    const radio = (value: string, checked: boolean, label: Child[], testid: string) => {
      const id = `${name}-${value}`;
      return h(
        "label",
        { class: "check closure-choice", for: id },
        h("input", { type: "radio", id, name, value, checked, "data-testid": testid }),
        h("span", null, label),
      );
    };
    const alternatives = booking.alternatives.map((alternative, i) =>
      radio(
        String(i),
        i === 0,
        [
          h(
            "span",
            null,
            t("closures.moveTo", { when: formatRange(alternative.start, alternative.end, zoneOf(alternative.asset)) }),
          ),
          alternative.asset !== asset.id ? h("span", { class: "muted" }, ` · ${alternative.asset_name}`) : "",
          alternative.price ? h("span", { class: "muted" }, ` · ${formatMoney(alternative.price)}`) : "",
        ],
        "closure-move",
      ),
    );
    const cancel = radio(
      "cancel",
      alternatives.length === 0,
      [h("span", null, t("closures.cancelFree"))],
      "closure-cancel",
    );
    const element = h(
      "fieldset",
      { class: "fieldset closure-booking", "data-testid": "closure-booking", "data-reservation": booking.reservation },
      h("legend", { class: "field__label" }, t("closures.bookingLegend", { n: index + 1, title: booking.title })),
      h(
        "p",
        { class: "muted small" },
        `${booking.member} · ${booking.booked_by} · ${formatRange(booking.start, booking.end, zone)}`,
      ),
      alternatives.length ? null : h("p", { class: "small" }, t("closures.noAlternatives")),
      alternatives,
      cancel,
    );
    const read = (): Decision => {
      const picked = element.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? "cancel";
      const alternative = picked === "cancel" ? undefined : booking.alternatives[Number(picked)];
      if (!alternative) return { reservation: booking.reservation, action: "cancel" };
      return {
        reservation: booking.reservation,
        action: "move",
        start: alternative.start,
        end: alternative.end,
        asset: alternative.asset !== asset.id ? alternative.asset : undefined,
      };
    };
    return { element, read };
  };

  const showBookings = (period: { start: string; end: string }, bookings: ClosureBooking[], note?: HTMLElement) => {
    const choices = bookings.map(bookingChoice);
    shown = { period, read: () => choices.map((choice) => choice.read()) };
    const confirm = busyButton(
      bookings.length ? t("closures.confirmWithDecisions") : t("closures.confirm", { asset: asset.name }),
      { class: "btn btn--primary", "data-testid": "closure-confirm" },
      send,
    );
    decisionsSlot.replaceChildren(
      h(
        "div",
        { class: "stack" },
        note ?? null,
        h(
          "p",
          { "data-testid": "closure-summary" },
          bookings.length
            ? tn("closures.bookingsFound", bookings.length, { when: formatRange(period.start, period.end, zone) })
            : t("closures.noBookings", { when: formatRange(period.start, period.end, zone) }),
        ),
        choices.map((choice) => choice.element),
        bookings.length ? h("p", { class: "muted small" }, t("closures.holdersTold")) : null,
        h("div", { class: "actions" }, confirm),
      ),
    );
    decisionsSlot.querySelector<HTMLElement>("p")?.focus();
  };

  const check = async () => {
    outcome.replaceChildren();
    decisionsSlot.replaceChildren();
    shown = null;
    const period = readPeriod();
    if (!period) return;
    try {
      const preview = await apiPost<ClosurePreview>(`/assets/${asset.id}/blackouts/preview/`, {
        ...period,
        reason: reason.value.trim(),
      });
      showBookings(period, preview.bookings);
    } catch (error) {
      showRefusal(error);
    }
  };

  async function send(): Promise<void> {
    if (!shown) return;
    outcome.replaceChildren();
    const { period } = shown;
    const decisions = shown.read();
    try {
      await apiPost<Blackout>(`/assets/${asset.id}/blackouts/`, { ...period, reason: reason.value.trim(), decisions });
      decisionsSlot.replaceChildren();
      shown = null;
      const moved = decisions.filter((d) => d.action === "move").length;
      const cancelled = decisions.length - moved;
      outcome.replaceChildren(
        h(
          "p",
          { class: "alert alert--ok", role: "status", tabindex: "-1", "data-testid": "closure-done" },
          t("closures.done", { asset: asset.name, when: formatRange(period.start, period.end, zone) }),
          decisions.length ? ` ${t("closures.doneDecisions", { moved, cancelled })}` : "",
        ),
      );
      outcome.querySelector<HTMLElement>("p")?.focus();
      void loadList();
      context.onChange?.();
    } catch (error) {
      const body = error instanceof ApiError ? (error.body as { bookings?: ClosureBooking[] } | undefined) : undefined;
      if (error instanceof ApiError && error.code === "decisions_required" && body?.bookings) {
        // Someone booked the period meanwhile: decide about the new bookings too.
        const fresh = await apiPost<ClosurePreview>(`/assets/${asset.id}/blackouts/preview/`, period).catch(() => null);
        showBookings(period, fresh?.bookings ?? body.bookings, noteBox(t("closures.newBookings")));
        return;
      }
      if (error instanceof ApiError && error.code === "alternative_taken") {
        const fresh = await apiPost<ClosurePreview>(`/assets/${asset.id}/blackouts/preview/`, period).catch(() => null);
        if (fresh) showBookings(period, fresh.bookings, noteBox(`${error.message} ${t("closures.pickAgain")}`));
        else outcome.replaceChildren(errorBox(error, "closure-error"));
        return;
      }
      showRefusal(error);
    }
  }

  // --- The closures to come ----------------------------------------------------------------------------------------
  async function loadList(): Promise<void> {
    try {
      const all = await apiGet<Blackout[]>(`/assets/${asset.id}/blackouts/`);
      const now = new Date();
      const coming = all.filter((b) => new Date(b.end) > now).sort((a, b) => a.start.localeCompare(b.start));
      list.replaceChildren(
        coming.length
          ? h(
              "ul",
              { class: "history" },
              coming.map((blackout) =>
                h(
                  "li",
                  { class: "history__item inline-fields", "data-testid": "closure-item" },
                  h(
                    "span",
                    null,
                    h("strong", null, formatRange(blackout.start, blackout.end, zone)),
                    blackout.reason ? h("span", { class: "muted" }, ` · ${blackout.reason}`) : "",
                  ),
                  busyButton(
                    t("closures.reopen"),
                    {
                      class: "btn btn--ghost btn--small",
                      "aria-label": t("closures.reopenLabel", {
                        when: formatRange(blackout.start, blackout.end, zone),
                      }),
                      "data-testid": "closure-reopen",
                    },
                    async () => {
                      try {
                        await apiDelete(`/blackouts/${blackout.id}/`);
                        await loadList();
                        context.onChange?.();
                      } catch (error) {
                        list.append(h("p", { class: "field__error", role: "alert" }, errorText(error)));
                      }
                    },
                  ),
                ),
              ),
            )
          : h("p", { class: "muted" }, t("closures.none")),
      );
    } catch (error) {
      list.replaceChildren(errorBox(error, "closures-list-error"));
    }
  }

  const titleId = `${prefix}-title`;
  const field = (label: string, forId: string, ...children: (HTMLElement | null)[]) =>
    h("div", { class: "field" }, h("label", { class: "field__label", for: forId }, label), children);
  const section = h(
    "section",
    { class: context.embedded ? "stack pad" : "card stack", "aria-labelledby": titleId, "data-testid": "closures" },
    h("h2", { class: "card__title", id: titleId }, t("closures.sectionTitle", { asset: asset.name })),
    h("p", { class: "muted small" }, t("closures.intro")),
    h("h3", { class: "card__subtitle" }, t("closures.coming")),
    list,
    h("h3", { class: "card__subtitle" }, t("closures.new")),
    zone !== userZone() ? h("p", { class: "muted small" }, t("closures.zone", { zone: zoneLabel(zone) })) : null,
    h(
      "div",
      { class: "row2" },
      field(t("closures.fromDate"), fromDate.id, fromDate, dateSaid(fromDate)),
      field(t("closures.fromTime"), fromTime.id, fromTime),
    ),
    errors.start,
    h(
      "div",
      { class: "row2" },
      field(t("closures.toDate"), toDate.id, toDate, dateSaid(toDate)),
      field(t("closures.toTime"), toTime.id, toTime),
    ),
    errors.end,
    field(t("closures.reason"), reason.id, reason, errors.reason),
    h(
      "div",
      { class: "actions" },
      busyButton(t("closures.check"), { class: "btn btn--ghost", "data-testid": "closure-check" }, check),
    ),
    decisionsSlot,
    outcome,
  );
  void loadList();
  if (context.start && context.end) queueMicrotask(() => void check());
  return section;
}

function noteBox(text: string): HTMLElement {
  return h("p", { class: "alert alert--warn", role: "alert", "data-testid": "closure-note" }, text);
}
