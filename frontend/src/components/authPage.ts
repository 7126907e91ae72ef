import { h } from "../dom";
import { t } from "../i18n";
import { brand } from "./brand";
import { languageSwitch } from "./languageSwitch";

/** The frame of the pages outside the app (password, invitation, waiting for approval): brand and language on
 * top, one card in the middle with `card` attributes and `content`, the tagline below. */
export function authPage(card: Record<string, string>, ...content: (HTMLElement | null)[]): HTMLElement {
  return h(
    "div",
    { class: "auth" },
    h("header", { class: "auth__top" }, brand(), languageSwitch()),
    h(
      "main",
      { class: "auth__main" },
      h("section", { ...card, class: `card auth__card ${card.class ?? ""}`.trim() }, ...content),
    ),
    h("footer", { class: "auth__footer" }, `${t("app.name")} · ${t("app.tagline")}`),
  );
}
