// The person's API tokens on a page of their own (#/account/tokens), until the Account page hosts the section.

import { renderTokens } from "../account/tokens";
import { h } from "../dom";
import { t } from "../i18n";
import { pageTitle } from "../ui";
import "../messages/tokens"; // this area's strings

export function renderAccountTokensPage(): HTMLElement {
  document.title = t("tokens.docTitle");
  return h(
    "div",
    { class: "stack", "data-testid": "tokens-page" },
    pageTitle(t("tokens.title")),
    renderTokens(h("div", { class: "stack" })),
  );
}
