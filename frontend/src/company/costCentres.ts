// The company's cost centres: list, add, deactivate (a used one is never deleted) and reactivate.

import { ApiError } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { busyButton, empty, errorBox, errorText, fill, showFieldError } from "../ui";
import { addCostCentre, getCostCentres, setCostCentreActive, type CostCentre } from "./data";
import "../messages/company"; // this area's strings

export function costCentresSection(member: number): HTMLElement {
  const status = h("p", { class: "muted", role: "status", "data-testid": "centres-status" });
  const list = h("div");
  const reload = () =>
    fill(
      list,
      () => getCostCentres(member),
      (centres) => (centres.length ? centreTable(centres) : empty(t("company.noCentres"), t("company.noCentresBody"))),
      (error) => errorBox(error, "centres-error"),
    );

  function centreTable(centres: CostCentre[]): HTMLElement {
    return h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "table table--stack", "data-testid": "cost-centres" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, t("company.code")),
            h("th", { scope: "col" }, t("company.centreName")),
            h("th", { scope: "col" }, t("company.state")),
            h("th", { scope: "col", class: "num" }, h("span", { class: "visually-hidden" }, t("company.actions"))),
          ),
        ),
        h(
          "tbody",
          null,
          centres.map((centre) => {
            const error = h("span", { class: "field__error", role: "alert", hidden: true });
            return h(
              "tr",
              { "data-testid": `centre-${centre.code}` },
              h("td", { "data-label": t("company.code") }, h("span", { class: "strong" }, centre.code)),
              h("td", { "data-label": t("company.centreName") }, centre.name || "—"),
              h(
                "td",
                { "data-label": t("company.state") },
                h(
                  "span",
                  { class: `chip${centre.active ? " chip--accent" : ""}` },
                  centre.active ? t("company.active") : t("company.inactive"),
                ),
              ),
              h(
                "td",
                { class: "num", "data-label": "" },
                busyButton(
                  centre.active ? t("company.deactivate") : t("company.reactivate"),
                  {
                    class: "btn btn--ghost btn--small",
                    "aria-label": t(centre.active ? "company.deactivateOf" : "company.reactivateOf", {
                      code: centre.code,
                    }),
                    "data-testid": `toggle-${centre.code}`,
                  },
                  async () => {
                    try {
                      await setCostCentreActive(centre.id, !centre.active);
                      await reload();
                    } catch (err) {
                      error.textContent = errorText(err);
                      error.hidden = false;
                    }
                  },
                ),
                error,
              ),
            );
          }),
        ),
      ),
    );
  }

  const code = h("input", { id: "centre-code", class: "input", maxlength: "50", "data-testid": "centre-code" });
  const name = h("input", { id: "centre-name", class: "input", maxlength: "200", "data-testid": "centre-name" });
  const codeError = h("p", { class: "field__error", id: "centre-code-error", role: "alert", hidden: true });
  const nameError = h("p", { class: "field__error", id: "centre-name-error", role: "alert", hidden: true });
  const general = h("div", { class: "alert alert--error", role: "alert", hidden: true });
  const mark = (input: HTMLInputElement, node: HTMLElement, messages: string[]) =>
    void showFieldError(input, node, messages);
  const add = busyButton(t("company.add"), { class: "btn btn--primary", "data-testid": "centre-add" }, async () => {
    status.textContent = "";
    general.hidden = true;
    try {
      const created = await addCostCentre(member, code.value.trim(), name.value.trim());
      mark(code, codeError, []);
      mark(name, nameError, []);
      code.value = "";
      name.value = "";
      status.textContent = t("company.centreAdded", { code: created.code });
      await reload();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      const codeMessages =
        fields.code ?? (error instanceof ApiError && error.code === "code_taken" ? [error.message] : []);
      mark(code, codeError, codeMessages);
      mark(name, nameError, fields.name ?? []);
      if (!codeMessages.length && !fields.name) {
        general.textContent = errorText(error);
        general.hidden = false;
      }
      (codeMessages.length ? code : name).focus();
    }
  });
  const form = h(
    "form",
    {
      class: "card stack",
      novalidate: true,
      "data-testid": "centre-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        add.click();
      },
    },
    general,
    h(
      "div",
      { class: "row2" },
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: code.id }, t("company.code")),
        code,
        codeError,
      ),
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: name.id }, t("company.centreName")),
        name,
        nameError,
      ),
    ),
    h("div", { class: "actions" }, add),
  );
  void reload();
  return h("div", { class: "stack" }, h("div", { class: "card card--flush" }, list), status, form);
}
