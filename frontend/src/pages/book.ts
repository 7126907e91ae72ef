// The Book page: asset and company, when (book/when), title and notes, repeat (book/series), split
// (book/split), the price card (book/quote); the outcome or, on a conflict, the alternatives
// (book/outcome, components/conflictView). This module wires them together and submits.

import { apiPost } from "../api";
import {
  draftInterval,
  mapApiError,
  readConflict,
  validateDraft,
  type BookingDraft,
  type BookingField,
  type ConflictReport,
  type FieldErrors,
} from "../booking";
import { fieldErrorNodes, showFieldErrors } from "../book/fieldErrors";
import { itemsFieldset } from "../book/items";
import { operatorBooked, operatorChoice } from "../book/operator";
import { qualificationNote } from "../book/qualifications";
import { quoteBox } from "../book/quote";
import { previewSeries, repeatFieldset } from "../book/series";
import { splitFieldset } from "../book/split";
import { assetSummary, competeOffer, successCard } from "../book/outcome";
import { bundleRows, submitBundle } from "../book/bundle";
import { whenFields, type When } from "../book/when";
import { storedGroup } from "../calendar/rememberedGroup";
import { getAll, loadCatalog, type Catalog } from "../catalog";
import { costCentreField } from "../company/costCentreField";
import { conflictView } from "../components/conflictView";
import { freeUnitsNote } from "../components/units";
import { waitlistJoin } from "../components/waitlistJoin";
import { provideDraft, takeDraft } from "../drafts";
import { h } from "../dom";
import { t } from "../i18n";
import type { PageContext } from "../pageContext";
import { fill, pageTitle } from "../ui";
import type { Asset, Reservation, ReservationDetail } from "../types";

/** What is kept of the form when the session expires. */
interface BookDraft extends When {
  asset: number;
  member: string;
  title: string;
  notes: string;
}

export function renderBookPage(context: PageContext): HTMLElement {
  document.title = t("book.docTitle");
  const body = h("div");
  const load = async () => {
    const catalog = await loadCatalog();
    return { catalog, usual: await usualAsset(catalog, context) };
  };
  void fill(body, load, ({ catalog, usual }) => bookingForm(catalog, usual, context));
  return h("div", { class: "stack" }, pageTitle(t("book.title"), t("book.subtitle")), body);
}

/**
 * The asset the form opens on: the one asked for, else one of the asked group, else the asset the
 * company booked last, else one of the group this person looked at in the calendar, else the first.
 */
async function usualAsset(catalog: Catalog, { user, query }: PageContext): Promise<Asset | undefined> {
  const asked = catalog.asset(Number(query.get("asset")));
  if (asked) return asked;
  const group = Number(query.get("group")) || null;
  if (group) return catalog.assets.find((a) => a.group === group) ?? catalog.assets[0];
  const last = await getAll<Reservation>("/reservations/?ordering=-created_at&page_size=1").catch(() => []);
  const lastAsset = catalog.asset(last[0]?.asset ?? 0);
  if (lastAsset && catalog.assets.includes(lastAsset)) return lastAsset;
  const looked = storedGroup(catalog, user.id);
  return catalog.assets.find((a) => a.group === looked) ?? catalog.assets[0];
}

function bookingForm(catalog: Catalog, usual: Asset | undefined, { user, query }: PageContext): HTMLElement {
  const saved = takeDraft<BookDraft>("book", user.id);
  const initialAsset = catalog.asset(saved?.asset ?? 0) ?? usual;
  const ownMembers = user.memberships.map((m) => m.member);

  // ---- outputs
  const errors = fieldErrorNodes();
  const generalError = h("div", {
    class: "alert alert--error",
    role: "alert",
    "data-testid": "book-error",
    hidden: true,
  });
  const assetInfo = h("div", { class: "asset-info", "data-testid": "asset-info" });
  const qualifications = qualificationNote();
  const operator = operatorChoice();
  const price = quoteBox();
  const units = freeUnitsNote();
  const result = h("div", { class: "result", "aria-live": "polite" });
  const submitLabel = h("span", null, t("book.submit"));
  const submit = h(
    "button",
    { type: "submit", class: "btn btn--primary", "data-testid": "book-submit" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    submitLabel,
  );

  // ---- inputs
  const option = (a: Asset) => h("option", { value: a.id, selected: a.id === initialAsset?.id }, a.name);
  const assetSelect = h(
    "select",
    { id: "book-asset", name: "asset", class: "input", "data-testid": "book-asset" },
    catalog.groups.map((group) =>
      h("optgroup", { label: group.name }, catalog.assets.filter((a) => a.group === group.id).map(option)),
    ),
    catalog.assets.filter((a) => !catalog.groups.some((g) => g.id === a.group)).map(option),
  );
  const memberSelect = h(
    "select",
    { id: "book-member", name: "member", class: "input", "data-testid": "book-member" },
    ownMembers.map((m) => h("option", { value: m.id, selected: String(m.id) === saved?.member }, m.name)),
  );
  // The company's active cost centres, when it has any (single bookings only).
  const costCentre = costCentreField();
  const when = whenFields(
    saved ?? {
      date: query.get("date") ?? "",
      start: query.get("start") ?? "",
      endDate: query.get("end_date") ?? "",
      end: query.get("end") ?? "",
      wholeDays: query.get("whole") === "1",
    },
    errors,
    () => refreshQuote(),
  );
  const titleInput = h("input", {
    id: "book-title",
    name: "title",
    class: "input",
    maxlength: "200",
    "data-testid": "book-title",
    placeholder: t("book.titlePlaceholder"),
    value: saved?.title ?? "",
  });
  const notesInput = h(
    "textarea",
    { id: "book-notes", name: "notes", class: "input", rows: "2", maxlength: "4000", "data-testid": "book-notes" },
    saved?.notes ?? "",
  );
  const repeat = repeatFieldset(errors.repeat, () => {
    describeAsset();
    result.replaceChildren();
  });
  const split = splitFieldset(catalog, ownMembers, errors.shares);
  const items = itemsFieldset();
  const others = bundleRows(catalog, () => when.read());

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

  function describeAsset(): void {
    const a = asset();
    assetInfo.replaceChildren(...(a ? assetSummary(a) : []));
    qualifications.show(a?.effective_qualifications ?? []);
    operator.setAsset(a);
    costCentre.setRepeating(repeat.rule() !== null);
    items.setRepeating(repeat.rule() !== null);
    submitLabel.textContent =
      repeat.rule() !== null ? t("book.check") : a?.requires_approval ? t("book.submitRequest") : t("book.submit");
  }

  function draft(): BookingDraft {
    const w = when.read();
    return {
      asset: Number(assetSelect.value) || null,
      member: Number(memberSelect.value) || null,
      date: w.date,
      start: w.start,
      end: w.end,
      endDate: w.endDate || undefined,
      wholeDays: w.wholeDays,
      title: titleInput.value,
      notes: notesInput.value,
    };
  }

  function showErrors(fields: FieldErrors, general: string | null): void {
    showFieldErrors(errors, fields);
    const controls: [BookingField, HTMLElement][] = [
      ["asset", assetSelect],
      ["date", when.controls.date],
      ["start", when.controls.start],
      ["end", when.controls.end],
      ["title", titleInput],
      ["notes", notesInput],
    ];
    for (const [name, control] of controls) {
      // The message is named both ways: aria-errormessage for what supports it, aria-describedby for the rest.
      if (fields[name]) {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-errormessage", errors[name].id);
        control.setAttribute("aria-describedby", errors[name].id);
      } else {
        control.removeAttribute("aria-invalid");
        control.removeAttribute("aria-errormessage");
        control.removeAttribute("aria-describedby");
      }
    }
    generalError.textContent = general ?? "";
    generalError.hidden = !general;
  }

  /** The rules the chosen times break, said at once (a calendar selection is kept as drawn). */
  function checkTimes(): void {
    const found = validateDraft({ ...draft(), title: "x" }, asset());
    showErrors({ date: found.date, start: found.start, end: found.end }, null);
  }

  const refreshQuote = () => {
    price.refresh(asset(), draft());
    units.refresh(asset(), draft());
  };
  assetSelect.addEventListener("change", () => {
    items.setAsset(asset()?.id ?? null);
    when.setAsset(asset());
    describeAsset();
    refreshQuote();
  });
  memberSelect.addEventListener("change", () => {
    refreshQuote();
    void costCentre.load(Number(memberSelect.value) || null);
  });

  // ---- submit
  function setLoading(on: boolean): void {
    submit.disabled = on;
    submit.classList.toggle("is-loading", on);
    submit.setAttribute("aria-busy", String(on));
  }

  async function create(assetId: number, start: string, end: string, compete = false): Promise<void> {
    const d = draft();
    const reservation = await apiPost<Reservation>("/reservations/", {
      asset: assetId,
      start,
      end,
      title: d.title.trim(),
      notes: d.notes,
      member: d.member ?? undefined,
      compete: compete || undefined,
      cost_centre: costCentre.value() ?? undefined,
      items: items.payload(),
      ...operator.payload(),
    });
    const splitCard = split.enabled() ? await split.save(reservation) : null;
    const booked = operatorBooked(reservation as ReservationDetail);
    showSuccess(reservation, booked ? h("div", { class: "stack" }, booked, splitCard) : splitCard, compete);
  }

  function showSuccess(reservation: Reservation, extra: HTMLElement | null, competing: boolean): void {
    result.replaceChildren(successCard({ reservation, catalog, extra, competing, bookAnother }));
    form.hidden = true;
    // Keyboard and screen reader users land on the outcome, not on <body>.
    result.querySelector<HTMLElement>("h2")?.focus();
  }

  function bookAnother(): void {
    result.replaceChildren();
    form.hidden = false;
    titleInput.value = "";
    showErrors({}, null);
    titleInput.focus();
  }

  function showConflict(report: ConflictReport, requestedAsset: number, period?: { start: string; end: string }): void {
    const compete = report.canCompete
      ? competeOffer(async () => {
          const { start, end } = draftInterval(draft(), asset()!);
          await attempt(() => create(requestedAsset, start, end, true), requestedAsset);
        })
      : null;
    const d = draft();
    const wanted = period ?? draftInterval(d, asset()!);
    const join = waitlistJoin({
      asset: requestedAsset,
      ...wanted,
      title: d.title.trim(),
      member: d.member ?? undefined,
    });
    result.replaceChildren(
      conflictView({
        report,
        requestedAsset,
        zoneOf: catalog.zoneOf,
        testid: "book-conflict",
        actionLabel: () => t("book.bookThis"),
        onChoose: async (choice) => {
          try {
            await create(choice.asset, choice.start, choice.end);
          } catch (error) {
            const next = readConflict(error);
            if (!next) throw error;
            showConflict(next, choice.asset, choice);
          }
        },
        extra: h("div", { class: "stack" }, compete, join),
      }),
    );
    result.scrollIntoView?.({ block: "nearest" });
    result.querySelector<HTMLElement>("h2")?.focus();
  }

  /** Run a booking action; a conflict shows its alternatives, anything else goes next to the fields. */
  async function attempt(action: () => Promise<void>, assetId: number): Promise<void> {
    setLoading(true);
    try {
      await action();
    } catch (error) {
      const conflict = readConflict(error);
      if (conflict) showConflict(conflict, assetId);
      else {
        const mapped = mapApiError(error);
        showErrors(mapped.fields, mapped.general);
      }
    } finally {
      setLoading(false);
    }
  }

  async function handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (submit.disabled) return;
    const a = asset();
    const d = draft();
    const fields = validateDraft(d, a);
    const rule = repeat.rule();
    if (rule && repeat.untilMissing()) fields.repeat = t("book.errorUntil");
    result.replaceChildren();
    showErrors(fields, null);
    if (Object.keys(fields).length || !a) {
      form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
      return;
    }
    await attempt(async () => {
      if (others.active()) {
        if (rule) return showErrors({}, t("bundle.noRepeat"));
        const payers = split.enabled() ? split.payload(d.member ?? ownMembers[0]?.id) : undefined;
        const body = {
          title: d.title.trim(),
          notes: d.notes,
          member: d.member ?? undefined,
          cost_centre: costCentre.value() ?? undefined,
          payers,
        };
        const parts = others.parts({ asset: a.id, ...draftInterval(d, a) }, d);
        await submitBundle({ catalog, parts, body, result, done: () => (form.hidden = true) });
      } else if (rule) {
        const shares = split.enabled() ? split.payload(d.member ?? ownMembers[0]?.id) : undefined;
        await previewSeries({
          asset: a,
          draft: d,
          rrule: rule,
          skip: repeat.skipConflicts(),
          shares,
          result,
          created: () => (form.hidden = true),
        });
      } else {
        const { start, end } = draftInterval(d, a);
        await create(a.id, start, end);
      }
    }, a.id);
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
        units.element,
        qualifications.element,
        operator.element,
        ownMembers.length > 1 ? field("member", t("book.member"), memberSelect) : null,
        costCentre.element,
        when.element,
        others.element,
        field("title", t("book.titleLabel"), titleInput),
        field("notes", t("book.notes"), notesInput),
        items.element,
        repeat.element,
        split.element,
      ),
      h(
        "aside",
        { class: "card stack book-aside" },
        h("h2", { class: "card__title" }, t("book.quoteTitle")),
        price.element,
        h("div", { class: "actions" }, submit),
      ),
    ),
  );

  provideDraft("book", (): BookDraft => ({
    ...when.read(),
    asset: Number(assetSelect.value),
    member: memberSelect.value,
    title: titleInput.value,
    notes: notesInput.value,
  }));
  when.setAsset(asset());
  items.setAsset(asset()?.id ?? null);
  describeAsset();
  void costCentre.load(Number(memberSelect.value) || null);
  if (saved || (query.get("start") && (query.get("end") || query.get("whole")))) checkTimes();
  refreshQuote();
  return h("div", { class: "stack" }, form, result);
}
