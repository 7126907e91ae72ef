import { afterEach, describe, expect, it } from "vitest";
import {
  bufferEvents,
  freeSlots,
  reservationEvents,
  selectionToBooking,
  shadeEvents,
  wallFromCalendarDate,
  type Viewer,
} from "../src/calendarData";
import { bySeries, oldestFirst, rivalsOf } from "../src/inboxData";
import { setLanguage } from "../src/i18n";
import {
  closeProgress,
  closeRefusalText,
  defaultExportFormat,
  defaultPeriod,
  exportUrl,
  invoicingBadge,
} from "../src/pages/accounting";
import { paymentBadge, periodDays } from "../src/statement/display";
import type { BillingPeriod, BusyBlock, Reservation, Statement } from "../src/types";

const res = (over: Partial<Reservation>): Reservation => ({
  id: 1,
  asset: 1,
  asset_name: "Plató A",
  member: { id: 1, name: "Norte Films" },
  booked_by: { id: 1, username: "ana" },
  start: "2030-03-11T09:00:00Z",
  end: "2030-03-11T11:00:00Z",
  status: "pending",
  title: "Rodaje",
  notes: "",
  price: null,
  created_at: "2030-03-01T10:00:00Z",
  ...over,
});

describe("calendar events", () => {
  const zoneOf = () => "Europe/Madrid";
  const now = new Date("2030-03-01T00:00:00Z");
  const viewer = (own: boolean, canMove = own): Viewer => ({ isOwn: () => own, canMove: () => canMove });
  const busy: BusyBlock = {
    id: null,
    asset: 2,
    start: "2030-03-11T14:00:00Z",
    end: "2030-03-11T16:00:00Z",
    blocked_start: "2030-03-11T14:00:00Z",
    blocked_end: "2030-03-11T16:30:00Z",
    busy: true,
  };

  it("shows the member's own bookings in full and movable, others as busy blocks that never move", () => {
    const events = reservationEvents(
      [res({ id: 7, status: "approved" }), busy],
      zoneOf,
      viewer(true),
      { busy: "Busy" },
      now,
    );
    expect(events[0]).toMatchObject({
      id: "r-7",
      title: "Rodaje",
      start: "2030-03-11T10:00:00",
      end: "2030-03-11T12:00:00",
      resourceIds: ["1"],
      editable: true,
    });
    expect(events[0].classNames).toEqual(["ev", "ev--own", "ev--approved", "ev--movable"]);
    expect(events[1]).toMatchObject({
      title: "Busy",
      start: "2030-03-11T15:00:00",
      resourceIds: ["2"],
      editable: false,
      extendedProps: { kind: "busy" },
    });
    expect(events[1].extendedProps.status).toBeUndefined();
  });

  it("names the member on others' bookings a manager sees, and moves only what may change", () => {
    const [event] = reservationEvents(
      [res({ member: { id: 2, name: "Sur Producciones" } })],
      zoneOf,
      viewer(false, false),
      { busy: "Busy" },
      now,
    );
    expect(event.title).toBe("Sur Producciones · Rodaje");
    expect(event.extendedProps.kind).toBe("other");
    expect(event.editable).toBe(false);
    const [past] = reservationEvents(
      [res({ start: "2030-02-01T09:00:00Z", end: "2030-02-01T10:00:00Z" })],
      zoneOf,
      viewer(true),
      { busy: "Busy" },
      now,
    );
    const [cancelled] = reservationEvents([res({ status: "cancelled" })], zoneOf, viewer(true), { busy: "Busy" }, now);
    expect([past.editable, cancelled.editable]).toEqual([false, false]);
  });

  it("draws the set-up and cleanup buffers around each block", () => {
    const withSetup = res({ blocked_start: "2030-03-11T08:00:00Z", blocked_end: "2030-03-11T11:00:00Z" });
    const events = bufferEvents([withSetup, busy], zoneOf, { setup: "Set-up", cleanup: "Cleanup" });
    expect(events.map((e) => [e.title, e.start, e.end, e.display])).toEqual([
      ["Set-up", "2030-03-11T09:00:00", "2030-03-11T10:00:00", "background"],
      ["Cleanup", "2030-03-11T17:00:00", "2030-03-11T17:30:00", "background"],
    ]);
  });

  it("shades closed hours and blackouts but not bookings", () => {
    const events = shadeEvents(
      [
        {
          asset: 1,
          name: "Bodega",
          open: true,
          free: true,
          requires_approval: false,
          timezone: "America/Lima",
          free_intervals: [],
          busy: [
            { kind: "closed", start: "2030-03-11T05:00:00Z", end: "2030-03-11T12:00:00Z" },
            { kind: "reservation", start: "2030-03-11T12:00:00Z", end: "2030-03-11T13:00:00Z" },
            { kind: "blackout", start: "2030-03-11T13:00:00Z", end: "2030-03-11T17:00:00Z" },
          ],
        },
      ],
      { closed: "Closed", blackout: "Maintenance" },
    );
    expect(events.map((e) => [e.title, e.start, e.display])).toEqual([
      ["Closed", "2030-03-11T00:00:00", "background"],
      ["Maintenance", "2030-03-11T08:00:00", "background"],
    ]);
  });

  it("lists free periods long enough to book, from now on", () => {
    const row = {
      asset: 1,
      name: "Plató A",
      open: true,
      free: true,
      requires_approval: false,
      timezone: "Europe/Madrid",
      busy: [],
    };
    const slots = freeSlots(
      [
        {
          ...row,
          free_intervals: [
            { start: "2030-03-01T07:00:00Z", end: "2030-03-01T09:00:00Z" },
            { start: "2030-03-01T10:00:00Z", end: "2030-03-01T10:30:00Z" },
          ],
        },
      ],
      () => 60,
      new Date("2030-03-01T07:30:00Z"),
    );
    expect(slots).toEqual([
      {
        asset: 1,
        name: "Plató A",
        zone: "Europe/Madrid",
        start: "2030-03-01T07:30:00.000Z",
        end: "2030-03-01T09:00:00Z",
      },
    ]);
  });

  it("keeps a selection as drawn, across days too, and whole days from the month", () => {
    expect(selectionToBooking(new Date(2030, 2, 11, 10, 0), new Date(2030, 2, 11, 10, 30), false)).toEqual({
      date: "2030-03-11",
      start: "10:00",
      end_date: "2030-03-11",
      end: "10:30",
    });
    expect(selectionToBooking(new Date(2030, 2, 11, 18, 0), new Date(2030, 2, 13, 6, 0), false)).toEqual({
      date: "2030-03-11",
      start: "18:00",
      end_date: "2030-03-13",
      end: "06:00",
    });
    expect(selectionToBooking(new Date(2030, 2, 11, 20, 0), new Date(2030, 2, 12, 0, 0), false)).toEqual({
      date: "2030-03-11",
      start: "20:00",
      end_date: "2030-03-11",
      end: "00:00",
    });
    expect(selectionToBooking(new Date(2030, 2, 11), new Date(2030, 2, 14), true)).toEqual({
      date: "2030-03-11",
      start: "00:00",
      end_date: "2030-03-13",
      end: "00:00",
      whole: "1",
    });
  });

  it("reads clicked calendar dates as wall clock", () => {
    expect(wallFromCalendarDate(new Date(2030, 2, 11, 10, 30))).toEqual({ date: "2030-03-11", time: "10:30" });
  });
});

describe("manager inbox", () => {
  it("lists the oldest request first", () => {
    const rows = [
      res({ id: 2, created_at: "2030-03-02T00:00:00Z" }),
      res({ id: 1, created_at: "2030-03-01T00:00:00Z" }),
    ];
    expect(oldestFirst(rows).map((r) => r.id)).toEqual([1, 2]);
  });

  it("finds competing requests on the same asset only (half-open periods)", () => {
    const a = res({ id: 1 });
    const b = res({ id: 2, start: "2030-03-11T10:00:00Z", end: "2030-03-11T12:00:00Z" });
    const touching = res({ id: 3, start: "2030-03-11T11:00:00Z", end: "2030-03-11T12:00:00Z" });
    const elsewhere = res({ id: 4, asset: 2 });
    const rivals = rivalsOf([a, b, touching, elsewhere]);
    expect(rivals.get(1)!.map((r) => r.id)).toEqual([2]);
    expect(rivals.get(2)!.map((r) => r.id)).toEqual([1, 3]);
    expect(rivals.get(4)).toEqual([]);
  });

  it("groups a series' occurrences for bulk decisions", () => {
    const groups = bySeries([res({ id: 1, series: 9 }), res({ id: 2 }), res({ id: 3, series: 9 })]);
    expect([...groups.keys()]).toEqual([9, null]);
    expect(groups.get(9)!.map((r) => r.id)).toEqual([1, 3]);
  });
});

describe("accounting", () => {
  afterEach(() => setLanguage("en", { persist: false }));

  const period = (over: Partial<BillingPeriod>): BillingPeriod => ({
    id: 1,
    year: 2030,
    month: 3,
    start: "2030-03-01T00:00:00+01:00",
    end: "2030-04-01T00:00:00+02:00",
    last_day: "2030-03-31",
    state: "closing",
    statements_made: 0,
    statements_to_make: null,
    closed_at: null,
    close_refusal: null,
    ...over,
  });
  const statement = (invoicing: Statement["invoicing"]): Statement => ({
    id: 1,
    number: "SIN-2030-000001",
    member: { id: 1, name: "Norte Films" },
    period: { id: 1, year: 2030, month: 3, start: "2030-03-01T00:00:00+01:00", end: "", last_day: "2030-03-31" },
    totals: [],
    line_count: 1,
    invoicing,
    payment_status: "open",
    issued_at: "2030-04-01T10:00:00Z",
  });

  it("builds the export link for each format, in the page's language", () => {
    expect(exportUrl("2030-03-01", "2030-03-31", "excel-es", "es")).toBe(
      "/api/v1/exports/cost-shares/?from=2030-03-01&to=2030-03-31&format=csv&dialect=excel-es&language=es",
    );
    expect(exportUrl("2030-03-01", "2030-03-31", "standard", "en")).toBe(
      "/api/v1/exports/cost-shares/?from=2030-03-01&to=2030-03-31&format=csv&dialect=standard&language=en",
    );
    expect(exportUrl("2030-03-01", "2030-03-31", "xlsx", "es")).toBe(
      "/api/v1/exports/cost-shares/?from=2030-03-01&to=2030-03-31&format=xlsx&language=es",
    );
    expect(exportUrl("2030-03-01", "2030-03-31", "json", "en")).toContain("format=json&language=en");
    expect([defaultExportFormat("es"), defaultExportFormat("en")]).toEqual(["excel-es", "standard"]);
  });

  it("shows a close's progress in statements made, in English and Spanish", () => {
    const running = closeProgress(period({ statements_made: 2, statements_to_make: 5 }));
    expect(running.textContent).toBe("2 of 5 statements made");
    expect(running.querySelector("progress")!.getAttribute("value")).toBe("2");
    expect(running.querySelector("progress")!.getAttribute("max")).toBe("5");
    expect(closeProgress(period({})).querySelector("progress")!.hasAttribute("value")).toBe(false); // not known yet
    setLanguage("es", { persist: false });
    expect(closeProgress(period({ statements_made: 2, statements_to_make: 5 })).textContent).toBe(
      "2 de 5 extractos hechos",
    );
  });

  it("opens on the newest period that can be closed or has been, not on the month still running", () => {
    const running = period({
      id: 3,
      month: 5,
      state: "open",
      close_refusal: { code: "period_not_over", detail: "Not over." },
    });
    const closable = period({ id: 2, month: 4, state: "open" });
    const closed = period({ id: 1, month: 3, state: "closed" });
    expect(defaultPeriod([running, closable, closed], null)?.id).toBe(2);
    expect(defaultPeriod([running, closed], null)?.id).toBe(1);
    expect(defaultPeriod([running], null)?.id).toBe(3);
    expect(defaultPeriod([running, closable, closed], 3)?.id).toBe(3); // the one asked for
  });

  it("says why a close is refused, with inclusive days in the user's language", () => {
    const running = period({
      state: "open",
      last_day: "2030-03-31",
      close_refusal: { code: "period_not_over", detail: "Not over." },
    });
    expect(closeRefusalText(running)).toBe("Open until Sun, 31 Mar 2030: it can be closed from Mon, 1 Apr 2030.");
    expect(periodDays(running)).toBe("Fri, 1 Mar 2030 to Sun, 31 Mar 2030");
    expect(closeRefusalText(period({ state: "open" }))).toBe("");
    setLanguage("es", { persist: false });
    expect(periodDays(running)).toBe("vie, 1 mar 2030 al dom, 31 mar 2030");
    expect(paymentBadge("failed").textContent).toBe("Pago fallido");
  });

  it("shows each statement's invoicing, with the last error when it failed", () => {
    expect(invoicingBadge(statement({ state: "invoiced", error: "" })).textContent).toBe("Invoiced");
    const failed = invoicingBadge(statement({ state: "failed", error: "Request to Stripe timed out" }));
    expect(failed.textContent).toBe("Failed, retryingRequest to Stripe timed out");
    expect(failed.querySelector("[data-testid=invoicing-error]")!.textContent).toBe("Request to Stripe timed out");
    setLanguage("es", { persist: false });
    expect(invoicingBadge(statement({ state: "not_sent", error: null })).textContent).toBe(
      "No enviado (Stripe apagado)",
    );
  });
});
