import { describe, expect, it } from "vitest";
import { reservationEvents, shadeEvents, wallFromCalendarDate } from "../src/calendarData";
import { bySeries, oldestFirst, rivalsOf } from "../src/inboxData";
import { exportUrl } from "../src/pages/accounting";
import type { Reservation } from "../src/types";

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

  it("shows the member's own bookings in full and others as busy, in the asset's wall clock", () => {
    const events = reservationEvents(
      [res({ id: 7, status: "approved" }), { id: null, asset: 2, start: "2030-03-11T14:00:00Z", end: "2030-03-11T16:00:00Z", busy: true }],
      zoneOf,
      (r) => r.member.id === 1,
      { busy: "Busy" },
    );
    expect(events[0]).toMatchObject({ id: "r-7", title: "Rodaje", start: "2030-03-11T10:00:00", end: "2030-03-11T12:00:00", resourceIds: ["1"] });
    expect(events[0].className).toEqual(["ev", "ev--approved", "ev--own"]);
    expect(events[1]).toMatchObject({ title: "Busy", start: "2030-03-11T15:00:00", resourceIds: ["2"], extendedProps: { kind: "busy" } });
  });

  it("names the member on others' bookings a manager can see", () => {
    const [event] = reservationEvents([res({ member: { id: 2, name: "Sur Producciones" } })], zoneOf, () => false, { busy: "Busy" });
    expect(event.title).toBe("Sur Producciones · Rodaje");
    expect(event.extendedProps.kind).toBe("visible");
  });

  it("shades closed hours and blackouts but not bookings", () => {
    const events = shadeEvents(
      [
        {
          asset: 1,
          timezone: "America/Lima",
          free: [],
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

  it("reads clicked calendar dates as wall clock", () => {
    expect(wallFromCalendarDate(new Date(2030, 2, 11, 10, 30))).toEqual({ date: "2030-03-11", time: "10:30" });
  });
});

describe("manager inbox", () => {
  it("lists the oldest request first", () => {
    const rows = [res({ id: 2, created_at: "2030-03-02T00:00:00Z" }), res({ id: 1, created_at: "2030-03-01T00:00:00Z" })];
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
  it("builds the export link", () => {
    expect(exportUrl("2030-03-01", "2030-03-31", "csv")).toBe("/api/v1/exports/cost-shares/?from=2030-03-01&to=2030-03-31&format=csv");
  });
});
