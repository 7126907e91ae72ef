// Placeholder while the page is being built; replaced by its area's work.
import { h } from "../dom";
import { t } from "../i18n";
import { pageTitle } from "../ui";

export function renderChangesPage(): HTMLElement {
  document.title = t("changes.docTitle");
  return h(
    "div",
    { class: "stack", "data-testid": "changes-page" },
    pageTitle(t("changes.title"), t("changes.coming")),
  );
}
