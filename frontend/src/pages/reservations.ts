import { apiGet, apiPost } from "../api";
import { getAll, loadCatalog, type Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoney, formatRange } from "../format";
import { t } from "../i18n";
import { busyButton, empty, errorText, fill, isNotDeployed, pageTitle, statusBadge } from "../ui";
import type { CancellationFee, Me, Reservation } from "../types";

type Tab = "upcoming" | "past";

export interface ReservationsPageOptions {
  user: Me;
  query: URLSearchParams;
}

export function renderReservationsPage({ query }: ReservationsPageOptions): HTMLElement {
  document.title = t("mine.docTitle");
  const tab: Tab = query.get("tab") === "past" ? "past" : "upcoming";
  const list = h("div", { class: "stack", "data-testid": "reservations" });
  const now = new Date().toISOString();
  const path =
    tab === "upcoming"
      ? `/reservations/?start=${encodeURIComponent(now)}&ordering=start&page_size=200`
      : `/reservations/?end=${encodeURIComponent(now)}&ordering=-start&page_size=200`;
  const load = () => Promise.all([loadCatalog(), getAll<Reservation>(path)]);
  void fill(list, load, ([catalog, rows]) =>
    rows.length ? rows.map((r) => reservationCard(r, catalog, tab)) : empty(t(tab === "upcoming" ? "mine.emptyUpcoming" : "mine.emptyPast"), t("mine.emptyBody")),
  );
  return h(
    "div",
    { class: "stack" },
    pageTitle(t("mine.title"), t("mine.subtitle"), h("a", { class: "btn btn--primary", href: "#/book" }, t("calendar.newBooking"))),
    h(
      "div",
      { class: "segmented", role: "tablist" },
      (["upcoming", "past"] as const).map((name) =>
        h("a", { class: "segmented__item", href: `#/reservations?tab=${name}`, role: "tab", "aria-selected": String(name === tab), "data-testid": `tab-${name}` }, t(`mine.${name}`)),
      ),
    ),
    list,
  );
}

function reservationCard(r: Reservation, catalog: Catalog, tab: Tab): HTMLElement {
  const zone = catalog.zoneOf(r.asset);
  const actions = h("div", { class: "actions" });
  const panel = h("div", { class: "cancel-panel", hidden: true });
  const card = h(
    "article",
    { class: "card res-card", "data-testid": "reservation", "data-id": r.id },
    h(
      "div",
      { class: "res-card__main" },
      h("h2", { class: "res-card__title" }, r.title, " ", statusBadge(r.status)),
      h("p", { class: "res-card__when" }, h("strong", null, r.asset_name), ` · ${formatRange(r.start, r.end, zone)}`),
      h("p", { class: "muted small" }, t("mine.bookedBy", { member: r.member.name, user: r.booked_by?.username ?? "—" })),
    ),
    h("div", { class: "res-card__side" }, h("p", { class: "res-card__price" }, r.price ? formatMoney(r.price) : ""), actions),
    panel,
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
            if (!panel.hidden && !panel.childElementCount) cancelPanel(r, panel, card, catalog);
          },
        },
        t("mine.cancel"),
      ),
    );
  }
  return card;
}

function cancelPanel(r: Reservation, panel: HTMLElement, card: HTMLElement, catalog: Catalog): void {
  const fee = h("div", { class: "fee", "data-testid": "cancel-fee" });
  const reason = h("input", { class: "input", id: `cancel-reason-${r.id}`, maxlength: "500", "data-testid": "cancel-reason", placeholder: t("mine.reasonPlaceholder") });
  const error = h("div", { class: "field__error", role: "alert", hidden: true, "data-testid": "cancel-error" });
  void fill(
    fee,
    () => apiGet<CancellationFee>(`/reservations/${r.id}/cancellation-fee/`),
    (info) =>
      h(
        "p",
        null,
        info.fee && Number(info.fee.amount) > 0 ? t("mine.feeCharged", { fee: formatMoney(info.fee) }) : t("mine.feeFree"),
        info.policy ? h("span", { class: "muted" }, ` ${info.policy}`) : null,
      ),
    (err) => h("p", { class: isNotDeployed(err) ? "muted" : "field__error" }, isNotDeployed(err) ? t("mine.feeUnknown") : errorText(err)),
  );
  panel.append(
    h("h3", { class: "card__subtitle" }, t("mine.cancelTitle")),
    fee,
    h("div", { class: "field" }, h("label", { class: "field__label", for: reason.id }, t("mine.reason")), reason),
    error,
    h(
      "div",
      { class: "actions" },
      busyButton(t("mine.confirmCancel"), { class: "btn btn--danger", "data-testid": "confirm-cancel" }, async () => {
        error.hidden = true;
        try {
          const updated = await apiPost<Reservation>(`/reservations/${r.id}/cancel/`, { reason: reason.value });
          card.replaceWith(reservationCard(updated, catalog, "past"));
        } catch (err) {
          error.textContent = errorText(err);
          error.hidden = false;
        }
      }),
      h("button", { type: "button", class: "btn btn--ghost", onClick: () => (panel.hidden = true) }, t("mine.keep")),
    ),
  );
}
