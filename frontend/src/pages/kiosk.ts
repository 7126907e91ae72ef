// The kiosk (/kiosk/assets/{id}): a tablet at the cellar door or stage entrance. Today's schedule of one asset
// in its own zone, the booking in progress (or the next one), and its check-in for whoever signed in here and
// may check in to it. Other companies' bookings show as busy, nothing more.

import { ApiError, apiGet } from "../api";
import { getAll, loadCatalog } from "../catalog";
import { h } from "../dom";
import { formatPeriod, zoneLabel } from "../format";
import { t } from "../i18n";
import type { PageContext } from "../pageContext";
import { pinForm } from "../kiosk/pinForm";
import { checkInControl, dayOfUseStep } from "../reservation/checkIn";
import { canChangeReservation } from "../roles";
import { addDays, wallClock, zonedToInstant } from "../tz";
import { busyButton, errorText, fill, pageTitle, statusBadge } from "../ui";
import type { Asset, BusyBlock, Me, Reservation } from "../types";
import "../messages/dayuse"; // this area's strings

type Row = Reservation | BusyBlock;

const isFull = (row: Row): row is Reservation => !row.busy;

export function renderKioskPage({ user, id }: PageContext): HTMLElement {
  document.title = t("dayuse.kioskDocTitle");
  const body = h("div", { class: "stack", "data-testid": "kiosk" });
  const load = async () => {
    const catalog = await loadCatalog();
    const asset = catalog.asset(id ?? 0);
    if (!asset) throw new ApiError(404, "not_found", t("dayuse.kioskNotFound"));
    const today = wallClock(new Date(), asset.timezone).date;
    const start = zonedToInstant(today, "00:00", asset.timezone).toISOString();
    // Today's schedule, and beyond it the next booking: in the evening, or on a closed day, that is tomorrow's
    // first (or the one after a weekend), whose check-in window may already be open.
    const tomorrow = zonedToInstant(addDays(today, 1), "00:00", asset.timezone).toISOString();
    const end = zonedToInstant(addDays(today, 4), "00:00", asset.timezone).toISOString();
    const query = new URLSearchParams({ asset: String(asset.id), start, end, include_busy: "true" });
    query.append("status", "approved");
    query.append("status", "completed");
    query.append("status", "pending");
    const rows = await getAll<Row>(`/reservations/?${query}`);
    rows.sort((a, b) => a.start.localeCompare(b.start));
    return { asset, rows, tomorrow };
  };
  const reload = () =>
    fill(
      body,
      load,
      ({ asset, rows, tomorrow }) => kioskView(asset, rows, tomorrow, user, () => void reload()),
      (error) =>
        h("div", { class: "alert alert--error", role: "alert", "data-testid": "kiosk-error" }, errorText(error)),
    );
  void reload();
  return body;
}

function kioskView(asset: Asset, rows: Row[], tomorrow: string, user: Me, reload: () => void): HTMLElement[] {
  document.title = `${asset.name} · ${t("dayuse.kioskDocTitle")}`;
  const zone = asset.timezone;
  const now = new Date();
  const upcoming = rows.filter((row) => new Date(row.end) > now);
  const current = upcoming.find((row) => new Date(row.start) <= now) ?? null;
  const next = upcoming.find((row) => new Date(row.start) > now) ?? null;
  const todays = rows.filter((row) => new Date(row.start) < new Date(tomorrow));
  // The booking to check in to: the one in progress, else the next one whose window is open.
  const candidate = [current, next].find(
    (row): row is Reservation => row !== null && isFull(row) && dayOfUseStep(row, now) !== null,
  );
  // The signed-in person's own booking whose window is open, even when someone else's comes first.
  const mine =
    upcoming.find(
      (row): row is Reservation => isFull(row) && canChangeReservation(user, row) && dayOfUseStep(row, now) !== null,
    ) ?? null;

  const describe = (row: Row) =>
    h(
      "p",
      { class: "kiosk__booking" },
      h("strong", null, formatPeriod(row.start, row.end, zone)),
      " · ",
      isFull(row) ? `${row.title} · ${row.member.name}` : t("calendar.busy"),
      isFull(row) ? [" ", statusBadge(row.checked_in_at ? "checked_in" : row.status)] : null,
    );
  return [
    pageTitle(t("dayuse.kioskTitle", { asset: asset.name }), asset.location || undefined),
    h("p", { class: "muted small", "data-testid": "kiosk-zone" }, t("dayuse.kioskZone", { zone: zoneLabel(zone) })),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "kiosk-now", "data-testid": "kiosk-current" },
      h("h2", { class: "card__title", id: "kiosk-now" }, t("dayuse.kioskNow")),
      current ? describe(current) : h("p", null, t("dayuse.kioskFree")),
      next ? h("p", { class: "muted" }, `${t("dayuse.kioskNext")}: `, describe(next)) : null,
      mine
        ? [mine === current || mine === next ? null : describe(mine), checkInControl(mine, zone, reload)]
        : candidate
          ? [
              h("p", { class: "muted small", "data-testid": "kiosk-not-yours" }, t("dayuse.kioskNotYours")),
              asset.kiosk_pin
                ? [h("p", { class: "small" }, t("dayuse.kioskPinOther")), pinForm(asset.id, reload)]
                : null,
            ]
          : null,
    ),
    doorSign(asset),
    h(
      "section",
      { class: "card stack", "aria-labelledby": "kiosk-today" },
      h("h2", { class: "card__title", id: "kiosk-today" }, t("dayuse.kioskToday")),
      todays.length
        ? h(
            "ol",
            { class: "kiosk__schedule", "data-testid": "kiosk-schedule" },
            todays.map((row) => h("li", { "data-testid": "kiosk-row" }, describe(row))),
          )
        : h("p", { class: "muted" }, t("dayuse.kioskNothing")),
    ),
  ];
}

interface KioskSign {
  asset: number;
  url: string;
  qr: string;
}

/** The printable sign for the door: a QR code that opens this page, and its address in words. */
function doorSign(asset: Asset): HTMLElement {
  const slot = h("div", { class: "stack" });
  const show = busyButton(
    t("dayuse.kioskPrint"),
    { class: "btn btn--ghost", "data-testid": "kiosk-sign" },
    async () => {
      try {
        const sign = await apiGet<KioskSign>(`/assets/${asset.id}/kiosk-sign/`);
        slot.replaceChildren(
          h(
            "figure",
            { class: "kiosk__sign", "data-testid": "kiosk-sign-figure" },
            h("img", { src: sign.qr, alt: t("dayuse.kioskQr", { asset: asset.name }), width: "240", height: "240" }),
            h("figcaption", { class: "small" }, sign.url),
          ),
          h(
            "button",
            { type: "button", class: "btn btn--primary", "data-testid": "kiosk-print", onClick: () => window.print() },
            t("dayuse.kioskPrintNow"),
          ),
        );
      } catch (err) {
        slot.replaceChildren(h("p", { class: "field__error", role: "alert" }, errorText(err)));
      }
    },
  );
  return h("section", { class: "card stack", "aria-label": t("dayuse.kioskPrint") }, show, slot);
}
