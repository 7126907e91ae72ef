// The kiosk (/kiosk/assets/{id}) where nobody is signed in: the asset, the bookings open for check-in now (times
// only: no title, company or person) and check-in with the PIN e-mailed to the booker. Signing in is a link away.

import { brand } from "../components/brand";
import { languageSwitch } from "../components/languageSwitch";
import { h } from "../dom";
import { formatPeriod, formatTime, zoneLabel } from "../format";
import { t } from "../i18n";
import { getKiosk, pinForm, type CheckedIn, type KioskInfo } from "../kiosk/pinForm";
import { fill, statusBadge } from "../ui";
import "../messages/dayuse"; // this area's strings

export function renderPublicKioskPage(id: number): HTMLElement {
  document.title = t("dayuse.kioskDocTitle");
  const body = h("div", { class: "stack" });
  // Outside what reloads, so it stays after the list is read again.
  const notice = h("div", { role: "status", "data-testid": "kiosk-pin-status" });
  const done = (checked: CheckedIn, zone: string) => {
    notice.replaceChildren(
      h(
        "p",
        { class: "alert alert--ok", "data-testid": "kiosk-pin-done" },
        t("dayuse.checkedIn", { time: formatTime(checked.checked_in_at, zone) }),
      ),
    );
    void reload();
  };
  const reload = () =>
    fill(
      body,
      () => getKiosk(id),
      (kiosk) => view(kiosk, (checked) => done(checked, kiosk.timezone)),
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
    h(
      "main",
      { class: "auth__main" },
      h("section", { class: "card auth__card stack", "data-testid": "kiosk-public" }, notice, body),
    ),
    h("footer", { class: "auth__footer" }, `${t("app.name")} · ${t("app.tagline")}`),
  );
}

function view(kiosk: KioskInfo, onDone: (checked: CheckedIn) => void): (HTMLElement | null)[] {
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
    waiting ? pinForm(kiosk.asset, onDone) : null,
    h("p", null, h("a", { href: "#/login", "data-testid": "kiosk-sign-in" }, t("dayuse.kioskSignIn"))),
  ];
}
