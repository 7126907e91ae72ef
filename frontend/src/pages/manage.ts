// Manage: the assets the user manages (all for a cluster admin) and, for the one picked, its rules in sections,
// a save that first lists the bookings the change affects, and the asset's history.

import { ApiError, apiGet, apiPatch, apiPost } from "../api";
import { h } from "../dom";
import { zoneLabel } from "../format";
import { t, tn } from "../i18n";
import { renderClosures } from "../manage/closures";
import { historyPanel } from "../manage/history";
import { impactList, type ImpactList } from "../manage/impact";
import { incidentHistory } from "../manage/incidents";
import { renderOperators } from "../manage/operators";
import { renderQualifications } from "../manage/qualifications";
import { ratingsPanel } from "../ratings/manageRatings";
import { itemsPanel } from "../manage/items";
import { FieldErrors, type Affected, type AssetPatch, type ManagedAsset } from "../manage/model";
import { rulesForm } from "../manage/rulesForm";
import { section } from "../manage/fields";
import type { PageContext } from "../pageContext";
import { pathWithQuery } from "../router";
import type { Member } from "../types";
import "../manage/manage.css";
import { busyButton, empty, errorBox, errorText, fill, pageTitle } from "../ui";
import "../messages/closures"; // this area's strings
import "../messages/manage"; // this area's strings
import "../messages/qualifications"; // this area's strings
import "../messages/operators"; // this area's strings
import "../messages/ratings"; // this area's strings

export function renderManagePage({ query, navigate }: PageContext): HTMLElement {
  document.title = t("manage.docTitle");
  const body = h("div", { class: "stack", "data-testid": "manage-body" });
  void fill(
    body,
    () => Promise.all([apiGet<ManagedAsset[]>("/assets/"), apiGet<Member[]>("/members/")]),
    ([assets, members]) => {
      const managed = assets.filter((asset) => asset.can_manage);
      if (!managed.length) return empty(t("manage.noAssets"));
      const wanted = Number(query.get("asset"));
      const current = managed.find((asset) => asset.id === wanted) ?? managed[0];
      return [
        assetPicker(managed, current, (id) => navigate(pathWithQuery("manage", { asset: id }))),
        assetEditor(current, members),
      ];
    },
  );
  return h(
    "div",
    { class: "stack", "data-testid": "manage-page" },
    pageTitle(t("manage.title"), t("manage.subtitle")),
    body,
  );
}

function assetPicker(assets: ManagedAsset[], current: ManagedAsset, pick: (id: number) => void): HTMLElement {
  const select = h(
    "select",
    { class: "input", id: "manage-asset", "data-testid": "manage-asset", onChange: () => pick(Number(select.value)) },
    assets.map((asset) => h("option", { value: asset.id, selected: asset.id === current.id }, asset.name)),
  );
  return h(
    "div",
    { class: "card manage-picker" },
    h("div", { class: "field" }, h("label", { class: "field__label", for: "manage-asset" }, t("manage.pick")), select),
    h("p", { class: "muted small" }, t("manage.zone", { zone: zoneLabel(current.timezone ?? "UTC") })),
  );
}

function sectionNav(): HTMLElement {
  const links: [string, string][] = [
    ["manage-rules", t("manage.rules.title")],
    ["manage-hours", t("manage.hours.title")],
    ["manage-prices", t("manage.prices.title")],
    ["manage-items", t("items.manageTitle")],
    ["manage-cancellation", t("manage.cancel.title")],
    ["manage-qualifications", t("quals.title")],
    ["manage-operators", t("operators.manageTitle")],
    ["manage-closures", t("closures.title")],
    ["manage-incidents", t("incidents.history")],
    ["manage-ratings", t("ratings.manageTitle")],
    ["manage-history", t("manage.history.title")],
  ];
  return h(
    "nav",
    { class: "chips manage-sections", "aria-label": t("manage.sections") },
    links.map(([id, label]) =>
      h(
        "a",
        {
          class: "chip",
          href: `#${id}`,
          onClick: (event: Event) => {
            event.preventDefault(); // the hash is the route: scroll instead
            document.getElementById(id)?.scrollIntoView({ behavior: "smooth", block: "start" });
          },
        },
        label,
      ),
    ),
  );
}

function assetEditor(initial: ManagedAsset, members: Member[]): HTMLElement {
  const root = h("div", { class: "stack", "data-testid": "manage-editor" });
  const render = (asset: ManagedAsset, flash?: string) => {
    const errors = new FieldErrors();
    const form = rulesForm(asset, members, errors);
    const status = h("div", { "aria-live": "polite", "data-testid": "manage-status" });
    const impactSlot = h("div", { "data-testid": "impact" });
    if (flash)
      status.append(h("div", { class: "alert alert--ok", role: "status", "data-testid": "manage-saved" }, flash));

    const problem = (error: unknown, rows: Record<string, string[]> = {}) => {
      if (error instanceof ApiError && error.status === 400) {
        const unplaced = errors.showBody(error.body, rows);
        status.replaceChildren(
          h(
            "div",
            { class: "alert alert--error", role: "alert", "data-testid": "manage-error" },
            [t("manage.invalid"), ...unplaced].join(" "),
          ),
        );
      } else status.replaceChildren(errorBox(error, "manage-error"));
    };

    const save = async (patch: AssetPatch, decisions?: ReturnType<ImpactList["decisions"]>) => {
      const saved = await apiPatch<ManagedAsset>(`/assets/${asset.id}/`, decisions ? { ...patch, decisions } : patch);
      render(saved, t("manage.saved"));
    };

    const showImpact = (affected: Affected[], patch: AssetPatch, rows: Record<string, string[]>) => {
      const list = impactList(affected, asset.timezone ?? "UTC");
      const impactError = h("div", { "aria-live": "assertive" });
      impactSlot.replaceChildren(
        h(
          "section",
          { class: "card stack impact-card", "aria-labelledby": "impact-title", "data-testid": "impact-card" },
          h("h2", { class: "card__title", id: "impact-title", tabindex: "-1" }, t("manage.impact.title")),
          h("p", null, tn("manage.impact.intro", affected.length)),
          list.element,
          h("p", { class: "muted small" }, t("manage.impact.mailed")),
          impactError,
          h(
            "div",
            { class: "actions" },
            busyButton(
              t("manage.impact.confirm"),
              { class: "btn btn--primary", "data-testid": "impact-confirm" },
              async () => {
                const decisions = list.decisions();
                if (!decisions) {
                  impactError.replaceChildren(
                    h("p", { class: "field__error", role: "alert" }, t("manage.impact.decide")),
                  );
                  return;
                }
                try {
                  await save(patch, decisions);
                } catch (error) {
                  const listed =
                    error instanceof ApiError ? (error.body as { affected?: Affected[] })?.affected : undefined;
                  if (error instanceof ApiError && error.code === "decisions_required" && listed) {
                    showImpact(listed, patch, rows); // bookings changed meanwhile: decide on the list as it is now
                  } else if (error instanceof ApiError && error.status === 400) {
                    impactSlot.replaceChildren();
                    problem(error, rows);
                  } else {
                    // buffers_overlap: the same list stays; the bookings that cannot be kept are named
                    const names = listed?.map((booking) => booking.title).join(", ");
                    impactError.replaceChildren(
                      h(
                        "p",
                        { class: "alert alert--error", role: "alert", "data-testid": "impact-error" },
                        names ? `${errorText(error)} (${names})` : errorText(error),
                      ),
                    );
                  }
                }
              },
            ),
            h(
              "button",
              { type: "button", class: "btn btn--ghost", onClick: () => impactSlot.replaceChildren() },
              t("manage.impact.back"),
            ),
          ),
        ),
      );
      impactSlot.querySelector<HTMLElement>("#impact-title")?.focus();
    };

    const saveButton = busyButton(
      t("manage.save"),
      { class: "btn btn--primary", "data-testid": "manage-save" },
      async () => {
        errors.clear();
        status.replaceChildren();
        impactSlot.replaceChildren();
        const built = form.body();
        if (!built) {
          status.replaceChildren(
            h(
              "div",
              { class: "alert alert--error", role: "alert", "data-testid": "manage-error" },
              t("manage.invalid"),
            ),
          );
          return;
        }
        try {
          const preview = await apiPost<{ affected: Affected[] }>(`/assets/${asset.id}/rules-preview/`, built.patch);
          if (preview.affected.length) showImpact(preview.affected, built.patch, built.rows);
          else await save(built.patch);
        } catch (error) {
          problem(error, built.rows);
        }
      },
    );

    root.replaceChildren(
      sectionNav(),
      form.rules,
      form.hours,
      form.prices,
      form.cancellation,
      h("div", { class: "card manage-savebar stack" }, status, impactSlot, h("div", { class: "actions" }, saveButton)),
      itemsPanel(asset.id),
      renderQualifications(asset),
      renderOperators(asset),
      h(
        "div",
        { id: "manage-closures", "data-testid": "closures-slot" },
        renderClosures({ id: asset.id, name: asset.name, timezone: asset.timezone ?? "UTC" }),
      ),
      section("manage-incidents", t("incidents.history"), incidentHistory(asset.id)),
      ratingsPanel(asset.id),
      section("manage-history", t("manage.history.title"), historyPanel(asset.id)),
    );
  };
  render(initial);
  return root;
}
