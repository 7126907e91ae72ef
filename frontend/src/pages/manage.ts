// Placeholder while the page is being built; replaced by its area's work.
import { h } from "../dom";
import { t } from "../i18n";
import { pageTitle } from "../ui";

export function renderManagePage(): HTMLElement {
  document.title = t("manage.docTitle");
  return h("div", { class: "stack", "data-testid": "manage-page" }, pageTitle(t("manage.title"), t("manage.coming")));
}
