import { h } from "../dom";
import { getLanguage, LANGUAGES, setLanguage, t, type MessageKey } from "../i18n";

/** EN | ES segmented control. Changing it re-renders the app via onLanguageChange. */
export function languageSwitch(): HTMLElement {
  const current = getLanguage();
  return h(
    "div",
    { class: "lang-switch", role: "group", "aria-label": t("language.label"), "data-testid": "language-switch" },
    LANGUAGES.map((lang) =>
      h(
        "button",
        {
          type: "button",
          class: "lang-switch__option",
          lang,
          "aria-pressed": String(lang === current),
          title: t(`language.${lang}` as MessageKey),
          "data-testid": `language-${lang}`,
          onClick: () => setLanguage(lang),
        },
        // The name starts with what is seen ("EN"), then says it in full for screen readers.
        lang.toUpperCase(),
        h("span", { class: "visually-hidden" }, ` ${t(`language.${lang}` as MessageKey)}`),
      ),
    ),
  );
}
