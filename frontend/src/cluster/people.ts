// People section of the Cluster page: every user with its companies and cluster roles; a cluster admin makes
// accountants and other cluster admins (never removing its own admin role, nor the last one).

import { apiGet, apiPatch } from "../api";
import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import type { Paginated } from "../types";
import { busyButton, empty, fill } from "../ui";
import { displayName } from "./assets";
import { input, section, showInline, stackTable, type ClusterUser } from "./parts";
import "../messages/cluster"; // this area's strings

export function peopleSection(me: number): HTMLElement {
  const results = h("div", { class: "stack", "data-testid": "people-results" });
  const search = input("people-q", { type: "search", maxlength: "100" });
  const load = (): Promise<void> =>
    fill(
      results,
      () => apiGet<Paginated<ClusterUser>>(`/users/?${new URLSearchParams({ q: search.value, page_size: "50" })}`),
      (page) =>
        page.results.length
          ? [
              stackTable(
                "people-table",
                [
                  t("cluster.people.person"),
                  t("cluster.people.companies"),
                  t("cluster.people.accountant"),
                  t("cluster.people.admin"),
                  t("cluster.actions"),
                ],
                page.results.map((user) => personRow(user, me, load)),
                "person-row",
              ),
              page.count > page.results.length
                ? h("p", { class: "muted small" }, t("cluster.people.more", { count: page.count }))
                : null,
            ]
          : empty(t("cluster.people.none")),
    );
  const form = h(
    "form",
    { class: "inline-fields", role: "search" },
    h("label", { class: "field__label", for: search.id }, t("cluster.people.search")),
    search,
    h("button", { type: "submit", class: "btn btn--ghost", "data-testid": "people-search" }, t("cluster.people.find")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void load();
  });
  void load();
  return section(
    "cluster-people",
    t("cluster.people.title"),
    h("p", { class: "muted small" }, t("cluster.people.help")),
    form,
    results,
  );
}

function personRow(user: ClusterUser, me: number, reload: () => Promise<void>) {
  const box = (name: "is_accountant" | "is_staff", label: string) =>
    h("input", {
      type: "checkbox",
      checked: user[name],
      "aria-label": t(label as MessageKey, { name: user.username }),
      "data-testid": `${name}-${user.username}`,
      disabled: name === "is_staff" && user.id === me && user.is_staff,
    });
  const accountant = box("is_accountant", "cluster.people.accountantOf");
  const admin = box("is_staff", "cluster.people.adminOf");
  const error = h("p", {
    class: "field__error",
    hidden: true,
    id: `person-${user.id}-error`,
    "data-testid": "person-error",
  });
  admin.setAttribute("aria-describedby", error.id);
  return [
    h(
      "span",
      null,
      h("span", { class: "strong" }, displayName(user)),
      user.is_active ? null : h("span", { class: "muted small" }, ` · ${t("cluster.people.disabled")}`),
    ),
    user.memberships.length || user.cluster_roles.includes("asset_manager")
      ? h(
          "span",
          { class: "chips" },
          user.memberships.map((m) => h("span", { class: "chip" }, `${m.name} · ${t(`role.${m.role}` as MessageKey)}`)),
          user.cluster_roles.includes("asset_manager") ? h("span", { class: "chip" }, t("role.asset_manager")) : null,
        )
      : "—",
    accountant,
    admin,
    h(
      "div",
      { class: "actions" },
      busyButton(
        t("cluster.save"),
        { class: "btn btn--small btn--ghost", "data-testid": `save-roles-${user.username}` },
        async () => {
          try {
            await apiPatch(`/users/${user.id}/`, { is_accountant: accountant.checked, is_staff: admin.checked });
            await reload();
          } catch (e) {
            showInline(admin, error, e, "is_staff");
          }
        },
      ),
      error,
    ),
  ];
}
