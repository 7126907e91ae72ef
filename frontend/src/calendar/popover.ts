// The calendar's event popover: what a block is, shown on hover and keyboard focus, and pinned by a click,
// a tap or Enter (then it holds a link to the booking page and takes the focus; Escape gives it back).

import type { EventInfo } from "../calendarData";
import { h } from "../dom";
import { formatRange } from "../format";
import { t, type MessageKey } from "../i18n";
import { onLeave } from "../lifecycle";
import { reservationPath } from "../router";

export interface Popover {
  element: HTMLElement;
  show: (target: HTMLElement, info: EventInfo, assetName: string) => void;
  pin: (target: HTMLElement, info: EventInfo, assetName: string) => void;
  hide: () => void;
}

function statusLabel(info: EventInfo): string {
  if (info.kind === "busy") return t("calendar.busyStatus");
  const key = `status.${info.status}` as MessageKey;
  return t(key) === key ? String(info.status) : t(key);
}

/** More buttons for a pinned popover (a manager's "Mark as a no-show"); `close` hides the popover. */
export type PopoverActions = (info: EventInfo, close: () => void) => (HTMLElement | null)[];

function content(
  info: EventInfo,
  assetName: string,
  pinned: boolean,
  close: () => void,
  extra?: PopoverActions,
): HTMLElement[] {
  const full = info.kind === "own" || info.kind === "other";
  const rows: [string, string][] = [
    [t("calendar.popWhen"), formatRange(info.start, info.end, info.zone)],
    [t("calendar.popAsset"), assetName],
    [t("calendar.popStatus"), statusLabel(info)],
    [t("calendar.popCompany"), full ? (info.member ?? "") : t("calendar.otherCompany")],
  ];
  const nodes: (HTMLElement | null)[] = [
    h("p", { class: "popover__title", id: "calendar-popover-title" }, full ? (info.title ?? "") : t("calendar.busy")),
    h(
      "dl",
      { class: "popover__facts" },
      rows.map(([label, value]) => [h("dt", null, label), h("dd", null, value)]),
    ),
    info.movable ? h("p", { class: "muted small" }, t("calendar.dragHint")) : null,
    pinned
      ? h(
          "div",
          { class: "actions" },
          full && info.reservation
            ? h(
                "a",
                {
                  class: "btn btn--primary btn--small",
                  href: `#${reservationPath(info.reservation)}`,
                  "data-testid": "popover-open",
                },
                t("calendar.openBooking"),
              )
            : null,
          extra ? extra(info, close) : null,
          h(
            "button",
            { type: "button", class: "btn btn--ghost btn--small", "data-testid": "popover-close", onClick: close },
            t("common.close"),
          ),
        )
      : null,
  ];
  return nodes.filter((node): node is HTMLElement => node !== null);
}

export function createPopover(extra?: PopoverActions): Popover {
  const element = h("div", {
    class: "popover",
    id: "calendar-popover",
    role: "dialog",
    "aria-labelledby": "calendar-popover-title",
    hidden: true,
    "data-testid": "calendar-popover",
  });
  let anchor: HTMLElement | null = null;
  let pinned = false;

  const place = (target: HTMLElement) => {
    const parent = element.offsetParent as HTMLElement | null;
    const box = target.getBoundingClientRect();
    const origin = parent?.getBoundingClientRect() ?? { left: 0, top: 0, width: window.innerWidth };
    const width = Math.min(300, origin.width - 16);
    const left = Math.max(8, Math.min(box.left - origin.left, origin.width - width - 8));
    element.style.width = `${width}px`;
    element.style.left = `${left}px`;
    element.style.top = `${box.bottom - origin.top + 6}px`;
  };

  const hide = () => {
    element.hidden = true;
    anchor?.removeAttribute("aria-describedby");
    if (pinned) anchor?.focus();
    pinned = false;
    anchor = null;
  };

  const open = (target: HTMLElement, info: EventInfo, assetName: string, pin: boolean) => {
    if (pinned && !pin) return; // a pinned popover stays until closed
    anchor?.removeAttribute("aria-describedby");
    anchor = target;
    pinned = pin;
    element.replaceChildren(...content(info, assetName, pin, hide, extra));
    element.hidden = false;
    place(target);
    if (pin) element.querySelector<HTMLElement>("a, button")?.focus();
    else target.setAttribute("aria-describedby", element.id);
  };

  element.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  const onEscape = (event: KeyboardEvent) => {
    if (event.key === "Escape" && !element.hidden) hide();
  };
  document.addEventListener("keydown", onEscape);
  onLeave(() => document.removeEventListener("keydown", onEscape));

  return {
    element,
    show: (target, info, assetName) => open(target, info, assetName, false),
    pin: (target, info, assetName) => open(target, info, assetName, true),
    hide: () => {
      if (!pinned) hide();
    },
  };
}
