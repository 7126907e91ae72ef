// Placeholder while the page is being built; replaced by its area's work.
import { h } from "../dom";
import { t } from "../i18n";
import { pageTitle } from "../ui";

export function renderCompanyPage(): HTMLElement {
  document.title = t("company.docTitle");
  return h(
    "div",
    { class: "stack", "data-testid": "company-page" },
    pageTitle(t("company.title"), t("company.coming")),
  );
}
