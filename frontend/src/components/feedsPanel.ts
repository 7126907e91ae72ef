// Calendar feeds: the personal ICS links of the person's companies and of each asset, to copy or open in a
// calendar app (webcal:), and replacing the secret in them when a link has leaked.

import { apiGet, apiPost } from "../api";
import { loadCatalog } from "../catalog";
import { h } from "../dom";
import { t } from "../i18n";
import { busyButton, errorBox, loading } from "../ui";
import type { CalendarFeeds, Me } from "../types";

function webcal(url: string): string {
  return url.replace(/^https?:/, "webcal:");
}

function feedRow(label: string, url: string, testid: string): HTMLElement {
  const field = h("input", {
    class: "input feeds__url",
    readonly: true,
    value: url,
    "aria-label": t("feeds.urlOf", { name: label }),
    "data-testid": `${testid}-url`,
    onFocus: () => field.select(),
  });
  const copied = h("span", { class: "muted small", "aria-live": "polite" });
  return h(
    "li",
    { class: "feeds__item", "data-testid": testid },
    h("p", { class: "strong" }, label),
    field,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          class: "btn btn--ghost btn--small",
          "data-testid": `${testid}-copy`,
          onClick: async () => {
            try {
              await navigator.clipboard.writeText(url);
              copied.textContent = t("feeds.copied");
            } catch {
              field.focus();
              copied.textContent = t("feeds.copyByHand");
            }
          },
        },
        t("feeds.copy"),
      ),
      h(
        "a",
        { class: "btn btn--ghost btn--small", href: webcal(url), "data-testid": `${testid}-webcal` },
        t("feeds.subscribe"),
      ),
      copied,
    ),
  );
}

export async function feedsContent(user: Me, feeds: CalendarFeeds, body: HTMLElement): Promise<void> {
  const catalog = await loadCatalog();
  const members = user.memberships.map((m) => m.member);
  body.replaceChildren(
    h("p", { class: "muted small" }, t("feeds.help")),
    members.length
      ? h(
          "section",
          { class: "stack" },
          h("h3", { class: "card__subtitle" }, t("feeds.companies")),
          h(
            "ul",
            { class: "feeds__list" },
            members
              .filter((m) => feeds.member_feed_urls[String(m.id)])
              .map((m) => feedRow(m.name, feeds.member_feed_urls[String(m.id)], "feed-member")),
          ),
        )
      : h("p", { class: "muted small" }, t("feeds.noCompany")),
    h(
      "details",
      { class: "feeds__assets" },
      h("summary", null, t("feeds.assets")),
      h(
        "ul",
        { class: "feeds__list" },
        catalog.assets.map((a) =>
          feedRow(a.name, feeds.asset_feed_url_template.replace("{id}", String(a.id)), "feed-asset"),
        ),
      ),
    ),
    h(
      "section",
      { class: "stack feeds__rotate" },
      h("h3", { class: "card__subtitle" }, t("feeds.rotateTitle")),
      h("p", { class: "muted small" }, t("feeds.rotateHelp")),
      h(
        "div",
        { class: "actions" },
        busyButton(t("feeds.rotate"), { class: "btn btn--danger-ghost", "data-testid": "feeds-rotate" }, async () => {
          if (!window.confirm(t("feeds.rotateConfirm"))) return;
          await feedsContent(user, await apiPost<CalendarFeeds>("/me/calendar-token/"), body);
          body.prepend(
            h("p", { class: "alert alert--ok", role: "status", "data-testid": "feeds-rotated" }, t("feeds.rotated")),
          );
        }),
      ),
    ),
  );
}

export function openFeedsPanel(user: Me): void {
  const body = h("div", { class: "stack" }, loading());
  const dialog = h(
    "dialog",
    { class: "dialog dialog--wide", "aria-labelledby": "feeds-title", "data-testid": "feeds-panel" },
    h(
      "div",
      { class: "dialog__head" },
      h("h2", { class: "card__title", id: "feeds-title" }, t("feeds.title")),
      h(
        "button",
        {
          type: "button",
          class: "btn btn--ghost btn--small",
          "data-testid": "feeds-close",
          onClick: () => dialog.close(),
        },
        t("common.close"),
      ),
    ),
    body,
  );
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  apiGet<CalendarFeeds>("/me/calendar-token/")
    .then((feeds) => feedsContent(user, feeds, body))
    .catch((error) => body.replaceChildren(errorBox(error, "feeds-error")));
}
