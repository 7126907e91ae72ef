// Placeholder while the page is being built; replaced by its area's work.
import { h } from "../dom";
import { t } from "../i18n";
import { pageTitle } from "../ui";

export function renderClusterPage(): HTMLElement {
  document.title = t("cluster.docTitle");
  return h(
    "div",
    { class: "stack", "data-testid": "cluster-page" },
    pageTitle(t("cluster.title"), t("cluster.coming")),
  );
}
