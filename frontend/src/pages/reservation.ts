// The booking page (/reservations/{id}): its status and why, its times in the asset's zone (named), its
// frozen price and what it costs now, who pays what and whether they agreed, its whole history, and what
// can be done with it now.

import { ApiError, apiGet } from "../api";
import { loadCatalog, type Catalog } from "../catalog";
import { cancelPanel } from "../components/cancelPanel";
import { h } from "../dom";
import { formatMoment, formatMoney, formatPeriod, zoneLabel } from "../format";
import { t, type MessageKey } from "../i18n";
import type { PageContext } from "../pageContext";
import { editPanel, managerActions, resplitPanel } from "../reservation/actions";
import { checkInControl } from "../reservation/checkIn";
import { lengthenControl } from "../reservation/lengthen";
import { historyList, statusReason } from "../reservation/history";
import { itemsCard } from "../reservation/items";
import { bundleCard } from "../reservation/bundle";
import type { Bundle } from "../book/bundle";
import { operatorCard } from "../reservation/operator";
import { strandedPanel } from "../reservation/stranded";
import { ratingCard } from "../ratings/bookingRating";
import { adminOf, canChangeReservation, isAssetManager, isOwnReservation } from "../roles";
import { pathWithQuery } from "../router";
import { wallClock } from "../tz";
import { errorText, fill, pageTitle, statusBadge } from "../ui";
import type { Charge, Me, ReservationDetail } from "../types";
import { unitFact } from "../components/units";
import "../messages/closures"; // this area's strings
import "../messages/company"; // this area's strings
import "../messages/dayuse"; // this area's strings

interface Share {
  id: number;
  member: { id: number; name: string };
  weight: string;
  amount: { amount: string; currency: string };
  state: string;
}

interface Loaded {
  catalog: Catalog;
  reservation: ReservationDetail;
  shares: Share[];
  charge: Charge;
  bundle: Bundle | null;
}

export function renderReservationPage({ user, id }: PageContext): HTMLElement {
  document.title = t("booking.docTitle");
  const body = h("div", { class: "stack", "data-testid": "booking-page" });
  const load = async (): Promise<Loaded> => {
    const [catalog, reservation, shares, charge] = await Promise.all([
      loadCatalog(),
      apiGet<ReservationDetail>(`/reservations/${id}/`),
      apiGet<Share[]>(`/reservations/${id}/shares/`),
      apiGet<Charge>(`/reservations/${id}/charge/`),
    ]);
    const bundle = reservation.bundle ? await apiGet<Bundle>(`/bundles/${reservation.bundle}/`) : null;
    return { catalog, reservation, shares, charge, bundle };
  };
  const reload = () =>
    fill(
      body,
      load,
      (loaded) => bookingView(loaded, user, reload),
      (error) =>
        h(
          "div",
          { class: "alert alert--error", role: "alert", "data-testid": "booking-error" },
          error instanceof ApiError && error.status === 404 ? t("booking.notFound") : errorText(error),
        ),
    );
  void reload();
  return h(
    "div",
    { class: "stack" },
    h("p", null, h("a", { href: "#/reservations", class: "back-link" }, t("booking.back"))),
    body,
  );
}

function facts(rows: [string, Node | string | null][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    rows
      .filter(([, value]) => value !== null && value !== "")
      .map(([label, value]) => [h("dt", null, label), h("dd", null, value)]),
  );
}

const CHARGE_LABELS: Record<Charge["kind"], MessageKey> = {
  booked: "booking.chargeBooked",
  completed: "booking.chargeCompleted",
  cancellation_fee: "booking.chargeFee",
  no_show: "booking.chargeNoShow",
  released: "booking.chargeReleased",
  none: "booking.chargeNone",
};

function moneyCard(reservation: ReservationDetail, charge: Charge, shares: Share[]): HTMLElement {
  const charged =
    charge.total && charge.kind !== "none"
      ? formatMoney(charge.total)
      : formatMoney({ amount: "0", currency: reservation.price?.currency ?? "EUR" });
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "money-title" },
    h("h2", { class: "card__title", id: "money-title" }, t("booking.money")),
    facts([
      [t("booking.price"), reservation.price ? formatMoney(reservation.price) : t("booking.noPrice")],
      [
        t("booking.charged"),
        h(
          "span",
          { "data-testid": "booking-charge" },
          h("strong", null, charged),
          ` · ${t(CHARGE_LABELS[charge.kind])}`,
        ),
      ],
      [t("booking.vat"), charge.vat && charge.kind !== "none" ? formatMoney(charge.vat) : null],
      [t("dayuse.usedPrice"), reservation.used_price ? formatMoney(reservation.used_price) : null],
    ]),
    shares.length
      ? h(
          "table",
          { class: "table table--stack", "data-testid": "booking-shares" },
          h("caption", { class: "visually-hidden" }, t("booking.shares")),
          h(
            "thead",
            null,
            h(
              "tr",
              null,
              h("th", { scope: "col" }, t("booking.payer")),
              h("th", { scope: "col", class: "num" }, t("booking.weight")),
              h("th", { scope: "col", class: "num" }, t("booking.amount")),
              h("th", { scope: "col" }, t("booking.consent")),
            ),
          ),
          h(
            "tbody",
            null,
            shares.map((share) =>
              h(
                "tr",
                { "data-testid": "booking-share" },
                h("td", { "data-label": t("booking.payer") }, share.member.name),
                h("td", { class: "num", "data-label": t("booking.weight") }, share.weight),
                h("td", { class: "num", "data-label": t("booking.amount") }, formatMoney(share.amount)),
                h("td", { "data-label": t("booking.consent") }, statusBadge(share.state)),
              ),
            ),
          ),
        )
      : null,
  );
}

function bookingView(
  { catalog, reservation, shares, charge, bundle }: Loaded,
  user: Me,
  reload: () => Promise<void>,
): HTMLElement[] {
  document.title = `${reservation.title} · ${t("booking.docTitle")}`;
  const asset = catalog.asset(reservation.asset);
  const zone = catalog.zoneOf(reservation.asset);
  const reason = statusReason(reservation);
  const live = reservation.status === "pending" || reservation.status === "approved";
  const ongoing = live && new Date(reservation.end) > new Date();
  const mayChange = ongoing && canChangeReservation(user, reservation);
  const pays =
    isOwnReservation(user, reservation) &&
    (reservation.booked_by.id === user.id || adminOf(user).includes(reservation.member.id));

  const panel = h("div", { class: "booking-panel" });
  const toggle = (name: string, build: () => HTMLElement) => () => {
    const open = panel.dataset.open === name;
    panel.replaceChildren();
    panel.dataset.open = open ? "" : name;
    if (!open) {
      panel.append(build());
      panel.querySelector<HTMLElement>("input, select, textarea, button")?.focus();
    }
  };
  const button = (label: string, testid: string, action: () => void, kind = "btn--ghost") =>
    h("button", { type: "button", class: `btn ${kind}`, "data-testid": testid, onClick: action }, label);
  const actions: HTMLElement[] = [];
  // A bundle's part moves and cancels with its bundle (its card below).
  if (mayChange && asset && !bundle)
    actions.push(
      button(
        // An asset's manager who does not hold the booking is here to move it (title and notes are the holder's).
        isOwnReservation(user, reservation) || reservation.booked_by.id === user.id
          ? t("booking.edit")
          : t("booking.move"),
        "booking-edit",
        toggle("edit", () =>
          editPanel(
            reservation,
            asset,
            catalog,
            isOwnReservation(user, reservation) ? reservation.member.id : null,
            () => void reload(),
          ),
        ),
      ),
    );
  if (mayChange && pays)
    actions.push(
      button(
        t("booking.resplit"),
        "booking-resplit",
        toggle("split", () => resplitPanel(reservation, catalog, shares, () => void reload())),
      ),
    );
  if (mayChange && !bundle)
    actions.push(
      button(
        t("mine.cancel"),
        "cancel",
        toggle("cancel", () =>
          cancelPanel({ reservation, done: () => void reload(), close: () => panel.replaceChildren() }),
        ),
        "btn--danger-ghost",
      ),
    );
  const decisions = isAssetManager(user) ? managerActions(reservation, () => void reload()) : null;
  const checkIn = canChangeReservation(user, reservation)
    ? checkInControl(reservation, zone, () => void reload())
    : null;
  const lengthen =
    canChangeReservation(user, reservation) && asset
      ? lengthenControl(reservation, asset, zone, () => void reload())
      : null;

  const start = wallClock(reservation.start, zone);
  return [
    pageTitle(
      reservation.title,
      `${reservation.asset_name} · ${reservation.member.name}`,
      statusBadge(reservation.status),
    ),
    strandedPanel(reservation, catalog, mayChange, () => void reload()),
    reason
      ? h(
          "div",
          { class: "alert alert--info", role: "status", "data-testid": "booking-reason" },
          h("strong", null, reason.label),
          reason.reason ? `: ${reason.reason}` : "",
        )
      : null,
    h(
      "div",
      { class: "booking-grid" },
      h(
        "div",
        { class: "stack" },
        h(
          "section",
          { class: "card stack", "aria-labelledby": "when-title" },
          h("h2", { class: "card__title", id: "when-title" }, t("booking.when")),
          h(
            "p",
            { class: "booking-when", "data-testid": "booking-when" },
            formatPeriod(reservation.start, reservation.end, zone),
          ),
          h("p", { class: "muted small", "data-testid": "booking-zone" }, t("booking.zone", { zone: zoneLabel(zone) })),
          facts([
            [
              t("booking.asset"),
              h(
                "a",
                { href: `#${pathWithQuery("calendar", { group: asset?.group, date: start.date, view: "week" })}` },
                reservation.asset_name,
              ),
            ],
            unitFact(reservation, asset),
            [t("booking.company"), reservation.member.name],
            [t("booking.bookedBy"), reservation.booked_by?.username ?? "—"],
            [
              t("company.costCentre"),
              reservation.cost_centre ? `${reservation.cost_centre.code} · ${reservation.cost_centre.name}` : null,
            ],
            [t("booking.created"), formatMoment(reservation.created_at)],
            [
              t("dayuse.checkedInFact"),
              reservation.checked_in_at
                ? h("span", { "data-testid": "checked-in-at" }, formatMoment(reservation.checked_in_at))
                : null,
            ],
            [
              t("dayuse.checkedOutFact"),
              reservation.checked_out_at
                ? h("span", { "data-testid": "checked-out-at" }, formatMoment(reservation.checked_out_at))
                : null,
            ],
            [t("book.notes"), reservation.notes || null],
          ]),
        ),
        bundle ? bundleCard(bundle, catalog, mayChange, () => void reload()) : null,
        operatorCard(reservation, zone),
        moneyCard(reservation, charge, shares),
        itemsCard(reservation, canChangeReservation(user, reservation), () => void reload()),
      ),
      h(
        "div",
        { class: "stack" },
        actions.length || decisions || checkIn || lengthen
          ? h(
              "section",
              { class: "card stack", "aria-labelledby": "actions-title", "data-testid": "booking-actions" },
              h("h2", { class: "card__title", id: "actions-title" }, t("booking.actions")),
              checkIn,
              lengthen,
              decisions,
              actions.length ? h("div", { class: "actions" }, actions) : null,
              panel,
            )
          : null,
        ratingCard(reservation, user),
        h(
          "section",
          { class: "card stack", "aria-labelledby": "history-title" },
          h("h2", { class: "card__title", id: "history-title" }, t("booking.history")),
          historyList(reservation, zone),
        ),
      ),
    ),
  ].filter((node): node is HTMLElement => node !== null);
}
