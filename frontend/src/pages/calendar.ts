// The group calendar: a week of the group's assets side by side (a resource time grid: every day on
// screen, one column per asset and day), a day, a month of day cells with multi-day bookings as bars, and
// an agenda list (the default on a phone). Own bookings can be dragged and resized; a drop is confirmed
// with its new price before it is sent, and a refusal puts the block back.

import "@event-calendar/core/index.css";
import {
  createCalendar,
  DayGrid,
  destroyCalendar,
  Interaction,
  List,
  ResourceTimeGrid,
  type Calendar,
} from "@event-calendar/core";
import { apiGet, apiPost } from "../api";
import { createPopover, type Popover, type PopoverActions } from "../calendar/popover";
import { freeSlotList } from "../calendar/freeSlots";
import { eventBody } from "../calendar/eventBody";
import { legend } from "../calendar/legend";
import { plainStructure } from "../calendar/plainStructure";
import { rememberGroup, storedGroup } from "../calendar/rememberedGroup";
import { proposeMove } from "../calendar/move";
import { spansDays } from "../booking";
import {
  bufferEvents,
  freeSlots,
  reservationEvents,
  selectionToBooking,
  shadeEvents,
  wallFromCalendarDate,
  type EventInfo,
} from "../calendarData";
import { getAll, loadCatalog, type Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoney, formatRange, formatTime, locale, userZone, zoneLabel } from "../format";
import { t } from "../i18n";
import { onLeave } from "../lifecycle";
import type { PageContext } from "../pageContext";
import { canBook, canChangeReservation, isAccountant, isAssetManager, isOwnReservation } from "../roles";
import { pathWithQuery, type Path } from "../router";
import { fromMinutes, snapToSlot, toMinutes, toZonedIso, visibleHours, zonedToInstant } from "../tz";
import { busyButton, errorBox, errorText, fill, pageTitle } from "../ui";
import type { Asset, BusyBlock, GroupAvailability, Me, Paginated, Reservation } from "../types";
import "../messages/closures"; // this area's strings

const VIEWS = {
  day: "resourceTimeGridDay",
  week: "resourceTimeGridWeek",
  month: "dayGridMonth",
  list: "listWeek",
} as const;
type ViewName = keyof typeof VIEWS;
const NARROW = "(max-width: 640px)";

export function renderCalendarPage({ user, query, navigate }: PageContext): HTMLElement {
  document.title = t("calendar.docTitle");
  const body = h("div", { class: "calendar-page" });
  const load = async () => {
    const catalog = await loadCatalog();
    let group = Number(query.get("group")) || storedGroup(catalog, user.id);
    if (!group) {
      // First visit: open on the group of the company's next booking.
      const now = encodeURIComponent(new Date().toISOString());
      const next = await apiGet<Paginated<Reservation>>(
        `/reservations/?start=${now}&ordering=start&page_size=1&status=approved&status=pending`,
      ).catch(() => null);
      group =
        catalog.asset(next?.results[0]?.asset ?? 0)?.group ??
        catalog.groups.find((g) => catalog.assets.some((a) => a.group === g.id))?.id ??
        0;
    }
    return { catalog, group };
  };
  void fill(body, load, ({ catalog, group }) => calendarView(catalog, group, user, query, navigate));
  return h(
    "div",
    { class: "stack" },
    pageTitle(
      t("calendar.title"),
      canBook(user) ? t("calendar.subtitle") : t("calendar.subtitleReader"),
      canBook(user)
        ? h(
            "a",
            {
              class: "btn btn--primary",
              href: `#${pathWithQuery("book", { group: query.get("group") })}`,
              "data-testid": "calendar-book",
            },
            t("calendar.newBooking"),
          )
        : null,
      h(
        "a",
        { class: "btn btn--ghost", href: "#/incidents", "data-testid": "calendar-report-problem" },
        t("calendar.reportProblem"),
      ),
    ),
    body,
  );
}

function viewFromQuery(query: URLSearchParams, narrow: boolean): ViewName {
  const asked = query.get("view");
  if (asked && asked in VIEWS) return asked as ViewName;
  return narrow ? "list" : "week";
}

/** An instant (ISO with the zone's offset) from a date the calendar handed out (its local fields are the wall clock). */
function instantOf(date: Date, zone: string): string {
  const wall = wallFromCalendarDate(date);
  return toZonedIso(zonedToInstant(wall.date, wall.time, zone), zone);
}

function calendarView(
  catalog: Catalog,
  groupId: number,
  user: Me,
  query: URLSearchParams,
  navigate: (to: Path) => void,
): HTMLElement {
  const narrow = window.matchMedia?.(NARROW).matches ?? false;
  const groupAssets = catalog.assets.filter((a) => a.group === groupId);
  rememberGroup(user.id, groupId);
  const zone = groupAssets[0]?.timezone ?? "UTC";
  const books = canBook(user);
  let viewName = viewFromQuery(query, narrow);
  let assetFilter = groupAssets.find((a) => a.id === Number(query.get("asset")))?.id ?? null;
  let calendar: Calendar | null = null;
  let lastAvailability: GroupAvailability[] = [];

  /** A week of every asset side by side needs room: on a phone the week shows one asset at a time. */
  const shownAssets = (): Asset[] => {
    if (assetFilter) return groupAssets.filter((a) => a.id === assetFilter);
    if (narrow && viewName === "week" && groupAssets.length > 1) return groupAssets.slice(0, 1);
    return groupAssets;
  };

  const notice = h("div", { class: "calendar-notice", "aria-live": "polite", "data-testid": "calendar-notice" });
  const freeSlotsBox = h("div", { class: "calendar-free" });
  const manages = isAssetManager(user);

  /** A manager's action in a pinned popover: a started, approved booking can be marked as a no-show. */
  const noShowAction: PopoverActions = (info, close) => {
    const started = new Date(info.start) <= new Date();
    const full = info.kind === "own" || info.kind === "other";
    if (!full || !info.reservation || info.status !== "approved" || !started) return [];
    const error = h("p", { class: "field__error", role: "alert", hidden: true, "data-testid": "popover-error" });
    const mark = busyButton(
      t("booking.noShow"),
      { class: "btn btn--danger-ghost btn--small", "data-testid": "popover-no-show" },
      async () => {
        try {
          await apiPost(`/reservations/${info.reservation}/no-show/`);
          close();
          calendar?.refetchEvents();
          notice.replaceChildren(
            h(
              "p",
              { class: "alert alert--ok", role: "status", "data-testid": "no-show-done" },
              t("calendar.noShowDone"),
            ),
          );
        } catch (err) {
          error.textContent = errorText(err);
          error.hidden = false;
        }
      },
    );
    return [mark, error];
  };
  /** The holder's (and the managers') check-in or check-out, within the booking's window. */
  const checkInAction: PopoverActions = (info, close) => {
    const full = info.kind === "own" || info.kind === "other";
    if (!full || !info.reservation || !info.status || info.memberId === undefined) return [];
    const holder = { member: { id: info.memberId }, booked_by: { id: info.bookedBy ?? -1 } };
    if (!canChangeReservation(user, holder as Reservation)) return [];
    const booking = {
      id: info.reservation,
      status: info.status,
      start: info.start,
      end: info.end,
      checkin_opens_at: info.checkinOpensAt,
      checked_in_at: info.checkedInAt,
      checked_out_at: info.checkedOutAt,
    };
    // The control (and its strings) loads with the first popover that may offer it: the calendar's first paint
    // does without it.
    const slot = h("div", { class: "stack" });
    void import("../reservation/checkIn").then(({ checkInControl }) => {
      const control = checkInControl(
        booking,
        info.zone,
        (updated) => {
          close();
          calendar?.refetchEvents();
          const time = formatTime(updated.checked_out_at ?? updated.checked_in_at ?? new Date(), info.zone);
          notice.replaceChildren(
            h(
              "p",
              { class: "alert alert--ok", role: "status", "data-testid": "check-in-done" },
              t(updated.checked_out_at ? "dayuse.checkedOut" : "dayuse.checkedIn", { time }),
            ),
          );
        },
        { small: true },
      );
      if (control && control.dataset.testid === "check-in-control") slot.replaceChildren(control);
    });
    return [slot];
  };
  const popover: Popover = createPopover((info, close) => [
    ...checkInAction(info, close),
    ...(manages ? noShowAction(info, close) : []),
  ]);
  const host = h("div", { class: "calendar-host", "data-testid": "calendar" });
  const frame = h("div", { class: "calendar-frame" }, host, popover.element);

  const groupSelect = h(
    "select",
    {
      class: "input input--compact",
      id: "calendar-group",
      "data-testid": "calendar-group",
      onChange: () => navigate(pathFor({ group: Number(groupSelect.value), asset: null })),
    },
    catalog.groups.map((g) => h("option", { value: g.id, selected: g.id === groupId }, g.name)),
  );
  const assetSelect = h("select", {
    class: "input input--compact",
    id: "calendar-asset",
    "data-testid": "calendar-asset",
  });
  const fillAssetSelect = () => {
    const shown = shownAssets();
    const all = !(narrow && viewName === "week" && groupAssets.length > 1);
    const options = groupAssets.map((a) =>
      h("option", { value: a.id, selected: shown.length === 1 && shown[0].id === a.id }, a.name),
    );
    if (all)
      options.unshift(
        h("option", { value: "", selected: shown.length === groupAssets.length }, t("calendar.allAssets")),
      );
    assetSelect.replaceChildren(...options);
  };
  assetSelect.addEventListener("change", () => {
    assetFilter = Number(assetSelect.value) || null;
    syncUrl();
    calendar?.setOption("resources", resources());
    calendar?.refetchEvents();
  });

  const resources = () => shownAssets().map((a) => ({ id: String(a.id), title: a.name }));
  const hours = visibleHours(groupAssets.map((a) => a.opening_hours));
  const slot = Math.min(...groupAssets.map((a) => a.slot_minutes), 60);
  const assetName = (id: number) => catalog.asset(id)?.name ?? "";

  function pathFor(over: { group?: number; asset?: number | null; view?: ViewName; date?: string } = {}): Path {
    const view = calendar?.getView();
    return pathWithQuery("calendar", {
      group: over.group ?? groupId,
      view: over.view ?? viewName,
      date: over.date ?? (view ? wallFromCalendarDate(view.currentStart).date : query.get("date")),
      asset: over.asset === undefined ? assetFilter : over.asset,
    });
  }
  /** The address keeps the view, date and asset, so a reload shows the same calendar. */
  const syncUrl = () => history.replaceState(null, "", `#${pathFor()}`);

  const bookAt = (assetId: number | null, start: Date, end: Date | null, allDay: boolean) => {
    if (!books) return;
    const drawn = end ? selectionToBooking(start, end, allDay) : null;
    const acrossDays = drawn !== null && drawn.date !== drawn.end_date;
    const asset = catalog.asset(assetId ?? assetFilter ?? 0) ?? (acrossDays ? groupAssets.find(spansDays) : undefined);
    const day = wallFromCalendarDate(start).date;
    let params: Record<string, string> = { date: day };
    if (drawn && (!allDay || (asset && spansDays(asset)))) params = { ...drawn };
    else if (!allDay && asset)
      params = {
        date: day,
        start: fromMinutes(snapToSlot(toMinutes(wallFromCalendarDate(start).time), asset.slot_minutes)),
      };
    navigate(pathWithQuery("book", { group: groupId, asset: asset?.id, ...params }));
  };

  /** The closures of one asset of the group above the calendar, for its managers (the server says who is one). */
  const closuresSlot = h("div", { class: "stack", hidden: true, "data-testid": "calendar-closures" });
  // Loaded when first opened: most people never see it, and the calendar route stays small.
  const openClosures = async (asset: Asset, period?: { start: string; end: string }) => {
    const { renderClosures } = await import("../manage/closures");
    const pick = h(
      "select",
      { class: "input input--compact", id: "closures-asset", "data-testid": "closures-asset" },
      groupAssets.map((a) => h("option", { value: a.id, selected: a.id === asset.id }, a.name)),
    );
    pick.addEventListener("change", () => void openClosures(catalog.asset(Number(pick.value)) ?? asset));
    const hide = h(
      "button",
      {
        type: "button",
        class: "btn btn--ghost btn--small",
        "data-testid": "closures-hide",
        onClick: () => {
          closuresSlot.replaceChildren();
          closuresSlot.hidden = true;
          closuresToggle?.focus();
        },
      },
      t("calendar.closuresHide"),
    );
    const section = renderClosures(asset, {
      ...period,
      zoneOf: catalog.zoneOf,
      onChange: () => calendar?.refetchEvents(),
      embedded: true,
    });
    closuresSlot.replaceChildren(
      h(
        "div",
        { class: "calendar-toolbar" },
        groupAssets.length > 1 ? field(t("calendar.closuresPick"), pick) : null,
        hide,
      ),
      section,
    );
    closuresSlot.hidden = false;
    const heading = section.querySelector<HTMLElement>("h2");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
  };
  const closuresToggle = manages
    ? h(
        "button",
        {
          type: "button",
          class: "btn btn--ghost btn--small",
          "data-testid": "calendar-closures-open",
          onClick: () => {
            const asset = catalog.asset(assetFilter ?? 0) ?? shownAssets()[0];
            if (asset) void openClosures(asset);
          },
        },
        t("calendar.closures"),
      )
    : null;

  /** A period drawn by a manager: book it, or close the asset for maintenance then. */
  const drawn = (assetId: number | null, start: Date, end: Date, allDay: boolean) => {
    const asset = catalog.asset(assetId ?? assetFilter ?? 0);
    if (!manages || !asset || allDay) return bookAt(assetId, start, end, allDay);
    const period = { start: instantOf(start, asset.timezone), end: instantOf(end, asset.timezone) };
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": "drawn-title", "data-testid": "drawn-dialog" });
    const close = () => {
      dialog.close();
      dialog.remove();
    };
    const choice = (label: string, testid: string, kind: string, action: () => void) =>
      h(
        "button",
        { type: "button", class: `btn ${kind}`, "data-testid": testid, onClick: () => (close(), action()) },
        label,
      );
    dialog.append(
      h(
        "h2",
        { class: "card__title", id: "drawn-title" },
        t("calendar.drawnTitle", { when: formatRange(period.start, period.end, asset.timezone) }),
      ),
      h("p", { class: "muted" }, asset.name),
      h(
        "div",
        { class: "actions" },
        books
          ? choice(t("calendar.drawnBook"), "drawn-book", "btn--primary", () => bookAt(assetId, start, end, allDay))
          : null,
        choice(
          t("calendar.closeForMaintenance"),
          "drawn-close",
          books ? "btn--ghost" : "btn--primary",
          () => void openClosures(asset, period),
        ),
        choice(t("common.close"), "drawn-dismiss", "btn--ghost", () => undefined),
      ),
    );
    dialog.addEventListener("close", () => dialog.remove());
    frame.append(dialog);
    dialog.showModal();
  };

  const viewer = {
    isOwn: (r: Reservation) => isOwnReservation(user, r),
    canMove: (r: Reservation) => canChangeReservation(user, r),
  };

  const showFreeSlots = (view: Calendar.View | undefined) => {
    if (!books || !view) return freeSlotsBox.replaceChildren();
    const from = zonedToInstant(wallFromCalendarDate(view.activeStart).date, "00:00", zone);
    const to = zonedToInstant(wallFromCalendarDate(view.activeEnd).date, "00:00", zone);
    const shownIds = new Set(shownAssets().map((a) => a.id));
    const inView = lastAvailability
      .filter((row) => shownIds.has(row.asset))
      .map((row) => ({
        ...row,
        free_intervals: row.free_intervals.filter((f) => new Date(f.start) < to && new Date(f.end) > from),
      }));
    freeSlotsBox.replaceChildren(freeSlotList(freeSlots(inView, (id) => catalog.asset(id)?.min_duration ?? 60)));
  };

  const loadEvents = async (info: { start: Date; end: Date }) => {
    const start = new Date(info.start.getTime() - 86400000).toISOString();
    const end = new Date(info.end.getTime() + 86400000).toISOString();
    const window = `start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}`;
    try {
      const [rows, availability] = await Promise.all([
        getAll<Reservation | BusyBlock>(
          `/reservations/?group=${groupId}&${window}&include_busy=true&status=pending&status=approved&page_size=200`,
        ),
        apiGet<GroupAvailability[]>(`/availability/?group=${groupId}&${window}&intervals=true`),
      ]);
      lastAvailability = availability;
      showFreeSlots(calendar?.getView());
      const shownIds = new Set(shownAssets().map((a) => String(a.id)));
      const labels = {
        busy: t("calendar.busy"),
        closed: t("calendar.closed"),
        blackout: t("calendar.blackout"),
        setup: t("calendar.setup"),
        cleanup: t("calendar.cleanup"),
      };
      return [
        ...shadeEvents(availability, labels),
        ...bufferEvents(rows, catalog.zoneOf, labels),
        ...reservationEvents(rows, catalog.zoneOf, viewer, labels),
      ].filter((e) => e.resourceIds.some((id) => shownIds.has(id)));
    } catch (error) {
      notice.replaceChildren(errorBox(error, "calendar-error"));
      return [];
    }
  };

  /** A drop or a resize: ask, then send; the block goes back unless the server took it. */
  const onMoved = (event: Calendar.Event, revert: () => void) => {
    const info = event.extendedProps as unknown as EventInfo;
    const asset = catalog.asset(info.asset);
    if (!asset || !info.reservation) return revert();
    popover.hide();
    notice.replaceChildren();
    // Priced for the booking's company when it is one of the person's (a manager gets the standard price).
    const member = user.memberships.some((m) => m.member.id === info.memberId) ? (info.memberId ?? null) : null;
    proposeMove(
      {
        reservation: info.reservation,
        title: info.title ?? "",
        asset,
        member,
        status: info.status ?? "",
        oldStart: info.start,
        oldEnd: info.end,
        newStart: instantOf(event.start, asset.timezone),
        newEnd: instantOf(event.end, asset.timezone),
      },
      {
        zoneOf: catalog.zoneOf,
        revert,
        moved: (reservation) => {
          calendar?.refetchEvents();
          const price = reservation.price ? ` ${t("move.priceNow", { price: formatMoney(reservation.price) })}` : "";
          const pending = reservation.status === "pending" ? ` ${t("move.backToPending")}` : "";
          notice.replaceChildren(
            h(
              "p",
              { class: "alert alert--ok", role: "status", "data-testid": "move-done" },
              t("move.done", {
                when: formatRange(reservation.start, reservation.end, catalog.zoneOf(reservation.asset)),
              }),
              price,
              pending,
            ),
          );
        },
        refused: (view) => {
          notice.replaceChildren(view);
          view.querySelector<HTMLElement>("h2")?.focus();
        },
      },
      frame,
    );
  };

  const mount = () => {
    if (!host.isConnected) return; // a later render replaced this page meanwhile
    calendar = createCalendar(host, [ResourceTimeGrid, DayGrid, List, Interaction], {
      view: VIEWS[viewName],
      date: query.get("date") || undefined,
      timeZone: "UTC", // events are fed as the group's wall-clock times
      locale: locale(),
      firstDay: 1,
      height: "auto",
      headerToolbar: {
        start: "prev,next today",
        center: "title",
        end: `${VIEWS.day},${VIEWS.week},${VIEWS.month},${VIEWS.list}`,
      },
      buttonText: (text: Record<string, string>) => ({
        ...text,
        today: t("calendar.today"),
        prev: t("calendar.prev"),
        next: t("calendar.next"),
        close: t("common.close"),
        [VIEWS.day]: t("calendar.day"),
        [VIEWS.week]: t("calendar.week"),
        [VIEWS.month]: t("calendar.month"),
        [VIEWS.list]: t("calendar.list"),
      }),
      resources: resources(),
      datesAboveResources: true,
      allDaySlot: false,
      slotMinTime: hours.min,
      slotMaxTime: hours.max,
      // A booking outside today's hours (kept when the hours changed, or made before) still shows: the grid
      // stretches to it.
      flexibleSlotTimeLimits: true,
      slotDuration: { minutes: slot },
      slotHeight: 26,
      scrollTime: hours.min,
      nowIndicator: true,
      dayHeaderFormat: { weekday: "short", day: "numeric", month: "short" },
      dayHeaderAriaLabelFormat: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
      slotLabelFormat: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
      views: {
        [VIEWS.month]: { dayHeaderFormat: { weekday: "short" }, dayMaxEvents: false },
        [VIEWS.list]: {
          listDayFormat: { weekday: "long", day: "numeric", month: "long" },
          listDaySideFormat: { year: "numeric" },
        },
      },
      noEventsContent: t("calendar.nothingBooked"),
      selectable: books || manages,
      pointer: books || manages,
      editable: false, // per event: only bookings this person may change
      eventStartEditable: false,
      eventDurationEditable: false,
      moreLinkContent: (info: { num: number }) => t("calendar.more", { count: info.num }),
      dragConstraint: (info: Calendar.EventDropInfo) => !info.newResource, // a booking keeps its asset
      eventSources: [{ events: loadEvents }],
      eventContent: (info: Calendar.EventContentInfo) => {
        const data = info.event.extendedProps as unknown as EventInfo;
        if (info.event.display === "background") return "";
        if (!data?.kind) return undefined; // the library's own drag previews
        const resourceView = info.view.type.startsWith("resource");
        return eventBody(
          data,
          String(info.event.title),
          info.timeText,
          resourceView || groupAssets.length === 1 ? null : assetName(data.asset),
          assetName(data.asset),
        );
      },
      eventDidMount: (info: Calendar.EventDidMountInfo) => {
        const data = info.event.extendedProps as unknown as EventInfo;
        if (info.event.display !== "auto" || !data?.kind) return;
        info.el.addEventListener("focus", () => popover.show(info.el, data, assetName(data.asset)));
        info.el.addEventListener("blur", () => popover.hide());
      },
      eventMouseEnter: (info: Calendar.MouseEnterInfo) => {
        const data = info.event.extendedProps as unknown as EventInfo;
        if (info.event.display !== "background" && data?.kind) popover.show(info.el, data, assetName(data.asset));
      },
      eventMouseLeave: () => popover.hide(),
      eventClick: (info: Calendar.EventClickInfo) => {
        const data = info.event.extendedProps as unknown as EventInfo;
        if (data?.kind) popover.pin(info.el, data, assetName(data.asset));
      },
      dateClick: (info: Calendar.DateClickInfo) =>
        bookAt(info.resource ? Number(info.resource.id) : null, info.date, null, info.allDay),
      select: (info: Calendar.SelectInfo) =>
        drawn(info.resource ? Number(info.resource.id) : null, info.start, info.end, info.allDay),
      eventDrop: (info: Calendar.EventDropInfo) => onMoved(info.event, info.revert),
      eventResize: (info: Calendar.EventResizeInfo) => onMoved(info.event, info.revert),
      datesSet: (info: Calendar.DatesSetInfo) => {
        const next = (Object.keys(VIEWS) as ViewName[]).find((k) => VIEWS[k] === info.view.type) ?? viewName;
        if (next !== viewName) {
          viewName = next;
          fillAssetSelect();
          calendar?.setOption("resources", resources());
          calendar?.refetchEvents();
        }
        syncUrl();
        showFreeSlots(info.view);
      },
    } as Calendar.Options);
    const stopWatching = plainStructure(host);
    onLeave(() => {
      stopWatching();
      if (calendar) void destroyCalendar(calendar);
      calendar = null;
    });
  };
  fillAssetSelect();
  queueMicrotask(mount);

  const ownZone = zone === userZone();
  return h(
    "section",
    { class: "card card--flush" },
    h(
      "div",
      { class: "calendar-toolbar" },
      h(
        "div",
        { class: "calendar-toolbar__fields" },
        field(t("calendar.group"), groupSelect),
        groupAssets.length > 1 ? field(t("calendar.asset"), assetSelect) : null,
      ),
      h(
        "p",
        { class: "muted calendar-zone", "data-testid": "calendar-zone" },
        t(ownZone ? "calendar.zone" : "calendar.zoneOther", { zone: zoneLabel(zone) }),
      ),
      legend({ books, seesOthers: isAssetManager(user) || isAccountant(user) }),
      closuresToggle,
    ),
    notice,
    closuresSlot,
    groupAssets.length ? frame : h("p", { class: "muted pad" }, t("calendar.noAssets")),
    freeSlotsBox,
  );
}

function field(label: string, control: HTMLSelectElement): HTMLElement {
  return h(
    "label",
    { class: "field field--inline", for: control.id },
    h("span", { class: "field__label" }, label),
    control,
  );
}
