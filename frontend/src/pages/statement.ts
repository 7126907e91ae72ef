// Placeholder while the page is being built; replaced by the accounting area's work.
import { h } from "../dom";
import { t } from "../i18n";
import type { PageContext } from "../pageContext";
import { pageTitle } from "../ui";

export function renderStatementPage(context: PageContext): HTMLElement {
  document.title = t("statement.docTitle");
  return h(
    "div",
    { class: "stack", "data-testid": "statement-page" },
    pageTitle(`${t("statement.title")} ${context.id}`),
  );
}
