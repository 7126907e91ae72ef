import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";

import { API_BASE, apiGet } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import {
  amountIn,
  currenciesOf,
  defaultPeriod,
  deltaText,
  heatColor,
  insightsPath,
  moneyText,
  type InsightsQuery,
  type Members,
  type Utilisation,
  type Withheld,
} from "../insightsData";
import { fill, pageTitle } from "../ui";
import type { AssetGroup } from "../types";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const charts: Chart[] = [];
const WEEKDAYS: MessageKey[] = ["insights.mon", "insights.tue", "insights.wed", "insights.thu", "insights.fri", "insights.sat", "insights.sun"];
const pct = (value: number | null) => (value === null ? "—" : `${value.toFixed(1)} %`);

function table(testid: string, head: string[], rows: (string | number)[][]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "table", "data-testid": testid },
      h("thead", null, h("tr", null, head.map((label, i) => h("th", { class: i ? "num" : null }, label)))),
      h("tbody", null, rows.map((row) => h("tr", null, row.map((cell, i) => h("td", { class: i ? "num" : null }, String(cell)))))),
    ),
  );
}

/** A bar chart on a canvas; the canvas carries its numbers in data-values so they can be checked against the API. */
function barChart(testid: string, labels: string[], datasets: { label: string; data: number[]; color: string }[], horizontal = false): HTMLElement {
  const canvas = h("canvas", { "data-testid": testid, "data-values": JSON.stringify(datasets.map((d) => d.data)), role: "img", "aria-label": datasets.map((d) => d.label).join(", ") });
  const box = h("div", { class: "chart-box", style: `height: ${Math.max(220, labels.length * (horizontal ? 34 : 0) + 120)}px` }, canvas);
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return;
    charts.push(
      new Chart(canvas, {
        type: "bar",
        data: { labels, datasets: datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.color })) },
        options: { indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: datasets.length > 1 } } },
      }),
    );
  });
  return box;
}

function section(title: string, help: string, ...children: HTMLElement[]): HTMLElement {
  return h("section", { class: "card stack" }, h("h2", { class: "card__title" }, title), h("p", { class: "muted small" }, help), ...children);
}

/** Said instead of the cluster's figures when they would reveal another company's own. */
function withheldNotice(withheld: Withheld, testid: string): HTMLElement {
  return h("div", { class: "alert alert--info", role: "status", "data-testid": testid }, h("strong", null, t("insights.withheld")), " ", withheld.detail);
}

function utilisationView(data: Utilisation): HTMLElement[] {
  const assets = data.assets;
  if (data.withheld) {
    return [
      section(
        t("insights.utilisation"),
        t("insights.openHoursHelp"),
        withheldNotice(data.withheld, "utilisation-withheld"),
        table("utilisation-table", [t("insights.asset"), t("insights.openHours")], assets.map((a) => [a.name, a.open_hours])),
      ),
    ];
  }
  const heat = h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "table heatmap", "data-testid": "heatmap" },
      h("thead", null, h("tr", null, h("th", null, ""), Array.from({ length: 24 }, (_, hour) => h("th", { class: "num" }, String(hour))))),
      h(
        "tbody",
        null,
        data.heatmap.map((row, weekday) =>
          h(
            "tr",
            null,
            h("th", null, t(WEEKDAYS[weekday])),
            row.map((cell) =>
              h(
                "td",
                { class: "heatmap__cell", style: `background: ${heatColor(cell.occupancy)}`, title: `${t(WEEKDAYS[weekday])} ${cell.hour}:00 · ${pct(cell.occupancy)} · ${cell.booked_hours}/${cell.open_hours} h`, "data-occupancy": cell.occupancy ?? "" },
                cell.occupancy === null ? "" : Math.round(cell.occupancy).toString(),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return [
    section(
      t("insights.utilisation"),
      t("insights.utilisationHelp", { percent: pct(data.totals.utilisation), booked: data.totals.booked_hours ?? "—", open: data.totals.open_hours }),
      barChart("utilisation-chart", assets.map((a) => a.name), [{ label: t("insights.utilisationPct"), data: assets.map((a) => a.utilisation ?? 0), color: "#0d6e6e" }], true),
      table(
        "utilisation-table",
        [t("insights.asset"), t("insights.openHours"), t("insights.bookedHours"), t("insights.utilisationPct")],
        assets.map((a) => [a.name, a.open_hours, a.booked_hours ?? "—", pct(a.utilisation)]),
      ),
    ),
    section(t("insights.heatmap"), t("insights.heatmapHelp"), heat),
  ];
}

function membersView(data: Members): HTMLElement[] {
  const rows = data.members;
  const names = rows.map((m) => m.name);
  const currencies = currenciesOf(rows);
  const palette = ["#0d6e6e", "#c77d1a", "#5b5bd6", "#b03a48"];
  const usageTable = table(
    "usage-table",
    [t("insights.member"), t("insights.hours"), t("insights.bookings"), t("insights.cancellations"), t("insights.noShows"), t("insights.usageShare"), t("insights.fairShare"), t("insights.delta"), t("insights.spend")],
    rows.map((m) => [m.name, m.hours, m.bookings, m.cancellations, m.no_shows, pct(m.usage_share), pct(m.fair_share), deltaText(m.fair_share_delta), moneyText(m.spend)]),
  );
  return [
    data.withheld || !data.totals
      ? section(t("insights.usage"), t("insights.ownFiguresHelp"), ...(data.withheld ? [withheldNotice(data.withheld, "members-withheld")] : []), usageTable)
      : section(
          t("insights.usage"),
          t("insights.usageHelp", { hours: data.totals.hours }),
          barChart("usage-chart", names, [
            { label: t("insights.usageShare"), data: rows.map((m) => m.usage_share ?? 0), color: "#0d6e6e" },
            { label: t("insights.fairShare"), data: rows.map((m) => m.fair_share), color: "#c9ced6" },
          ], true),
          usageTable,
        ),
    section(
      t("insights.savings"),
      t("insights.savingsHelp"),
      currencies.length
        ? barChart("savings-chart", names, currencies.map((currency, i) => ({ label: currency, data: rows.map((m) => amountIn(m.savings, currency)), color: palette[i % palette.length] })), true)
        : h("p", { class: "muted" }, t("insights.noRates")),
      table(
        "savings-table",
        [t("insights.member"), t("insights.standalone"), t("insights.savingsColumn")],
        rows.map((m) => [m.name, moneyText(m.standalone_cost), moneyText(m.savings)]),
      ),
    ),
  ];
}

export function renderInsightsPage({ query }: { query: URLSearchParams }): HTMLElement {
  document.title = t("insights.docTitle");
  charts.splice(0).forEach((chart) => chart.destroy());
  const period = defaultPeriod();
  const current: InsightsQuery = { from: query.get("from") || period.from, to: query.get("to") || period.to, group: query.get("group") };
  const from = h("input", { type: "date", name: "from", value: current.from, required: true, "data-testid": "from" });
  const to = h("input", { type: "date", name: "to", value: current.to, required: true, "data-testid": "to" });
  const group = h("select", { name: "group", "data-testid": "group" }, h("option", { value: "" }, t("insights.allGroups")));
  void getAll<AssetGroup>("/asset-groups/").then((groups) =>
    groups.forEach((g) => group.append(h("option", { value: String(g.id), selected: String(g.id) === current.group }, g.name))),
  );
  const csv = (kind: "utilisation" | "members") => h("a", { class: "btn btn--ghost btn--small", href: API_BASE + insightsPath(kind, current, "csv"), download: "", "data-testid": `csv-${kind}` }, t(kind === "utilisation" ? "insights.csvUtilisation" : "insights.csvMembers"));
  const form = h(
    "form",
    {
      class: "card filters",
      onSubmit: (event: Event) => {
        event.preventDefault();
        const params = new URLSearchParams({ from: from.value, to: to.value });
        if (group.value) params.set("group", group.value);
        location.hash = `#/insights?${params}`;
      },
    },
    h("label", { class: "field" }, h("span", { class: "field__label" }, t("insights.from")), from),
    h("label", { class: "field" }, h("span", { class: "field__label" }, t("insights.to")), to),
    h("label", { class: "field" }, h("span", { class: "field__label" }, t("insights.group")), group),
    h("button", { type: "submit", class: "btn btn--primary" }, t("insights.show")),
    csv("utilisation"),
    csv("members"),
  );
  const utilisation = h("div", { class: "stack", "data-testid": "insights-utilisation" });
  const members = h("div", { class: "stack", "data-testid": "insights-members" });
  void fill(utilisation, () => apiGet<Utilisation>(insightsPath("utilisation", current)), utilisationView);
  void fill(members, () => apiGet<Members>(insightsPath("members", current)), membersView);
  return h("div", { class: "stack" }, pageTitle(t("insights.title"), t("insights.subtitle")), form, utilisation, members);
}
