import { describe, expect, it } from "vitest";
import { dayOfUseStep } from "../src/reservation/checkIn";
import { resolveRoute } from "../src/router";

const booking = {
  id: 1,
  status: "approved" as const,
  start: "2026-12-08T10:00:00+01:00",
  end: "2026-12-08T12:00:00+01:00",
  checkin_opens_at: "2026-12-08T09:45:00+01:00",
  checked_in_at: null,
  checked_out_at: null,
};

describe("dayOfUseStep", () => {
  it("offers check-in from the window's opening until the end, never before or after", () => {
    expect(dayOfUseStep(booking, new Date("2026-12-08T09:44:59+01:00"))).toBeNull();
    expect(dayOfUseStep(booking, new Date("2026-12-08T09:45:00+01:00"))).toBe("in");
    expect(dayOfUseStep(booking, new Date("2026-12-08T11:59:00+01:00"))).toBe("in");
    expect(dayOfUseStep(booking, new Date("2026-12-08T12:00:00+01:00"))).toBeNull();
  });

  it("offers check-out once checked in, even after the end, and nothing once checked out", () => {
    const inUse = { ...booking, checked_in_at: "2026-12-08T09:50:00+01:00" };
    expect(dayOfUseStep(inUse, new Date("2026-12-08T12:30:00+01:00"))).toBe("out");
    expect(dayOfUseStep({ ...inUse, status: "completed" }, new Date("2026-12-08T12:30:00+01:00"))).toBe("out");
    expect(dayOfUseStep({ ...inUse, checked_out_at: "2026-12-08T11:00:00+01:00" })).toBeNull();
  });

  it("offers nothing for a booking that is not approved", () => {
    for (const status of ["pending", "cancelled", "released", "no_show"] as const)
      expect(dayOfUseStep({ ...booking, status }, new Date("2026-12-08T10:00:00+01:00"))).toBeNull();
  });
});

describe("the kiosk route", () => {
  it("renders an asset's kiosk signed in, and signed out (where it takes the booker's PIN)", () => {
    expect(resolveRoute("#/kiosk/assets/7", true)).toEqual({ kind: "render", page: "kiosk", id: 7 });
    expect(resolveRoute("#/kiosk/assets/7", false)).toEqual({ kind: "render", page: "kiosk", id: 7 });
    expect(resolveRoute("#/kiosk", true)).toEqual({ kind: "redirect", to: "/calendar" });
  });
});
