// Manage › Operators: whether bookings of this asset book a technician (none, offered, required) and, for an asset
// that is a technician (resource type staff), the assets it operates and the qualifications it holds.

import { apiGet, apiPatch } from "../api";
import type { Qualification } from "../book/qualifications";
import { h } from "../dom";
import { t } from "../i18n";
import { busyButton, errorBox, fill } from "../ui";
import { checkField, fieldId, section } from "./fields";
import type { ManagedAsset } from "./model";
import "../messages/operators"; // this area's strings

type Mode = NonNullable<ManagedAsset["operator"]>;
const MODES: Mode[] = ["none", "optional", "required"];

function checkList(legend: string, testid: string, rows: { id: number; name: string }[], chosen: number[]) {
  const picked = new Set(chosen);
  const boxes = rows.map((row) => ({ id: row.id, ...checkField(`${testid}-${row.id}`, row.name, picked.has(row.id)) }));
  return {
    element: h(
      "fieldset",
      { class: "fieldset", "data-testid": testid },
      h("legend", { class: "field__label" }, legend),
      h(
        "div",
        { class: "chips-list" },
        boxes.map((box) => box.element),
      ),
    ),
    ids: () => boxes.filter((box) => box.input.checked).map((box) => box.id),
  };
}

function editor(asset: ManagedAsset, assets: ManagedAsset[], quals: Qualification[]): HTMLElement {
  const status = h("div", { "aria-live": "polite" });
  const modeId = fieldId("operator");
  const mode = h(
    "select",
    { class: "input", id: modeId, name: "operator", "data-testid": "operator-mode" },
    MODES.map((value) =>
      h("option", { value, selected: (asset.operator ?? "none") === value }, t(`operators.mode.${value}`)),
    ),
  );
  const staff = checkField("operator-staff", t("operators.isStaff"), asset.resource_type === "staff");
  const operates = checkList(
    t("operators.operates"),
    "operator-operates",
    assets.filter((other) => other.id !== asset.id && other.resource_type !== "staff"),
    asset.operates ?? [],
  );
  const holds = quals.length
    ? checkList(t("operators.holds"), "operator-holds", quals, asset.holds ?? [])
    : { element: h("p", { class: "muted small" }, t("operators.noQualifications")), ids: () => [] as number[] };
  const technician = h("div", { class: "stack" }, operates.element, holds.element);
  const showTechnician = () => (technician.hidden = !staff.input.checked);
  staff.input.addEventListener("change", showTechnician);
  showTechnician();
  const save = busyButton(t("operators.save"), { class: "btn", "data-testid": "operator-save" }, async () => {
    const isStaff = staff.input.checked;
    try {
      await apiPatch<ManagedAsset>(`/assets/${asset.id}/`, {
        operator: mode.value as Mode,
        resource_type: isStaff ? "staff" : "equipment",
        operates: isStaff ? operates.ids() : [],
        holds: isStaff ? holds.ids() : [],
      });
      status.replaceChildren(
        h("div", { class: "alert alert--ok", role: "status", "data-testid": "operator-saved" }, t("operators.saved")),
      );
    } catch (error) {
      status.replaceChildren(errorBox(error, "operator-error"));
    }
  });
  return h(
    "div",
    { class: "stack" },
    h("div", { class: "field" }, h("label", { class: "field__label", for: modeId }, t("operators.mode")), mode),
    staff.element,
    technician,
    h("div", { class: "actions" }, save),
    status,
  );
}

export function renderOperators(asset: ManagedAsset): HTMLElement {
  const body = h("div", { class: "stack" });
  void fill(
    body,
    () => Promise.all([apiGet<ManagedAsset[]>("/assets/"), apiGet<Qualification[]>("/qualifications/")]),
    ([assets, quals]) => editor(asset, assets, quals),
  );
  return section(
    "manage-operators",
    t("operators.manageTitle"),
    h("p", { class: "muted small" }, t("operators.manageIntro")),
    body,
  );
}
