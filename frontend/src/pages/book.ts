import { apiPost, apiPut } from "../api";
import {
  alternativeChoices,
  BOOKING_FIELDS,
  defaultEnd,
  draftInterval,
  durationLabel,
  mapApiError,
  readConflict,
  repeatRule,
  validateDraft,
  type BookingDraft,
  type BookingField,
  type ConflictReport,
  type FieldErrors,
  type RepeatKind,
} from "../booking";
import { loadCatalog, type Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoney, formatRange, zoneLabel } from "../format";
import { t } from "../i18n";
import { pathWithQuery, type Path } from "../router";
import { endTimes, startTimes, wallClock } from "../tz";
import { errorText, fill, isNotDeployed, pageTitle, statusBadge } from "../ui";
import type { Asset, Me, Occurrence, PayerShare, Quote, Reservation } from "../types";

export interface BookPageOptions {
  user: Me;
  query: URLSearchParams;
  navigate: (to: Path) => void;
}

export function renderBookPage(options: BookPageOptions): HTMLElement {
  document.title = t("book.docTitle");
  const body = h("div");
  void fill(body, loadCatalog, (catalog) => bookingForm(catalog, options));
  return h("div", { class: "stack" }, pageTitle(t("book.title"), t("book.subtitle")), body);
}

interface ShareRow {
  member: number;
  checkbox: HTMLInputElement;
  weight: HTMLInputElement;
}

function bookingForm(catalog: Catalog, { user, query, navigate }: BookPageOptions): HTMLElement {
  const requestedGroup = Number(query.get("group")) || null;
  const initialAsset =
    catalog.asset(Number(query.get("asset"))) ?? catalog.assets.find((a) => a.group === requestedGroup) ?? catalog.assets[0];
  const ownMembers = user.memberships.map((m) => m.member);

  // ---- inputs
  const assetSelect = h(
    "select",
    { id: "book-asset", name: "asset", class: "input", "data-testid": "book-asset" },
    catalog.groups.map((group) =>
      h(
        "optgroup",
        { label: group.name },
        catalog.assets.filter((a) => a.group === group.id).map((a) => h("option", { value: a.id, selected: a.id === initialAsset?.id }, a.name)),
      ),
    ),
    catalog.assets.filter((a) => !catalog.groups.some((g) => g.id === a.group)).map((a) => h("option", { value: a.id, selected: a.id === initialAsset?.id }, a.name)),
  );
  const memberSelect = h(
    "select",
    { id: "book-member", name: "member", class: "input", "data-testid": "book-member" },
    ownMembers.map((m) => h("option", { value: m.id }, m.name)),
  );
  const dateInput = h("input", { id: "book-date", name: "date", type: "date", class: "input", "data-testid": "book-date", value: query.get("date") ?? "" });
  const startSelect = h("select", { id: "book-start", name: "start", class: "input", "data-testid": "book-start" });
  const endSelect = h("select", { id: "book-end", name: "end", class: "input", "data-testid": "book-end" });
  const titleInput = h("input", { id: "book-title", name: "title", class: "input", maxlength: "200", "data-testid": "book-title", placeholder: t("book.titlePlaceholder") });
  const notesInput = h("textarea", { id: "book-notes", name: "notes", class: "input", rows: "2", maxlength: "4000", "data-testid": "book-notes" });

  const repeatSelect = h(
    "select",
    { id: "book-repeat", name: "repeat", class: "input", "data-testid": "book-repeat" },
    h("option", { value: "none" }, t("book.repeatNone")),
    h("option", { value: "weekly" }, t("book.repeatWeekly")),
    h("option", { value: "monthly" }, t("book.repeatMonthly")),
  );
  const countInput = h("input", { id: "book-count", type: "number", min: "2", max: "52", value: "4", class: "input input--narrow", "data-testid": "book-count" });
  const untilInput = h("input", { id: "book-until", type: "date", class: "input", "data-testid": "book-until" });
  const endsSelect = h(
    "select",
    { id: "book-ends", class: "input", "data-testid": "book-ends" },
    h("option", { value: "count" }, t("book.endsAfter")),
    h("option", { value: "until" }, t("book.endsOn")),
  );
  const skipConflicts = h("input", { id: "book-skip", type: "checkbox", checked: true, "data-testid": "book-skip" });
  const repeatDetails = h(
    "div",
    { class: "repeat-details" },
    h("div", { class: "inline-fields" }, endsSelect, countInput, h("span", { class: "muted repeat-times" }, t("book.times")), untilInput),
    h("label", { class: "check" }, skipConflicts, h("span", null, t("book.skipConflicts"))),
  );

  const splitToggle = h("input", { id: "book-split", type: "checkbox", "data-testid": "book-split" });
  const shareRows: ShareRow[] = [];
  const shareList = h(
    "ul",
    { class: "share-list" },
    catalog.members
      .filter((m) => !ownMembers.some((own) => own.id === m.id))
      .map((m) => {
        const checkbox = h("input", { type: "checkbox", "data-testid": `share-member-${m.id}`, "aria-label": m.name });
        const weight = h("input", { type: "number", min: "0.1", step: "0.1", value: "1", class: "input input--narrow", "aria-label": t("book.weightFor", { name: m.name }), "data-testid": `share-weight-${m.id}` });
        shareRows.push({ member: m.id, checkbox, weight });
        return h("li", { class: "share-list__item" }, h("label", { class: "check" }, checkbox, h("span", null, m.name)), weight);
      }),
  );
  const ownWeight = h("input", { type: "number", min: "0.1", step: "0.1", value: "1", class: "input input--narrow", "data-testid": "share-weight-own", "aria-label": t("book.ownWeight") });
  const splitDetails = h(
    "div",
    { class: "split-details" },
    h("p", { class: "muted small" }, t("book.splitHelp")),
    h("div", { class: "share-list__item share-list__item--own" }, h("span", null, t("book.ownShare")), ownWeight),
    shareList,
  );

  // ---- outputs
  const errors = {} as Record<BookingField, HTMLElement>;
  for (const field of BOOKING_FIELDS) errors[field] = h("p", { class: "field__error", id: `book-${field}-error`, "data-testid": `book-${field}-error`, hidden: true });
  const generalError = h("div", { class: "alert alert--error", role: "alert", "data-testid": "book-error", hidden: true });
  const assetInfo = h("div", { class: "asset-info", "data-testid": "asset-info" });
  const quoteBox = h("div", { class: "quote", "data-testid": "quote", "aria-live": "polite" });
  const result = h("div", { class: "result", "aria-live": "polite" });
  const submitLabel = h("span", null, t("book.submit"));
  const submit = h("button", { type: "submit", class: "btn btn--primary", "data-testid": "book-submit" }, h("span", { class: "spinner", "aria-hidden": "true" }), submitLabel);

  const field = (name: BookingField, label: string, control: HTMLElement, hint?: string) =>
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: control.id }, label),
      control,
      hint ? h("p", { class: "field__hint muted" }, hint) : null,
      errors[name],
    );

  const asset = (): Asset | undefined => catalog.asset(Number(assetSelect.value));

  function fillTimes(keepStart = startSelect.value, keepEnd = endSelect.value): void {
    const a = asset();
    if (!a) return;
    const date = dateInput.value;
    const starts = date ? startTimes(a.opening_hours, date, a.slot_minutes, a.min_duration) : [];
    startSelect.replaceChildren(
      ...(starts.length ? starts.map((s) => h("option", { value: s, selected: s === keepStart }, s)) : [h("option", { value: "" }, date ? t("book.closedThatDay") : t("book.pickDate"))]),
    );
    const start = startSelect.value;
    const ends = start ? endTimes(a.opening_hours, date, start, a.slot_minutes, a.min_duration, a.max_duration) : [];
    const preferred = ends.includes(keepEnd) ? keepEnd : start ? defaultEnd(a, date, start) : "";
    endSelect.replaceChildren(...ends.map((e) => h("option", { value: e, selected: e === preferred }, e === "00:00" ? t("book.midnight") : e)));
  }

  function describeAsset(): void {
    const a = asset();
    if (!a) return assetInfo.replaceChildren();
    assetInfo.replaceChildren(
      h("p", { class: "asset-info__name" }, a.name, a.requires_approval ? h("span", { class: "chip chip--warn" }, t("book.needsApproval")) : h("span", { class: "chip chip--accent" }, t("book.instant"))),
      h(
        "p",
        { class: "muted small" },
        [a.location, t("book.zoneNote", { zone: zoneLabel(a.timezone) }), t("book.durationNote", { min: durationLabel(a.min_duration), max: durationLabel(a.max_duration) })].filter(Boolean).join(" · "),
      ),
    );
    submitLabel.textContent = repeatSelect.value !== "none" ? t("book.check") : a.requires_approval ? t("book.submitRequest") : t("book.submit");
  }

  function draft(): BookingDraft {
    return {
      asset: Number(assetSelect.value) || null,
      member: Number(memberSelect.value) || null,
      date: dateInput.value,
      start: startSelect.value,
      end: endSelect.value,
      title: titleInput.value,
      notes: notesInput.value,
    };
  }

  function showErrors(fields: FieldErrors, general: string | null): void {
    for (const name of BOOKING_FIELDS) {
      errors[name].textContent = fields[name] ?? "";
      errors[name].hidden = !fields[name];
    }
    for (const [name, control] of [["asset", assetSelect], ["date", dateInput], ["start", startSelect], ["end", endSelect], ["title", titleInput], ["notes", notesInput]] as const) {
      if (fields[name]) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
    generalError.textContent = general ?? "";
    generalError.hidden = !general;
  }

  // ---- quote (billing branch; tolerate its absence)
  let quoteTimer: number | undefined;
  let quoteSeq = 0;
  function refreshQuote(): void {
    window.clearTimeout(quoteTimer);
    const a = asset();
    const d = draft();
    if (!a || Object.keys(validateDraft({ ...d, title: d.title || "x" }, a)).length) {
      quoteBox.replaceChildren(h("p", { class: "muted small" }, t("book.quoteHint")));
      return;
    }
    quoteTimer = window.setTimeout(async () => {
      const seq = ++quoteSeq;
      quoteBox.replaceChildren(h("p", { class: "loading small" }, h("span", { class: "spinner spinner--dark" }), t("book.quoteLoading")));
      const { start, end } = draftInterval(d, a);
      try {
        const quote = await apiPost<Quote>("/quotes/", { asset: a.id, start, end, member: d.member ?? undefined });
        if (seq === quoteSeq) quoteBox.replaceChildren(quoteView(quote));
      } catch (error) {
        if (seq !== quoteSeq) return;
        quoteBox.replaceChildren(h("p", { class: isNotDeployed(error) ? "muted small" : "field__error" }, isNotDeployed(error) ? t("book.quoteUnavailable") : errorText(error)));
      }
    }, 250);
  }

  function onChange(): void {
    fillTimes();
    describeAsset();
    refreshQuote();
  }
  assetSelect.addEventListener("change", onChange);
  dateInput.addEventListener("change", onChange);
  startSelect.addEventListener("change", () => {
    fillTimes(startSelect.value, "");
    refreshQuote();
  });
  endSelect.addEventListener("change", refreshQuote);
  memberSelect.addEventListener("change", refreshQuote);
  repeatSelect.addEventListener("change", () => {
    repeatDetails.hidden = repeatSelect.value === "none";
    describeAsset();
    result.replaceChildren();
  });
  const syncEnds = () => {
    countInput.hidden = endsSelect.value !== "count";
    repeatDetails.querySelector<HTMLElement>(".repeat-times")!.hidden = endsSelect.value !== "count";
    untilInput.hidden = endsSelect.value !== "until";
  };
  endsSelect.addEventListener("change", syncEnds);
  splitToggle.addEventListener("change", () => (splitDetails.hidden = !splitToggle.checked));
  repeatDetails.hidden = true;
  splitDetails.hidden = true;
  syncEnds();

  // ---- submit
  function setLoading(on: boolean): void {
    submit.disabled = on;
    submit.classList.toggle("is-loading", on);
    submit.setAttribute("aria-busy", String(on));
  }

  async function create(assetId: number, start: string, end: string): Promise<void> {
    const d = draft();
    const reservation = await apiPost<Reservation>("/reservations/", {
      asset: assetId,
      start,
      end,
      title: d.title.trim(),
      notes: d.notes,
      member: d.member ?? undefined,
    });
    let sharesNote: HTMLElement | null = null;
    if (splitToggle.checked) sharesNote = await saveShares(reservation);
    showSuccess(reservation, sharesNote);
  }

  /** The split as the API takes it ([{member, weight}], the booking member first), or undefined when not split. */
  function splitPayload(bookingMember: number): { member: number; weight: string }[] | undefined {
    if (!splitToggle.checked) return undefined;
    return [
      { member: bookingMember, weight: ownWeight.value || "1" },
      ...shareRows.filter((r) => r.checkbox.checked && r.member !== bookingMember).map((r) => ({ member: r.member, weight: r.weight.value || "1" })),
    ];
  }

  async function saveShares(reservation: Reservation): Promise<HTMLElement> {
    try {
      const shares = await apiPut<PayerShare[]>(`/reservations/${reservation.id}/shares/`, splitPayload(reservation.member.id));
      return h(
        "div",
        { class: "shares-result", "data-testid": "shares-result" },
        h("p", { class: "small strong" }, t("book.sharesSaved")),
        h("ul", { class: "plain-list" }, shares.map((s) => h("li", null, `${s.member.name}: ${formatMoney(s.amount)} · `, statusBadge(s.state)))),
      );
    } catch (error) {
      return h("p", { class: isNotDeployed(error) ? "muted small" : "alert alert--error", "data-testid": "shares-error" }, isNotDeployed(error) ? t("book.sharesUnavailable") : errorText(error));
    }
  }

  function showSuccess(reservation: Reservation, extra: HTMLElement | null): void {
    const zone = catalog.zoneOf(reservation.asset);
    const approved = reservation.status === "approved";
    result.replaceChildren(
      h(
        "section",
        { class: "card result-card result-card--ok", "data-testid": "book-success", role: "status" },
        h("h2", { class: "card__title" }, approved ? t("book.successTitle") : t("book.requestedTitle")),
        h("p", null, h("strong", null, reservation.asset_name), ` · ${formatRange(reservation.start, reservation.end, zone)} `, statusBadge(reservation.status)),
        h("p", { class: "muted" }, approved ? t("book.successBody") : t("book.requestedBody")),
        reservation.price ? h("p", null, t("book.price"), " ", h("strong", null, formatMoney(reservation.price))) : null,
        extra,
        h(
          "div",
          { class: "actions" },
          h("a", { class: "btn btn--ghost", href: "#/reservations", "data-testid": "go-reservations" }, t("book.viewMine")),
          h("button", { type: "button", class: "btn btn--ghost", "data-testid": "book-another", onClick: bookAnother }, t("book.another")),
          h("a", { class: "btn btn--ghost", href: `#${pathWithQuery("calendar", { group: catalog.asset(reservation.asset)?.group, date: wallClock(reservation.start, zone).date })}` }, t("book.viewCalendar")),
        ),
      ),
    );
    form.hidden = true;
    result.scrollIntoView?.({ block: "nearest" });
  }

  function bookAnother(): void {
    result.replaceChildren();
    form.hidden = false;
    titleInput.value = "";
    showErrors({}, null);
    titleInput.focus();
  }

  function showConflict(report: ConflictReport, requestedAsset: number): void {
    const choices = alternativeChoices(report.alternatives, requestedAsset, catalog.zoneOf);
    const altError = h("div", { class: "alert alert--error", role: "alert", "data-testid": "alternative-error", hidden: true });
    const buttons = choices.map((choice) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            type: "button",
            class: "alt",
            "data-testid": "alternative",
            "data-asset": choice.asset,
            onClick: async (event: Event) => {
              const button = event.currentTarget as HTMLButtonElement;
              buttons.forEach((b) => ((b.firstChild as HTMLButtonElement).disabled = true));
              button.classList.add("is-loading");
              altError.hidden = true;
              try {
                await create(choice.asset, choice.start, choice.end);
              } catch (error) {
                const next = readConflict(error);
                if (next) return showConflict(next, choice.asset);
                altError.textContent = errorText(error);
                altError.hidden = false;
                buttons.forEach((b) => ((b.firstChild as HTMLButtonElement).disabled = false));
                button.classList.remove("is-loading");
              }
            },
          },
          h("span", { class: "alt__asset" }, choice.assetName, choice.needsApproval ? h("span", { class: "chip chip--warn" }, t("book.needsApproval")) : null),
          h("span", { class: "alt__when" }, choice.when),
          h("span", { class: "alt__price" }, choice.price),
          h("span", { class: "alt__cta" }, h("span", { class: "spinner spinner--dark", "aria-hidden": "true" }), t("book.bookThis")),
        ),
      ),
    );
    const zone = catalog.zoneOf(requestedAsset);
    result.replaceChildren(
      h(
        "section",
        { class: "card result-card result-card--conflict", "data-testid": "book-conflict", role: "alert" },
        h("h2", { class: "card__title" }, t("book.conflictTitle")),
        h("p", null, report.detail),
        report.conflicts.length
          ? h(
              "ul",
              { class: "plain-list conflicts" },
              report.conflicts.map((c) => h("li", null, `${t(c.kind === "blackout" ? "calendar.blackout" : "book.conflictBooking")}: ${formatRange(c.start, c.end, zone)}`)),
            )
          : null,
        choices.length ? h("h3", { class: "card__subtitle" }, t("book.alternativesTitle")) : h("p", { class: "muted" }, t("book.noAlternatives")),
        h("ul", { class: "alts" }, buttons),
        altError,
      ),
    );
    result.scrollIntoView?.({ block: "nearest" });
  }

  async function previewSeries(a: Asset, d: BookingDraft, rrule: string): Promise<void> {
    const { start, end } = draftInterval(d, a);
    const payload = {
      asset: a.id,
      start,
      end,
      rrule,
      title: d.title.trim(),
      notes: d.notes,
      member: d.member ?? undefined,
      on_conflict: skipConflicts.checked ? "skip" : "reject",
      shares: splitPayload(d.member ?? ownMembers[0]?.id),
    };
    let report: { occurrences: Occurrence[] };
    try {
      report = await apiPost<{ occurrences: Occurrence[] }>("/series/", { ...payload, dry_run: true });
    } catch (error) {
      if (isNotDeployed(error)) {
        showErrors({ repeat: t("book.seriesUnavailable") }, null);
        return;
      }
      throw error;
    }
    const confirm = h("button", { type: "button", class: "btn btn--primary", "data-testid": "series-confirm" }, h("span", { class: "spinner", "aria-hidden": "true" }), t("book.seriesConfirm"));
    const seriesError = h("div", { class: "alert alert--error", role: "alert", hidden: true, "data-testid": "series-error" });
    const okCount = report.occurrences.filter((o) => o.ok).length;
    const table = occurrenceTable(report.occurrences, a.timezone);
    confirm.disabled = okCount === 0 || (!skipConflicts.checked && okCount < report.occurrences.length);
    confirm.addEventListener("click", async () => {
      confirm.disabled = true;
      confirm.classList.add("is-loading");
      seriesError.hidden = true;
      try {
        const created = await apiPost<{ id: number; occurrences: Occurrence[] }>("/series/", payload);
        result.replaceChildren(
          h(
            "section",
            { class: "card result-card result-card--ok", "data-testid": "series-success" },
            h("h2", { class: "card__title" }, t("book.seriesCreated", { count: created.occurrences.filter((o) => o.reservation).length })),
            occurrenceTable(created.occurrences, a.timezone),
            h("div", { class: "actions" }, h("a", { class: "btn btn--ghost", href: "#/reservations" }, t("book.viewMine"))),
          ),
        );
        form.hidden = true;
      } catch (error) {
        const problems = (error as { body?: { occurrences?: Occurrence[] } }).body?.occurrences;
        if (problems) table.replaceWith(occurrenceTable(problems, a.timezone));
        seriesError.textContent = errorText(error);
        seriesError.hidden = false;
        confirm.disabled = false;
        confirm.classList.remove("is-loading");
      }
    });
    result.replaceChildren(
      h(
        "section",
        { class: "card result-card", "data-testid": "series-report" },
        h("h2", { class: "card__title" }, t("book.seriesReportTitle")),
        h("p", { class: "muted" }, t("book.seriesReportSummary", { ok: okCount, total: report.occurrences.length })),
        table,
        seriesError,
        h("div", { class: "actions" }, confirm),
      ),
    );
  }

  async function handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (submit.disabled) return;
    const a = asset();
    const d = draft();
    const fields = validateDraft(d, a);
    const rule = repeatRule(repeatSelect.value as RepeatKind, endsSelect.value === "until" ? { until: untilInput.value } : { count: Number(countInput.value) });
    if (rule && endsSelect.value === "until" && !untilInput.value) fields.repeat = t("book.errorUntil");
    result.replaceChildren();
    showErrors(fields, null);
    if (Object.keys(fields).length || !a) {
      form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
      return;
    }
    setLoading(true);
    try {
      if (rule) {
        await previewSeries(a, d, rule);
      } else {
        const { start, end } = draftInterval(d, a);
        await create(a.id, start, end);
      }
    } catch (error) {
      const conflict = readConflict(error);
      if (conflict) showConflict(conflict, a.id);
      else {
        const mapped = mapApiError(error);
        showErrors(mapped.fields, mapped.general);
      }
    } finally {
      setLoading(false);
    }
  }

  const form = h(
    "form",
    { class: "book-form", novalidate: true, "data-testid": "book-form", onSubmit: handleSubmit },
    generalError,
    h(
      "div",
      { class: "book-grid" },
      h(
        "div",
        { class: "card stack" },
        field("asset", t("book.asset"), assetSelect),
        assetInfo,
        ownMembers.length > 1 ? field("member", t("book.member"), memberSelect) : null,
        h("div", { class: "row3" }, field("date", t("book.date"), dateInput), field("start", t("book.start"), startSelect), field("end", t("book.end"), endSelect)),
        field("title", t("book.titleLabel"), titleInput),
        field("notes", t("book.notes"), notesInput),
        h(
          "fieldset",
          { class: "fieldset" },
          h("legend", { class: "field__label" }, t("book.repeat")),
          repeatSelect,
          repeatDetails,
          errors.repeat,
        ),
        h(
          "fieldset",
          { class: "fieldset" },
          h("legend", { class: "visually-hidden" }, t("book.split")),
          h("label", { class: "check" }, splitToggle, h("span", null, t("book.split"))),
          splitDetails,
          errors.shares,
        ),
      ),
      h(
        "aside",
        { class: "card stack book-aside" },
        h("h2", { class: "card__title" }, t("book.quoteTitle")),
        quoteBox,
        h("div", { class: "actions" }, submit),
      ),
    ),
  );

  describeAsset();
  fillTimes(query.get("start") ?? "", query.get("end") ?? "");
  refreshQuote();
  void navigate; // kept for symmetry with the other pages
  return h("div", { class: "stack" }, form, result);
}

function quoteView(quote: Quote): HTMLElement {
  return h(
    "div",
    null,
    h(
      "table",
      { class: "quote__table" },
      h(
        "tbody",
        null,
        quote.lines.map((line) => h("tr", null, h("td", null, line.description), h("td", { class: "num" }, formatMoney(line.amount)))),
        h("tr", { class: "quote__sub" }, h("td", null, t("book.net")), h("td", { class: "num" }, formatMoney(quote.net))),
        h("tr", { class: "quote__sub" }, h("td", null, t("book.vat", { rate: Number(quote.vat_rate) })), h("td", { class: "num" }, formatMoney(quote.vat))),
        h("tr", { class: "quote__total" }, h("td", null, t("book.total")), h("td", { class: "num", "data-testid": "quote-total" }, formatMoney(quote.total))),
      ),
    ),
  );
}

function occurrenceTable(occurrences: Occurrence[], zone: string): HTMLElement {
  return h(
    "ul",
    { class: "occurrences", "data-testid": "occurrences" },
    occurrences.map((o) =>
      h(
        "li",
        { class: `occurrence ${o.ok || o.reservation ? "occurrence--ok" : "occurrence--bad"}`, "data-testid": "occurrence" },
        h("span", { class: "occurrence__when" }, formatRange(o.start, o.end, zone)),
        o.status ? statusBadge(o.status) : h("span", { class: "occurrence__state" }, o.ok ? t("book.occurrenceFree") : t("book.occurrenceBlocked")),
        o.problems.length ? h("span", { class: "occurrence__problems" }, o.problems.map((p) => p.detail).join(" ")) : null,
        o.shares?.length
          ? h(
              "span",
              { class: "occurrence__shares", "data-testid": "occurrence-shares" },
              o.shares.map((s) => h("span", { "data-testid": `occurrence-share-${s.member.id}` }, `${s.member.name}: ${formatMoney(s.amount)} `, statusBadge(s.state))),
            )
          : null,
      ),
    ),
  );
}
