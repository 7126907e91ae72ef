// My reservations: the company's bookings, each linking to its page; a series is one card with its
// occurrences; a cancelled booking shows what was actually charged, not its old price.

import { apiGet } from "../api";
import { getAll, loadCatalog, type Catalog } from "../catalog";
import { cancelPanel } from "../components/cancelPanel";
import { h } from "../dom";
import { formatMoney, formatRange } from "../format";
import { t } from "../i18n";
import type { PageContext } from "../pageContext";
import { toRateCard } from "../ratings/toRate";
import { reservationPath } from "../router";
import { empty, fill, pageTitle, statusBadge } from "../ui";
import type { Charge, Reservation } from "../types";

type Tab = "upcoming" | "past";

export function renderReservationsPage({ query }: PageContext): HTMLElement {
  document.title = t("mine.docTitle");
  const tab: Tab = query.get("tab") === "past" ? "past" : "upcoming";
  const list = h("div", { class: "stack", "data-testid": "reservations" });
  const now = new Date().toISOString();
  const path =
    tab === "upcoming"
      ? `/reservations/?start=${encodeURIComponent(now)}&ordering=start&page_size=200`
      : `/reservations/?end=${encodeURIComponent(now)}&ordering=-start&page_size=200`;
  const reload = () =>
    fill(
      list,
      () => Promise.all([loadCatalog(), getAll<Reservation>(path)]),
      ([catalog, rows]) =>
        rows.length
          ? groupedCards(rows, catalog, tab, reload)
          : empty(t(tab === "upcoming" ? "mine.emptyUpcoming" : "mine.emptyPast"), t("mine.emptyBody")),
    );
  void reload();
  return h(
    "div",
    { class: "stack" },
    pageTitle(
      t("mine.title"),
      t("mine.subtitle"),
      h("a", { class: "btn btn--primary", href: "#/book" }, t("calendar.newBooking")),
    ),
    toRateCard(),
    h(
      "nav",
      { class: "segmented", "aria-label": t("mine.title") },
      (["upcoming", "past"] as const).map((name) =>
        h(
          "a",
          {
            class: "segmented__item",
            href: `#/reservations?tab=${name}`,
            "aria-current": name === tab ? "page" : null,
            "data-testid": `tab-${name}`,
          },
          t(`mine.${name}`),
        ),
      ),
    ),
    list,
  );
}

/** Single bookings as cards, the occurrences of a series together in one card (in list order). */
function groupedCards(rows: Reservation[], catalog: Catalog, tab: Tab, reload: () => Promise<void>): HTMLElement[] {
  const series = new Map<number, Reservation[]>();
  const out: (HTMLElement | number)[] = [];
  for (const r of rows) {
    if (!r.series) out.push(reservationCard(r, catalog, tab, reload));
    else if (series.has(r.series)) series.get(r.series)!.push(r);
    else {
      series.set(r.series, [r]);
      out.push(r.series);
    }
  }
  return out.map((item) => (typeof item === "number" ? seriesCard(series.get(item)!, catalog, tab, reload) : item));
}

/** What a booking costs: its price while booked, what was charged once cancelled or not used. */
function priceLine(r: Reservation): HTMLElement {
  const slot = h(
    "p",
    { class: "res-card__price", "data-testid": "reservation-price" },
    r.price ? formatMoney(r.price) : "",
  );
  if (r.status === "cancelled" || r.status === "no_show" || r.status === "rejected" || r.status === "expired") {
    slot.textContent = "";
    void apiGet<Charge>(`/reservations/${r.id}/charge/`)
      .then((charge) => {
        const paid = charge.kind !== "none" && charge.total && Number(charge.total.amount) > 0;
        slot.replaceChildren(
          paid
            ? h(
                "span",
                null,
                formatMoney(charge.total),
                h(
                  "span",
                  { class: "muted small" },
                  ` ${t(charge.kind === "no_show" ? "booking.chargeNoShow" : "booking.chargeFee")}`,
                ),
              )
            : h("span", { class: "muted small" }, t("booking.chargeNone")),
        );
      })
      .catch(() => slot.replaceChildren());
  }
  return slot;
}

/** "Open" and "Cancel" (its panel opens below the row). */
function actionsFor(
  r: Reservation,
  tab: Tab,
  reload: () => Promise<void>,
): { actions: HTMLElement; panel: HTMLElement } {
  const panel = h("div", { class: "cancel-host", hidden: true });
  const actions = h(
    "div",
    { class: "actions" },
    h(
      "a",
      { class: "btn btn--ghost btn--small", href: `#${reservationPath(r.id)}`, "data-testid": "open-booking" },
      t("mine.open"),
    ),
  );
  if (tab === "upcoming" && (r.status === "pending" || r.status === "approved")) {
    actions.append(
      h(
        "button",
        {
          type: "button",
          class: "btn btn--ghost btn--small",
          "data-testid": "cancel",
          onClick: () => {
            panel.hidden = !panel.hidden;
            if (!panel.hidden && !panel.childElementCount)
              panel.append(
                cancelPanel({ reservation: r, done: () => void reload(), close: () => (panel.hidden = true) }),
              );
          },
        },
        t("mine.cancel"),
      ),
    );
  }
  return { actions, panel };
}

function reservationCard(r: Reservation, catalog: Catalog, tab: Tab, reload: () => Promise<void>): HTMLElement {
  const { actions, panel } = actionsFor(r, tab, reload);
  return h(
    "article",
    { class: "card res-card", "data-testid": "reservation", "data-id": r.id },
    h(
      "div",
      { class: "res-card__main" },
      h(
        "h2",
        { class: "res-card__title" },
        h("a", { href: `#${reservationPath(r.id)}` }, r.title),
        " ",
        statusBadge(r.status),
      ),
      h(
        "p",
        { class: "res-card__when" },
        h("strong", null, r.asset_name),
        ` · ${formatRange(r.start, r.end, catalog.zoneOf(r.asset))}`,
      ),
      h(
        "p",
        { class: "muted small" },
        t("mine.bookedBy", { member: r.member.name, user: r.booked_by?.username ?? "—" }),
      ),
    ),
    h("div", { class: "res-card__side" }, priceLine(r), actions),
    panel,
  );
}

function seriesCard(items: Reservation[], catalog: Catalog, tab: Tab, reload: () => Promise<void>): HTMLElement {
  const zone = catalog.zoneOf(items[0].asset);
  return h(
    "section",
    { class: "card stack series-card", "data-testid": "series" },
    h("h2", { class: "card__title" }, t("mine.seriesTitle", { title: items[0].title, count: items.length })),
    h(
      "p",
      { class: "muted small" },
      `${items[0].asset_name} · ${t("mine.bookedBy", { member: items[0].member.name, user: items[0].booked_by?.username ?? "—" })}`,
    ),
    h(
      "ul",
      { class: "series-list" },
      items.map((r) => {
        const { actions, panel } = actionsFor(r, tab, reload);
        return h(
          "li",
          { class: "series-list__item", "data-testid": "reservation", "data-id": r.id },
          h(
            "div",
            { class: "series-list__main" },
            h("a", { href: `#${reservationPath(r.id)}` }, formatRange(r.start, r.end, zone)),
            " ",
            statusBadge(r.status),
          ),
          h("div", { class: "series-list__side" }, priceLine(r), actions),
          panel,
        );
      }),
    ),
  );
}
