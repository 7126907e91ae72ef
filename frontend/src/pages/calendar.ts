import "@event-calendar/core/index.css";
import { createCalendar, destroyCalendar, Interaction, ResourceTimeline, type Calendar } from "@event-calendar/core";
import { apiGet } from "../api";
import { reservationEvents, shadeEvents, wallFromCalendarDate } from "../calendarData";
import { getAll, loadCatalog, type Catalog } from "../catalog";
import { h } from "../dom";
import { locale, zoneLabel } from "../format";
import { t } from "../i18n";
import { pathWithQuery, type Path } from "../router";
import { visibleHours, snapToSlot, toMinutes, fromMinutes } from "../tz";
import { canBook } from "../roles";
import { errorBox, fill, pageTitle } from "../ui";
import type { Availability, BusyBlock, Me, Paginated, Reservation } from "../types";

const VIEWS = { day: "resourceTimelineDay", week: "resourceTimelineWeek", month: "resourceTimelineMonth" } as const;
type ViewName = keyof typeof VIEWS;

let mounted: Calendar | null = null;

/** Called by the app before showing another page. */
export function disposeCalendar(): void {
  if (mounted) void destroyCalendar(mounted);
  mounted = null;
}

export interface CalendarPageOptions {
  user: Me;
  query: URLSearchParams;
  navigate: (to: Path) => void;
}

export function renderCalendarPage({ user, query, navigate }: CalendarPageOptions): HTMLElement {
  document.title = t("calendar.docTitle");
  const body = h("div", { class: "calendar-page" });
  const load = async () => {
    const catalog = await loadCatalog();
    let group = Number(query.get("group")) || storedGroup(catalog, user);
    if (!group) {
      // First visit: open on the group of the company's next booking.
      const now = encodeURIComponent(new Date().toISOString());
      const next = await apiGet<Paginated<Reservation>>(`/reservations/?start=${now}&ordering=start&page_size=1&status=approved&status=pending`).catch(() => null);
      group = catalog.asset(next?.results[0]?.asset ?? 0)?.group ?? catalog.groups.find((g) => catalog.assets.some((a) => a.group === g.id))?.id ?? 0;
    }
    return { catalog, group };
  };
  void fill(body, load, ({ catalog, group }) => calendarView(catalog, group, user, query, navigate));
  return h(
    "div",
    { class: "stack" },
    pageTitle(
      t("calendar.title"),
      t("calendar.subtitle"),
      canBook(user) ? h("a", { class: "btn btn--primary", href: `#${pathWithQuery("book", { group: query.get("group") })}`, "data-testid": "calendar-book" }, t("calendar.newBooking")) : null,
    ),
    body,
  );
}

function calendarView(catalog: Catalog, groupId: number, user: Me, query: URLSearchParams, navigate: (to: Path) => void): HTMLElement {
  const narrow = window.matchMedia?.("(max-width: 640px)").matches ?? false;
  const viewName: ViewName = (query.get("view") as ViewName) in VIEWS ? (query.get("view") as ViewName) : narrow ? "day" : "week";
  const assets = catalog.assets.filter((a) => a.group === groupId);
  rememberGroup(user, groupId);
  const zone = assets[0]?.timezone ?? "UTC";
  const myMembers = new Set(user.memberships.map((m) => m.member.id));
  const status = h("div", { class: "calendar-status", "aria-live": "polite" });

  const groupSelect = h(
    "select",
    {
      class: "input input--compact",
      id: "calendar-group",
      "data-testid": "calendar-group",
      onChange: () => navigate(pathWithQuery("calendar", { group: groupSelect.value, view: currentView(), date: currentDate() })),
    },
    catalog.groups.map((g) => h("option", { value: g.id, selected: g.id === groupId }, g.name)),
  );

  const legend = h(
    "ul",
    { class: "legend" },
    h("li", null, h("span", { class: "legend__swatch ev--own ev--approved" }), t("calendar.legendOwn")),
    h("li", null, h("span", { class: "legend__swatch ev--own ev--pending" }), t("calendar.legendPending")),
    h("li", null, h("span", { class: "legend__swatch ev--busy" }), t("calendar.legendBusy")),
    h("li", null, h("span", { class: "legend__swatch bg--closed" }), t("calendar.legendClosed")),
  );

  const host = h("div", { class: "calendar-host", "data-testid": "calendar" });
  const hours = visibleHours(assets.map((a) => a.opening_hours));
  const slot = Math.min(...assets.map((a) => a.slot_minutes), 60);

  const currentView = (): ViewName => {
    const type = mounted?.getView().type;
    return (Object.keys(VIEWS) as ViewName[]).find((k) => VIEWS[k] === type) ?? viewName;
  };
  const currentDate = (): string => {
    const view = mounted?.getView();
    return view ? wallFromCalendarDate(view.currentStart).date : query.get("date") ?? "";
  };

  const bookAt = (assetId: string | number | undefined, start: Date, end?: Date) => {
    if (!canBook(user) || assetId === undefined) return;
    const asset = catalog.asset(Number(assetId));
    if (!asset) return;
    const from = wallFromCalendarDate(start);
    // A click in the month view lands on midnight: start at opening time instead.
    const startTime = from.time === "00:00" && currentView() === "month" ? "" : fromMinutes(snapToSlot(toMinutes(from.time), asset.slot_minutes));
    const to = end && currentView() !== "month" ? wallFromCalendarDate(end) : null;
    navigate(pathWithQuery("book", { asset: asset.id, date: from.date, start: startTime, end: to && to.date === from.date ? to.time : "" }));
  };

  queueMicrotask(() => {
    if (!host.isConnected) return; // a later render replaced this page meanwhile
    disposeCalendar();
    mounted = createCalendar(host, [ResourceTimeline, Interaction], {
      view: VIEWS[viewName],
      date: query.get("date") || undefined,
      timeZone: "UTC", // events are fed as the group's wall-clock times
      locale: locale(),
      firstDay: 1,
      height: "auto",
      headerToolbar: { start: "prev,next today", center: "title", end: `${VIEWS.day},${VIEWS.week},${VIEWS.month}` },
      buttonText: (text: Record<string, string>) => ({
        ...text,
        today: t("calendar.today"),
        [VIEWS.day]: t("calendar.day"),
        [VIEWS.week]: t("calendar.week"),
        [VIEWS.month]: t("calendar.month"),
      }),
      resources: assets.map((a) => ({ id: String(a.id), title: a.name })),
      slotMinTime: hours.min,
      slotMaxTime: hours.max,
      slotDuration: { minutes: slot },
      views: {
        [VIEWS.week]: { slotDuration: { hours: 1 }, slotWidth: narrow ? 14 : 11, slotLabelInterval: { hours: 4 }, slotLabelFormat: { hour: "2-digit", hourCycle: "h23" } },
        [VIEWS.day]: { slotWidth: narrow ? 44 : 52 },
      },
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
      slotLabelFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
      selectable: canBook(user),
      eventSources: [
        {
          events: async (info: { start: Date; end: Date }) => {
            const start = new Date(info.start.getTime() - 86400000).toISOString();
            const end = new Date(info.end.getTime() + 86400000).toISOString();
            status.replaceChildren();
            try {
              const [rows, availability] = await Promise.all([
                getAll<Reservation | BusyBlock>(
                  `/reservations/?group=${groupId}&start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}&include_busy=true&status=pending&status=approved&page_size=200`,
                ),
                Promise.all(assets.map((a) => apiGet<Availability>(`/assets/${a.id}/availability/?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`))),
              ]);
              const labels = { busy: t("calendar.busy"), closed: t("calendar.closed"), blackout: t("calendar.blackout") };
              return [
                ...shadeEvents(availability, labels),
                ...reservationEvents(rows, catalog.zoneOf, (r) => myMembers.has(r.member.id), labels),
              ];
            } catch (error) {
              status.replaceChildren(errorBox(error, "calendar-error"));
              return [];
            }
          },
        },
      ],
      dateClick: (info: { date: Date; resource?: { id: string | number } }) => bookAt(info.resource?.id, info.date),
      select: (info: { start: Date; end: Date; resource?: { id: string | number } }) => bookAt(info.resource?.id, info.start, info.end),
      eventClick: (info: { event: { extendedProps: Record<string, unknown> } }) => {
        if (info.event.extendedProps.kind === "own") navigate("/reservations");
      },
    } as Calendar.Options);
  });

  return h(
    "section",
    { class: "card card--flush" },
    h(
      "div",
      { class: "calendar-toolbar" },
      h("label", { class: "field field--inline", for: "calendar-group" }, h("span", { class: "field__label" }, t("calendar.group")), groupSelect),
      h("p", { class: "muted calendar-zone" }, t("calendar.zone", { zone: zoneLabel(zone) })),
      legend,
    ),
    status,
    assets.length ? host : h("p", { class: "muted pad" }, t("calendar.noAssets")),
  );
}

const GROUP_KEY = "sinergia.calendarGroup";

/** The group this person looked at last (0 if none). */
function storedGroup(catalog: Catalog, user: Me): number {
  let stored = 0;
  try {
    stored = Number(localStorage.getItem(`${GROUP_KEY}.${user.id}`));
  } catch {
    // storage unavailable: use the default
  }
  return catalog.groups.some((g) => g.id === stored) ? stored : 0;
}

function rememberGroup(user: Me, group: number): void {
  try {
    localStorage.setItem(`${GROUP_KEY}.${user.id}`, String(group));
  } catch {
    // storage unavailable: nothing to remember
  }
}
