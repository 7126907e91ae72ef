// Several assets at once on the Book page: "Add another asset" rows (asset, from, to; the form's date), sent
// with the first asset to POST /bundles/ (all or none). A conflict says which asset and offers its alternatives.

import { ApiError, apiPost } from "../api";
import { draftInterval, readConflict, type BookingDraft } from "../booking";
import type { Catalog } from "../catalog";
import { conflictView } from "../components/conflictView";
import { h } from "../dom";
import { formatMoney, formatRange } from "../format";
import { t } from "../i18n";
import { reservationPath } from "../router";
import { statusBadge } from "../ui";
import type { components } from "../openapi";
import type { Asset } from "../types";
import "../messages/bundles"; // this area's strings

export type Bundle = components["schemas"]["Bundle"];
export interface BundlePart {
  asset: number;
  start: string;
  end: string;
}

interface Row {
  element: HTMLElement;
  asset: HTMLSelectElement;
  start: HTMLInputElement;
  end: HTMLInputElement;
}

export interface BundleRows {
  element: HTMLElement;
  /** Other assets were added. */
  active: () => boolean;
  /** Every part: the form's own (`first`) and one per row, the row's times on the form's date. */
  parts: (first: BundlePart, draft: BookingDraft) => BundlePart[];
}

/** `times()`: the form's chosen start and end ("HH:MM"), the default of a new row. */
export function bundleRows(catalog: Catalog, times: () => { start: string; end: string }): BundleRows {
  const rows: Row[] = [];
  const list = h("div", { class: "stack", "data-testid": "bundle-rows" });
  const help = h("p", { class: "field__hint muted", hidden: true }, t("bundle.extraHelp"));
  const addButton = h(
    "button",
    { type: "button", class: "btn btn--ghost", "data-testid": "bundle-add", onClick: () => add() },
    t("bundle.add"),
  );

  function renumber(): void {
    rows.forEach((row, index) => {
      const n = String(index + 2);
      row.element.querySelector("legend")!.textContent = t("bundle.asset", { n });
      row.element.querySelector("button")!.setAttribute("aria-label", t("bundle.removeLabel", { n }));
    });
    help.hidden = rows.length === 0;
  }

  function add(): void {
    const n = rows.length + 2;
    const id = `bundle-${n}-${Date.now()}`;
    const chosen = times();
    const asset = h(
      "select",
      { id: `${id}-asset`, class: "input", "data-testid": "bundle-asset" },
      catalog.assets.map((a) => h("option", { value: a.id }, a.name)),
    );
    const time = (which: "start" | "end") =>
      h("input", {
        id: `${id}-${which}`,
        type: "time",
        step: "900",
        class: "input",
        value: chosen[which],
        "data-testid": `bundle-${which}`,
      });
    const start = time("start");
    const end = time("end");
    const labelled = (label: string, control: HTMLElement) =>
      h("div", { class: "field" }, h("label", { class: "field__label", for: control.id }, label), control);
    const row: Row = {
      asset,
      start,
      end,
      element: h(
        "fieldset",
        { class: "fieldset stack", "data-testid": "bundle-row" },
        h("legend", null, t("bundle.asset", { n: String(n) })),
        labelled(t("book.asset"), asset),
        h("div", { class: "row" }, labelled(t("bundle.start"), start), labelled(t("bundle.end"), end)),
        h(
          "button",
          {
            type: "button",
            class: "btn btn--ghost",
            onClick: () => {
              rows.splice(rows.indexOf(row), 1);
              row.element.remove();
              renumber();
              addButton.focus();
            },
          },
          t("bundle.remove"),
        ),
      ),
    };
    rows.push(row);
    list.append(row.element);
    renumber();
    asset.focus();
  }

  return {
    element: h(
      "section",
      { class: "stack", "aria-label": t("bundle.extraTitle") },
      help,
      list,
      h("div", null, addButton),
    ),
    active: () => rows.length > 0,
    parts: (first, draft) => [
      first,
      ...rows.map((row) => {
        const asset = catalog.asset(Number(row.asset.value)) as Asset;
        const period = draftInterval(
          { ...draft, start: row.start.value || draft.start, end: row.end.value || draft.end },
          asset,
        );
        return { asset: asset.id, ...period };
      }),
    ],
  };
}

export interface BundleSubmit {
  catalog: Catalog;
  parts: BundlePart[];
  body: Record<string, unknown>;
  result: HTMLElement;
  done: () => void;
}

/** POST /bundles/: the success card, or for a conflict the part that is taken and its alternatives (choosing
 * one sends the bundle again with that part changed). Other errors are thrown to the form. */
export async function submitBundle(options: BundleSubmit): Promise<void> {
  const { catalog, parts, body, result } = options;
  try {
    const bundle = await apiPost<Bundle>("/bundles/", { ...body, parts });
    result.replaceChildren(bundleSuccess(bundle, catalog));
    options.done();
    result.querySelector<HTMLElement>("h2")?.focus();
  } catch (error) {
    const report = readConflict(error);
    const index = (error instanceof ApiError ? (error.body as { part?: unknown } | undefined)?.part : undefined) as
      number | undefined;
    if (!report || typeof index !== "number" || !parts[index]) throw error;
    const n = String(index + 1);
    const asset = parts[index].asset;
    result.replaceChildren(
      conflictView({
        report: {
          ...report,
          detail: `${t("bundle.conflictPart", { n, asset: catalog.asset(asset)?.name ?? "" })} ${report.detail}`,
        },
        requestedAsset: asset,
        zoneOf: catalog.zoneOf,
        testid: "bundle-conflict",
        actionLabel: () => t("bundle.useThis", { n }),
        onChoose: (choice) => {
          const changed = parts.map((part, i) =>
            i === index ? { asset: choice.asset, start: choice.start, end: choice.end } : part,
          );
          return submitBundle({ ...options, parts: changed });
        },
      }),
    );
    result.querySelector<HTMLElement>("h2")?.focus();
  }
}

function bundleSuccess(bundle: Bundle, catalog: Catalog): HTMLElement {
  const approved = bundle.status === "approved";
  return h(
    "section",
    { class: "card result-card result-card--ok", "data-testid": "bundle-success", role: "status" },
    h("h2", { class: "card__title", tabindex: "-1" }, approved ? t("bundle.successTitle") : t("bundle.requestedTitle")),
    approved ? null : h("p", null, t("bundle.requestedBody")),
    partList(bundle, catalog),
    bundle.total ? h("p", null, `${t("bundle.total")}: `, h("strong", null, formatMoney(bundle.total))) : null,
  );
}

/** The bundle's assets, times and statuses; a link to each part the caller sees in full. */
export function partList(bundle: Bundle, catalog: Catalog): HTMLElement {
  return h(
    "ul",
    { class: "plain-list stack", "data-testid": "bundle-parts" },
    bundle.parts.map((part) =>
      h(
        "li",
        { "data-testid": "bundle-part" },
        part.mine
          ? h("a", { href: `#${reservationPath(part.id)}` }, part.asset_name)
          : h("strong", null, part.asset_name),
        ` · ${formatRange(part.start, part.end, catalog.zoneOf(part.asset))} `,
        statusBadge(part.status),
        part.awaiting_approval ? h("span", { class: "muted small" }, ` ${t("bundle.awaiting")}`) : null,
      ),
    ),
  );
}
