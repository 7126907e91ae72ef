// Changes page (cluster admins and accountants; read-only for everyone): the record of how the cluster runs,
// newest first, filtered by what changed, who changed it, an asset, a member company and dates.

import { apiGet } from "../api";
import { getAll } from "../catalog";
import { actionLabel, changeLines } from "../cluster/changeText";
import { input, select, stackTable, type Change, type ClusterUser } from "../cluster/parts";
import { h } from "../dom";
import { formatMoment, formatNumber } from "../format";
import { t, type MessageKey } from "../i18n";
import type { PageContext } from "../pageContext";
import { pathWithQuery } from "../router";
import type { Asset, Member, Paginated } from "../types";
import { dateSaid, empty, fill, pageTitle } from "../ui";
import "../messages/cluster"; // this area's strings

export const PAGE_SIZE = 25;
const FILTERS = ["target_type", "by", "asset", "member", "from", "to"] as const;
type Filter = (typeof FILTERS)[number];

const TARGET_TYPES = ["accounts.member", "accounts.user", "assets.asset", "assets.assetgroup", "bookings.quota"];

function option(value: string, label: string, current: string | null): HTMLOptionElement {
  return h("option", { value, selected: value === (current ?? "") }, label);
}

function filterField(label: string, control: HTMLElement, hint: HTMLElement | null = null): HTMLElement {
  return h("div", { class: "field" }, h("label", { class: "field__label", for: control.id }, label), control, hint);
}

export function renderChangesPage({ query, user, navigate }: PageContext): HTMLElement {
  document.title = t("changes.docTitle");
  const current = Object.fromEntries(FILTERS.map((name) => [name, query.get(name)])) as Record<Filter, string | null>;
  const page = Math.max(1, Number(query.get("page")) || 1);

  const what = select(
    "changes-target-type",
    [
      ["", t("changes.anything")],
      ...TARGET_TYPES.map((type): [string, string] => [type, t(`changes.type.${type}` as MessageKey)]),
    ],
    current.target_type ?? "",
  );
  const who = h(
    "select",
    { id: "changes-by", name: "by", class: "input", "data-testid": "changes-by" },
    option("", t("changes.anyone"), current.by),
  );
  const asset = h(
    "select",
    { id: "changes-asset", name: "asset", class: "input", "data-testid": "changes-asset" },
    option("", t("changes.anyAsset"), current.asset),
  );
  const member = h(
    "select",
    { id: "changes-member", name: "member", class: "input", "data-testid": "changes-member" },
    option("", t("changes.anyMember"), current.member),
  );
  const from = input("changes-from", { type: "date", value: current.from ?? "" });
  const to = input("changes-to", { type: "date", value: current.to ?? "" });

  // Options load in the background; a chosen one is kept even before they arrive.
  void getAll<Asset>("/assets/").then((rows) =>
    rows.forEach((a) => asset.append(option(String(a.id), a.name, current.asset))),
  );
  void getAll<Member>("/members/").then((rows) =>
    rows.forEach((m) => member.append(option(String(m.id), m.name, current.member))),
  );
  const people = user.cluster_roles.includes("cluster_admin")
    ? getAll<ClusterUser>("/users/?page_size=200").then((rows) => rows.map((u) => ({ id: u.id, name: u.username })))
    : Promise.resolve([] as { id: number; name: string }[]);

  const go = (params: Record<string, string | number | null>) => navigate(pathWithQuery("changes", params));
  const form = h(
    "form",
    {
      class: "card filters",
      "aria-label": t("changes.filters"),
      onSubmit: (event: Event) => {
        event.preventDefault();
        go({
          target_type: what.value,
          by: who.value,
          asset: asset.value,
          member: member.value,
          from: from.value,
          to: to.value,
        });
      },
    },
    filterField(t("changes.what"), what),
    filterField(t("changes.who"), who),
    filterField(t("changes.asset"), asset),
    filterField(t("changes.member"), member),
    filterField(t("changes.from"), from, dateSaid(from)),
    filterField(t("changes.to"), to, dateSaid(to)),
    h(
      "div",
      { class: "actions filters__actions" },
      h("button", { type: "submit", class: "btn btn--primary", "data-testid": "changes-apply" }, t("changes.apply")),
      h("a", { class: "btn btn--ghost", href: "#/changes", "data-testid": "changes-clear" }, t("changes.clear")),
    ),
  );

  const params = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  for (const name of FILTERS) if (current[name]) params.set(name, current[name] as string);
  const results = h("div", { class: "stack", "data-testid": "changes" });
  void fill(
    results,
    () => Promise.all([apiGet<Paginated<Change>>(`/changes/?${params}`), people]),
    ([answer, users]) => {
      const authors = new Map(users.map((u) => [u.id, u.name]));
      answer.results.forEach((c) => c.by && authors.set(c.by.id, c.by.name));
      if (current.by && !authors.has(Number(current.by))) authors.set(Number(current.by), `#${current.by}`);
      [...authors]
        .sort((a, b) => a[1].localeCompare(b[1]))
        .forEach(([id, name]) => who.append(option(String(id), name, current.by)));
      if (!answer.results.length) return empty(t("changes.none"), t("changes.noneBody"));
      const pages = Math.max(1, Math.ceil(answer.count / PAGE_SIZE));
      const here = Object.fromEntries(FILTERS.map((name) => [name, current[name]]));
      return [
        h(
          "p",
          { class: "muted small", "data-testid": "changes-count" },
          t("changes.count", { count: formatNumber(answer.count) }),
        ),
        stackTable(
          "changes-table",
          [t("changes.when"), t("changes.who"), t("changes.what"), t("changes.change")],
          answer.results.map((c) => [
            formatMoment(c.at),
            c.by?.name ?? t("changes.system"),
            h(
              "span",
              null,
              h("span", { class: "strong", "data-testid": "change-action" }, actionLabel(c.action)),
              h("br"),
              c.target_label,
            ),
            changeLines(c.before, c.after),
          ]),
          "change-row",
        ),
        h(
          "nav",
          { class: "actions", "aria-label": t("changes.pages") },
          page > 1
            ? h(
                "a",
                {
                  class: "btn btn--ghost btn--small",
                  href: `#${pathWithQuery("changes", { ...here, page: page - 1 })}`,
                  "data-testid": "changes-prev",
                },
                t("changes.previous"),
              )
            : null,
          h("span", { class: "muted small" }, t("changes.pageOf", { page, pages })),
          page < pages
            ? h(
                "a",
                {
                  class: "btn btn--ghost btn--small",
                  href: `#${pathWithQuery("changes", { ...here, page: page + 1 })}`,
                  "data-testid": "changes-next",
                },
                t("changes.next"),
              )
            : null,
        ),
      ];
    },
  );
  return h(
    "div",
    { class: "stack", "data-testid": "changes-page" },
    pageTitle(t("changes.title"), t("changes.subtitle")),
    form,
    results,
  );
}
