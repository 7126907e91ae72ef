// Insights: utilisation (on a 0–100 % axis), occupancy by weekday and hour (a colour scale with its legend,
// closed hours left empty), usage against fair share and savings. Every figure in the user's language;
// every chart has its table of numbers, which become stacked rows on a phone. Chart.js is loaded by this
// page's chunk only.

import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";

import { API_BASE, apiGet } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { formatMoment, formatMoneyList, formatNumber, formatPercent, locale } from "../format";
import { getLanguage, t, type MessageKey } from "../i18n";
import {
  amountIn,
  currenciesOf,
  defaultPeriod,
  deltaText,
  HEAT_STOPS,
  heatColor,
  heatText,
  insightsPath,
  type InsightsQuery,
  type Members,
  type UseFigures,
  type Utilisation,
  type Withheld,
} from "../insightsData";
import { onLeave } from "../lifecycle";
import type { PageContext } from "../pageContext";
import { dateSaid, fill, pageTitle } from "../ui";
import type { AssetGroup } from "../types";
import type { components } from "../openapi";
import "../messages/ratings"; // satisfaction's strings

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const WEEKDAYS: MessageKey[] = [
  "insights.mon",
  "insights.tue",
  "insights.wed",
  "insights.thu",
  "insights.fri",
  "insights.sat",
  "insights.sun",
];
const hours = (value: number | null) => (value === null ? "—" : formatNumber(value, { maximumFractionDigits: 1 }));

/** A table of figures: scrollable and focusable when wider than the screen, stacked rows on a phone. */
function table(testid: string, caption: string, head: string[], rows: (string | number)[][]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": caption },
    h(
      "table",
      { class: "table table--stack", "data-testid": testid },
      h("caption", { class: "visually-hidden" }, caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          head.map((label, i) => h("th", { scope: "col", class: i ? "num" : null }, label)),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((row) =>
          h(
            "tr",
            null,
            row.map((cell, i) => h("td", { class: i ? "num" : null, "data-label": head[i] }, String(cell))),
          ),
        ),
      ),
    ),
  );
}

interface BarSeries {
  label: string;
  data: number[];
  color: string;
}

/** A horizontal bar chart; the canvas carries its numbers in data-values so they can be checked against the API. */
function barChart(
  testid: string,
  labels: string[],
  datasets: BarSeries[],
  axis: { percent?: boolean } = {},
): HTMLElement {
  const canvas = h("canvas", {
    "data-testid": testid,
    "data-values": JSON.stringify(datasets.map((d) => d.data)),
    role: "img",
    "aria-label": datasets.map((d) => d.label).join(", "),
  });
  const box = h("div", { class: "chart-box", style: `height: ${Math.max(220, labels.length * 34 + 120)}px` }, canvas);
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return;
    const chart = new Chart(canvas, {
      type: "bar",
      data: { labels, datasets: datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.color })) },
      options: {
        indexAxis: "y",
        locale: locale(),
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label}: ${axis.percent ? formatPercent(Number(item.raw)) : formatNumber(Number(item.raw))}`,
            },
          },
        },
        scales: {
          x: {
            beginAtZero: true,
            ...(axis.percent ? { min: 0, max: 100 } : {}),
            ticks: {
              callback: (value) =>
                axis.percent ? formatPercent(Number(value), undefined, 0) : formatNumber(Number(value)),
            },
          },
        },
      },
    });
    onLeave(() => chart.destroy());
  });
  return box;
}

function section(title: string, help: string, ...children: HTMLElement[]): HTMLElement {
  return h(
    "section",
    { class: "card stack" },
    h("h2", { class: "card__title" }, title),
    h("p", { class: "muted small" }, help),
    ...children,
  );
}

/** Said instead of the cluster's figures when they would reveal another company's own. */
function withheldNotice(withheld: Withheld, testid: string): HTMLElement {
  return h(
    "div",
    { class: "alert alert--info", role: "status", "data-testid": testid },
    h("strong", null, t("insights.withheld")),
    " ",
    withheld.detail,
  );
}

/** The colour scale of the heatmap, its ends in words, and how closed hours look. */
function heatLegend(): HTMLElement {
  const gradient = `linear-gradient(90deg, ${HEAT_STOPS.map(([at]) => `${heatColor(at)} ${at}%`).join(", ")})`;
  return h(
    "div",
    { class: "heat-legend", "data-testid": "heatmap-legend" },
    h("span", null, formatPercent(0, undefined, 0)),
    h("span", { class: "heat-legend__scale", style: `background: ${gradient}`, "aria-hidden": "true" }),
    h("span", null, formatPercent(100, undefined, 0)),
    h("span", { class: "heat-legend__closed", "aria-hidden": "true" }),
    h("span", null, t("insights.closedHours")),
  );
}

function heatmap(data: Utilisation): HTMLElement {
  return h(
    "div",
    { class: "table-wrap heatmap-wrap", tabindex: "0", role: "region", "aria-label": t("insights.heatmap") },
    h(
      "table",
      { class: "table heatmap", "data-testid": "heatmap" },
      h("caption", { class: "visually-hidden" }, t("insights.heatmapHelp")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("td", null, ""),
          Array.from({ length: 24 }, (_, hour) => h("th", { scope: "col", class: "num" }, String(hour))),
        ),
      ),
      h(
        "tbody",
        null,
        data.heatmap.map((row, weekday) =>
          h(
            "tr",
            null,
            h("th", { scope: "row" }, t(WEEKDAYS[weekday])),
            row.map((cell) => {
              const closed = cell.occupancy === null;
              const label = `${t(WEEKDAYS[weekday])} ${cell.hour}:00 · ${closed ? t("insights.closedHours") : `${formatPercent(cell.occupancy)} · ${hours(cell.booked_hours)}/${hours(cell.open_hours)} h`}`;
              return h(
                "td",
                {
                  class: `heatmap__cell${closed ? " heatmap__cell--closed" : ""}`,
                  style: closed ? null : `background: ${heatColor(cell.occupancy)}; color: ${heatText(cell.occupancy)}`,
                  title: label,
                  "data-occupancy": cell.occupancy ?? "",
                },
                closed || !cell.occupancy
                  ? h("span", { class: "visually-hidden" }, label)
                  : formatNumber(Math.round(cell.occupancy)),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

/** Up to when the figures are complete: they are rolled up by the worker, not while the page waits. */
function asOfNote(asOf: string, testid: string): HTMLElement {
  return h("p", { class: "muted", "data-testid": testid }, t("insights.asOf", { moment: formatMoment(asOf) }));
}

/** Booked against used hours and the release and no-show rates, one row per asset or company. */
function useTable(testid: string, caption: string, first: string, rows: (UseFigures & { name: string })[]) {
  return table(
    testid,
    caption,
    [
      first,
      t("insights.dueBookings"),
      t("insights.dueHours"),
      t("insights.usedHours"),
      t("insights.useRate"),
      t("insights.releaseRate"),
      t("insights.noShowRate"),
    ],
    rows.map((r) => [
      r.name,
      r.due_bookings === null ? "—" : formatNumber(r.due_bookings),
      hours(r.due_hours),
      hours(r.used_hours),
      formatPercent(r.use_rate),
      formatPercent(r.release_rate),
      formatPercent(r.no_show_rate),
    ]),
  );
}

function useView(data: Utilisation): HTMLElement {
  const assets = data.assets;
  return section(
    t("insights.use"),
    t("insights.useHelp"),
    barChart(
      "use-chart",
      assets.map((a) => a.name),
      [
        { label: t("insights.dueHours"), data: assets.map((a) => a.due_hours ?? 0), color: "#9aa5ad" },
        { label: t("insights.usedHours"), data: assets.map((a) => a.used_hours ?? 0), color: "#0d6e6e" },
      ],
    ),
    useTable("use-table", t("insights.use"), t("insights.asset"), assets),
  );
}

function utilisationView(data: Utilisation): HTMLElement[] {
  const assets = data.assets;
  if (data.withheld) {
    return [
      asOfNote(data.as_of, "utilisation-as-of"),
      section(
        t("insights.utilisation"),
        t("insights.openHoursHelp"),
        withheldNotice(data.withheld, "utilisation-withheld"),
        table(
          "utilisation-table",
          t("insights.utilisation"),
          [t("insights.asset"), t("insights.openHours")],
          assets.map((a) => [a.name, hours(a.open_hours)]),
        ),
      ),
    ];
  }
  return [
    asOfNote(data.as_of, "utilisation-as-of"),
    section(
      t("insights.utilisation"),
      t("insights.utilisationHelp", {
        percent: formatPercent(data.totals.utilisation),
        booked: hours(data.totals.booked_hours),
        open: hours(data.totals.open_hours),
      }),
      barChart(
        "utilisation-chart",
        assets.map((a) => a.name),
        [{ label: t("insights.utilisationPct"), data: assets.map((a) => a.utilisation ?? 0), color: "#0d6e6e" }],
        { percent: true },
      ),
      table(
        "utilisation-table",
        t("insights.utilisation"),
        [t("insights.asset"), t("insights.openHours"), t("insights.bookedHours"), t("insights.utilisationPct")],
        assets.map((a) => [a.name, hours(a.open_hours), hours(a.booked_hours), formatPercent(a.utilisation)]),
      ),
    ),
    useView(data),
    section(t("insights.heatmap"), t("insights.heatmapHelp"), heatLegend(), heatmap(data)),
  ];
}

function membersView(data: Members): HTMLElement[] {
  const rows = data.members;
  const names = rows.map((m) => m.name);
  const currencies = currenciesOf(rows);
  const palette = ["#0d6e6e", "#b25e09", "#4f4fc4", "#b03a48"];
  const usageTable = table(
    "usage-table",
    t("insights.usage"),
    [
      t("insights.member"),
      t("insights.hours"),
      t("insights.bookings"),
      t("insights.cancellations"),
      t("insights.noShows"),
      t("insights.usageShare"),
      t("insights.fairShare"),
      t("insights.delta"),
      t("insights.spend"),
    ],
    rows.map((m) => [
      m.name,
      hours(m.hours),
      formatNumber(m.bookings),
      formatNumber(m.cancellations),
      formatNumber(m.no_shows),
      formatPercent(m.usage_share),
      formatPercent(m.fair_share),
      deltaText(m.fair_share_delta),
      formatMoneyList(m.spend),
    ]),
  );
  return [
    asOfNote(data.as_of, "members-as-of"),
    data.withheld || !data.totals
      ? section(
          t("insights.usage"),
          t("insights.ownFiguresHelp"),
          ...(data.withheld ? [withheldNotice(data.withheld, "members-withheld")] : []),
          usageTable,
        )
      : section(
          t("insights.usage"),
          t("insights.usageHelp", { hours: hours(data.totals.hours) }),
          barChart(
            "usage-chart",
            names,
            [
              { label: t("insights.usageShare"), data: rows.map((m) => m.usage_share ?? 0), color: "#0d6e6e" },
              { label: t("insights.fairShare"), data: rows.map((m) => m.fair_share), color: "#9aa5ad" },
            ],
            { percent: true },
          ),
          usageTable,
        ),
    section(
      t("insights.memberUse"),
      t("insights.useHelp"),
      useTable("member-use-table", t("insights.memberUse"), t("insights.member"), rows),
    ),
    section(
      t("insights.savings"),
      t("insights.savingsHelp"),
      currencies.length
        ? barChart(
            "savings-chart",
            names,
            currencies.map((currency, i) => ({
              label: currency,
              data: rows.map((m) => amountIn(m.savings, currency)),
              color: palette[i % palette.length],
            })),
          )
        : h("p", { class: "muted" }, t("insights.noRates")),
      table(
        "savings-table",
        t("insights.savings"),
        [t("insights.member"), t("insights.standalone"), t("insights.savingsColumn")],
        rows.map((m) => [m.name, formatMoneyList(m.standalone_cost), formatMoneyList(m.savings)]),
      ),
    ),
  ];
}

function filterField(label: string, control: HTMLElement, hint: HTMLElement | null = null): HTMLElement {
  return h("div", { class: "field" }, h("label", { class: "field__label", for: control.id }, label), control, hint);
}

export function renderInsightsPage({ query }: PageContext): HTMLElement {
  document.title = t("insights.docTitle");
  const period = defaultPeriod();
  const current: InsightsQuery = {
    from: query.get("from") || period.from,
    to: query.get("to") || period.to,
    group: query.get("group"),
  };
  const from = h("input", {
    type: "date",
    id: "insights-from",
    name: "from",
    class: "input",
    value: current.from,
    required: true,
    "data-testid": "from",
  });
  const to = h("input", {
    type: "date",
    id: "insights-to",
    name: "to",
    class: "input",
    value: current.to,
    required: true,
    "data-testid": "to",
  });
  const group = h(
    "select",
    { id: "insights-group", name: "group", class: "input", "data-testid": "group" },
    h("option", { value: "" }, t("insights.allGroups")),
  );
  void getAll<AssetGroup>("/asset-groups/").then((groups) =>
    groups.forEach((g) =>
      group.append(h("option", { value: String(g.id), selected: String(g.id) === current.group }, g.name)),
    ),
  );
  const csv = (kind: "utilisation" | "members") =>
    h(
      "a",
      {
        class: "btn btn--ghost",
        href: API_BASE + insightsPath(kind, current, "csv", getLanguage()),
        download: "",
        "data-testid": `csv-${kind}`,
      },
      t(kind === "utilisation" ? "insights.csvUtilisation" : "insights.csvMembers"),
    );
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
    filterField(t("insights.from"), from, dateSaid(from)),
    filterField(t("insights.to"), to, dateSaid(to)),
    filterField(t("insights.group"), group),
    h(
      "div",
      { class: "actions filters__actions" },
      h("button", { type: "submit", class: "btn btn--primary" }, t("insights.show")),
      csv("utilisation"),
      csv("members"),
    ),
  );
  const utilisation = h("div", { class: "stack", "data-testid": "insights-utilisation" });
  const members = h("div", { class: "stack", "data-testid": "insights-members" });
  void fill(utilisation, () => apiGet<Utilisation>(insightsPath("utilisation", current)), utilisationView);
  void fill(members, () => apiGet<Members>(insightsPath("members", current)), membersView);
  const satisfaction = h("div", { class: "stack", "data-testid": "insights-satisfaction" });
  void fill(satisfaction, () => apiGet<Satisfaction>(satisfactionPath(current)), satisfactionView);
  return h(
    "div",
    { class: "stack" },
    pageTitle(t("insights.title"), t("insights.subtitle")),
    form,
    utilisation,
    members,
    satisfaction,
  );
}

// --- Satisfaction: members' ratings of their completed bookings ------------------------------------------------

type Satisfaction = components["schemas"]["Satisfaction"];

function satisfactionPath(query: InsightsQuery): string {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  if (query.group) params.set("group", query.group);
  return `/insights/satisfaction/?${params}`;
}

const score = (value: number | null) => (value === null ? "—" : formatNumber(value, { maximumFractionDigits: 2 }));

function satisfactionView(data: Satisfaction): HTMLElement {
  const head = [t("ratings.count"), t("ratings.assetScore"), t("ratings.serviceScore")];
  const rows = (things: Satisfaction["members"]) =>
    things.map((thing) => [
      thing.name,
      formatNumber(thing.ratings),
      score(thing.asset_score),
      score(thing.service_score),
    ]);
  return section(
    t("ratings.satisfaction"),
    t("ratings.satisfactionHelp"),
    ...(data.withheld ? [withheldNotice(data.withheld, "satisfaction-withheld")] : []),
    ...(data.totals
      ? [
          h(
            "p",
            { "data-testid": "satisfaction-totals" },
            t("ratings.clusterAverage", {
              count: formatNumber(data.totals.ratings),
              asset: score(data.totals.asset_score),
              service: score(data.totals.service_score),
            }),
          ),
        ]
      : []),
    ...(data.assets
      ? [table("satisfaction-assets", t("ratings.perAsset"), [t("insights.asset"), ...head], rows(data.assets))]
      : []),
    table("satisfaction-members", t("ratings.perMember"), [t("insights.member"), ...head], rows(data.members)),
  );
}
