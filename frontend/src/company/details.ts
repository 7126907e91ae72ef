// The company's details: billing e-mail and tax id for its member admins; name, tier and the default cost centre
// for cluster admins (shown, not editable, to member admins). Errors go next to their field.

import { ApiError } from "../api";
import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import { isClusterAdmin } from "../roles";
import { busyButton, errorBox, errorText, fill, showFieldError } from "../ui";
import type { Me } from "../types";
import { getCompanies, updateCompany, type Company, type CompanyChanges } from "./data";
import "../messages/company"; // this area's strings

type Field = "name" | "tier" | "tax_id" | "billing_email" | "cost_centre";
const TIERS = ["full", "associate", "external"] as const;

export function detailsSection(member: number, me: Me): HTMLElement {
  const body = h("div");
  void fill(
    body,
    async () => (await getCompanies()).find((c) => c.id === member) ?? null,
    (company) => (company ? detailsForm(company, isClusterAdmin(me)) : errorBox(new Error())),
    (error) => errorBox(error, "details-error"),
  );
  return body;
}

function detailsForm(company: Company, clusterAdmin: boolean): HTMLElement {
  const status = h("p", { class: "muted", role: "status", "data-testid": "details-status" });
  const general = h("div", { class: "alert alert--error", role: "alert", hidden: true });
  const controls = new Map<Field, HTMLInputElement | HTMLSelectElement>();
  const errors = new Map<Field, HTMLElement>();

  const field = (name: Field, label: MessageKey, control: HTMLInputElement | HTMLSelectElement, help?: string) => {
    const editable = clusterAdmin || name === "tax_id" || name === "billing_email";
    control.id = `company-${name}`;
    control.disabled = !editable;
    const error = h("p", { class: "field__error", id: `company-${name}-error`, role: "alert", hidden: true });
    const hint = editable ? help : t("company.clusterOnly");
    const hintNode = hint ? h("p", { class: "field__hint muted", id: `company-${name}-hint` }, hint) : null;
    if (hintNode) control.setAttribute("aria-describedby", hintNode.id);
    controls.set(name, control);
    errors.set(name, error);
    return h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: control.id }, t(label)),
      control,
      hintNode,
      error,
    );
  };
  const input = (name: Field, value: string, type = "text") =>
    h("input", { class: "input", type, name, value, "data-testid": `company-${name}`, maxlength: "200" });
  const tier = h(
    "select",
    { class: "input", name: "tier", "data-testid": "company-tier" },
    TIERS.map((value) =>
      h("option", { value, selected: value === company.tier }, t(`company.tier.${value}` as MessageKey)),
    ),
  );

  const showErrors = (error: unknown) => {
    const fields = error instanceof ApiError ? error.fieldErrors : {};
    let placed = false;
    for (const [name, node] of errors) {
      const messages = fields[name] ?? [];
      if (showFieldError(controls.get(name)!, node, messages)) placed = true;
    }
    general.textContent = error && !placed ? errorText(error) : "";
    general.hidden = !error || placed;
  };

  const save = busyButton(t("company.save"), { class: "btn btn--primary", "data-testid": "details-save" }, async () => {
    status.textContent = "";
    const changes: Record<string, string> = {};
    for (const [name, control] of controls) {
      const before = (company as Record<string, unknown>)[name] ?? "";
      if (!control.disabled && control.value !== before) changes[name] = control.value.trim();
    }
    try {
      const saved = await updateCompany(company.id, changes as CompanyChanges);
      Object.assign(company, saved);
      showErrors(null);
      status.textContent = t("company.saved");
    } catch (error) {
      showErrors(error);
      form.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
    }
  });

  const form = h(
    "form",
    {
      class: "card stack",
      novalidate: true,
      "data-testid": "company-details",
      onSubmit: (event: Event) => {
        event.preventDefault();
        save.click();
      },
    },
    general,
    h(
      "div",
      { class: "row2" },
      field("name", "company.name", input("name", company.name)),
      field("tier", "company.tier", tier),
    ),
    h(
      "div",
      { class: "row2" },
      field("billing_email", "company.billingEmail", input("billing_email", company.billing_email ?? "", "email")),
      field("tax_id", "company.taxId", input("tax_id", company.tax_id ?? "")),
    ),
    field(
      "cost_centre",
      "company.defaultCostCentre",
      input("cost_centre", company.cost_centre ?? ""),
      t("company.defaultCostCentreHelp"),
    ),
    h("div", { class: "actions" }, save),
    status,
  );
  return form;
}
