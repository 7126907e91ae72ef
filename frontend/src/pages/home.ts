import { appHeader } from "../components/header";
import { h, svg } from "../dom";
import { t } from "../i18n";
import { displayName, roleLabel, userRoles } from "../roles";
import type { Me } from "../types";

export interface HomePageOptions {
  user: Me;
  onLogout: () => Promise<void>;
  notice?: HTMLElement | null;
}

function calendarIcon(): SVGElement {
  const line = (d: string) => svg("path", { d, fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round" });
  return svg(
    "svg",
    { viewBox: "0 0 48 48", width: "48", height: "48", "aria-hidden": "true", class: "welcome__icon" },
    svg("rect", { x: "6", y: "10", width: "36", height: "32", rx: "6", fill: "none", stroke: "currentColor", "stroke-width": "2" }),
    line("M6 19h36"),
    line("M16 6v8"),
    line("M32 6v8"),
    svg("rect", { x: "13", y: "25", width: "7", height: "6", rx: "1.5", fill: "currentColor", opacity: "0.35" }),
    svg("rect", { x: "25", y: "25", width: "7", height: "6", rx: "1.5", fill: "currentColor" }),
    svg("rect", { x: "13", y: "33", width: "7", height: "5", rx: "1.5", fill: "currentColor", opacity: "0.35" }),
  );
}

function checkIcon(): SVGElement {
  return svg(
    "svg",
    { viewBox: "0 0 20 20", width: "20", height: "20", "aria-hidden": "true", class: "features__icon" },
    svg("circle", { cx: "10", cy: "10", r: "10", fill: "currentColor", opacity: "0.15" }),
    svg("path", { d: "M6 10.5l2.5 2.5L14 7.5", fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round", "stroke-linejoin": "round" }),
  );
}

function memberInitials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0][0] + words[1][0] : name.slice(0, 2)).toUpperCase();
}

export function renderHomePage({ user, onLogout, notice }: HomePageOptions): HTMLElement {
  document.title = t("home.docTitle");
  const clusterRoles = userRoles({ memberships: [], cluster_roles: user.cluster_roles });

  const memberships = user.memberships.length
    ? h(
        "ul",
        { class: "memberships", "data-testid": "memberships" },
        user.memberships.map((membership) =>
          h(
            "li",
            { class: "memberships__item" },
            h("span", { class: "avatar avatar--square", "aria-hidden": "true" }, memberInitials(membership.member.name)),
            h(
              "div",
              { class: "memberships__text" },
              h("span", { class: "memberships__name" }, membership.member.name),
              h("span", { class: "memberships__role" }, roleLabel(membership.role)),
            ),
          ),
        ),
      )
    : h("p", { class: "muted", "data-testid": "memberships-empty" }, t("home.noMemberships"));

  return h(
    "div",
    { class: "app" },
    appHeader({ user, onLogout }),
    h(
      "main",
      { class: "container page", id: "main" },
      notice ?? null,
      h(
        "div",
        { class: "home-grid" },
        h(
          "section",
          { class: "card welcome", "aria-labelledby": "welcome-title", "data-testid": "welcome-card" },
          h("div", { class: "welcome__head" }, calendarIcon(), h("span", { class: "badge" }, t("home.badge"))),
          h("h1", { class: "welcome__title", id: "welcome-title" }, t("home.welcome", { name: displayName(user) })),
          h("h2", { class: "welcome__subtitle" }, t("home.comingTitle")),
          h("p", { class: "welcome__body" }, t("home.comingBody")),
          h(
            "ul",
            { class: "features" },
            (["home.featureAvailability", "home.featureBooking", "home.featureHistory"] as const).map((key) =>
              h("li", { class: "features__item" }, checkIcon(), h("span", null, t(key))),
            ),
          ),
        ),
        h(
          "section",
          { class: "card", "aria-labelledby": "memberships-title" },
          h("h2", { class: "card__title", id: "memberships-title" }, t("home.membershipsTitle")),
          memberships,
          clusterRoles.length
            ? h(
                "div",
                { class: "cluster-roles" },
                h("h3", { class: "card__subtitle" }, t("home.clusterRolesTitle")),
                h("ul", { class: "chips" }, clusterRoles.map((role) => h("li", { class: "chip chip--accent" }, roleLabel(role)))),
              )
            : null,
        ),
      ),
    ),
  );
}
