// The kiosk (/kiosk/assets/{id}) where nobody is signed in: the asset, the bookings open for check-in now (times
// only: no title, company or person) and check-in with the PIN e-mailed to the booker. Signing in is a link away.

import { brand } from "../components/brand";
import { languageSwitch } from "../components/languageSwitch";
import { h } from "../dom";
import { formatPeriod, zoneLabel } from "../format";
import { t } from "../i18n";
import { getKiosk, pinForm, type KioskInfo } from "../kiosk/pinForm";
import { fill, statusBadge } from "../ui";
import "../messages/dayuse"; // this area's strings

export function renderPublicKioskPage(id: number): HTMLElement {
  document.title = t("dayuse.kioskDocTitle");
  const body = h("section", { class: "card auth__card stack", "data-testid": "kiosk-public" });
  const reload = () =>
    fill(
      body,
      () => getKiosk(id),
      (kiosk) => view(kiosk, () => void reload()),
      () =>
        h(
          "div",
          { class: "alert alert--error", role: "alert", "data-testid": "kiosk-error" },
          t("dayuse.kioskNotFound"),
        ),
    );
  void reload();
  return h(
    "div",
    { class: "auth" },
    h("header", { class: "auth__top" }, brand(), languageSwitch()),
    h("main", { class: "auth__main" }, body),
    h("footer", { class: "auth__footer" }, `${t("app.name")} · ${t("app.tagline")}`),
  );
}

function view(kiosk: KioskInfo, reload: () => void): (HTMLElement | null)[] {
  document.title = `${kiosk.name} · ${t("dayuse.kioskDocTitle")}`;
  const zone = kiosk.timezone;
  const waiting = kiosk.bookings.some((booking) => booking.pin && !booking.checked_in_at);
  return [
    h("h1", { class: "auth__title" }, t("dayuse.kioskTitle", { asset: kiosk.name })),
    kiosk.location ? h("p", { class: "muted" }, kiosk.location) : null,
    h("p", { class: "muted small", "data-testid": "kiosk-zone" }, t("dayuse.kioskZone", { zone: zoneLabel(zone) })),
    h("h2", { class: "card__title" }, t("dayuse.kioskOpenNow")),
    kiosk.bookings.length
      ? h(
          "ul",
          { class: "kiosk__schedule", "data-testid": "kiosk-open" },
          kiosk.bookings.map((booking) =>
            h(
              "li",
              { "data-testid": "kiosk-row" },
              h("strong", null, formatPeriod(booking.start, booking.end, zone)),
              booking.checked_in_at ? [" ", statusBadge("checked_in")] : null,
            ),
          ),
        )
      : h("p", null, t("dayuse.kioskNoneOpen")),
    waiting ? pinForm(kiosk.asset, zone, reload) : null,
    h("p", null, h("a", { href: "#/login", "data-testid": "kiosk-sign-in" }, t("dayuse.kioskSignIn"))),
  ];
}
