import { brand } from "./brand";
import { languageSwitch } from "./languageSwitch";
import { h, svg } from "../dom";
import { t } from "../i18n";
import { displayName, initials, primaryMemberName, userRoleLabels } from "../roles";
import type { Me } from "../types";

export interface HeaderOptions {
  user: Me;
  onLogout: () => Promise<void>;
}

function logoutIcon(): SVGElement {
  const stroke = {
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
  };
  return svg(
    "svg",
    { viewBox: "0 0 24 24", width: "18", height: "18", "aria-hidden": "true" },
    svg("path", { d: "M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4", ...stroke }),
    svg("path", { d: "M16 17l5-5-5-5", ...stroke }),
    svg("path", { d: "M21 12H9", ...stroke }),
  );
}

export function appHeader({ user, onLogout }: HeaderOptions): HTMLElement {
  const logoutLabel = h("span", { class: "topbar__logout-label" }, t("header.logout"));
  const logoutButton = h(
    "button",
    {
      type: "button",
      class: "btn btn--ghost topbar__logout",
      title: t("header.logout"),
      "data-testid": "logout",
      onClick: async () => {
        logoutButton.disabled = true;
        logoutButton.setAttribute("aria-busy", "true");
        logoutLabel.textContent = t("header.loggingOut");
        try {
          await onLogout();
        } finally {
          // If the page is still shown (logout failed), make the button usable again.
          logoutButton.disabled = false;
          logoutButton.removeAttribute("aria-busy");
          logoutLabel.textContent = t("header.logout");
        }
      },
    },
    logoutIcon(),
    logoutLabel,
  );
  const roles = userRoleLabels(user);
  const member = primaryMemberName(user);

  const menu = h(
    "div",
    { class: "user-menu", id: "user-menu", hidden: true, "data-testid": "user-menu" },
    h(
      "a",
      { class: "user-menu__item", href: "#/account", "data-testid": "open-account", onClick: () => closeMenu() },
      t("account.menuItem"),
    ),
    h(
      "button",
      {
        type: "button",
        class: "user-menu__item",
        "data-testid": "open-feeds",
        onClick: () => {
          closeMenu();
          void import("./feedsPanel").then(({ openFeedsPanel }) => openFeedsPanel(user));
        },
      },
      t("feeds.menuItem"),
    ),
  );
  const menuButton = h(
    "button",
    {
      type: "button",
      class: "topbar__user",
      "aria-expanded": "false",
      "aria-controls": "user-menu",
      "data-testid": "user-menu-button",
    },
    h("span", { class: "avatar", "aria-hidden": "true" }, initials(user)),
    h(
      "span",
      { class: "topbar__who" },
      h("span", { class: "topbar__name", "data-testid": "header-user" }, displayName(user)),
      h(
        "span",
        { class: "topbar__meta", title: user.memberships.length ? `${member} · ${roles}` : roles },
        user.memberships.length
          ? [
              h("span", { "data-testid": "header-member" }, member),
              h("span", { class: "topbar__sep", "aria-hidden": "true" }, " · "),
            ]
          : null,
        h("span", { "data-testid": "header-role" }, roles),
      ),
    ),
    h("span", { class: "topbar__chevron", "aria-hidden": "true" }, "▾"),
  );
  const closeMenu = () => {
    menu.hidden = true;
    menuButton.setAttribute("aria-expanded", "false");
  };
  menuButton.addEventListener("click", () => {
    menu.hidden = !menu.hidden;
    menuButton.setAttribute("aria-expanded", String(!menu.hidden));
    if (!menu.hidden) menu.querySelector<HTMLElement>("a, button")?.focus();
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      closeMenu();
      menuButton.focus();
    }
  });

  return h(
    "header",
    { class: "topbar" },
    h(
      "div",
      { class: "topbar__inner container" },
      h("a", { class: "topbar__brand", href: "#/calendar" }, brand()),
      h("nav", { class: "topbar__user-wrap", "aria-label": t("header.user") }, menuButton, menu),
      h("div", { class: "topbar__actions" }, languageSwitch(), logoutButton),
    ),
  );
}
