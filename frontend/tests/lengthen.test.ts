import { describe, expect, it } from "vitest";
import { inUse, lengthenChoices } from "../src/reservation/lengthen";

const booking = {
  id: 1,
  status: "approved" as const,
  start: "2026-12-08T10:00:00+01:00",
  end: "2026-12-08T12:00:00+01:00",
  checked_in_at: "2026-12-08T09:50:00+01:00",
  checked_out_at: null,
};

describe("lengthening a booking in use", () => {
  it("is offered only while checked in, not out, before the end", () => {
    expect(inUse(booking, new Date("2026-12-08T11:59:00+01:00"))).toBe(true);
    expect(inUse(booking, new Date("2026-12-08T12:00:00+01:00"))).toBe(false);
    expect(inUse({ ...booking, checked_in_at: null }, new Date("2026-12-08T11:00:00+01:00"))).toBe(false);
    expect(
      inUse({ ...booking, checked_out_at: "2026-12-08T11:00:00+01:00" }, new Date("2026-12-08T11:00:00+01:00")),
    ).toBe(false);
    expect(inUse({ ...booking, status: "completed" }, new Date("2026-12-08T11:00:00+01:00"))).toBe(false);
  });

  it("offers whole slots after the end up to the asset's longest booking", () => {
    const ends = lengthenChoices(booking, { slot_minutes: 30, max_duration: 180 });
    expect(ends.map((end) => end.toISOString())).toEqual(["2026-12-08T11:30:00.000Z", "2026-12-08T12:00:00.000Z"]);
    expect(lengthenChoices(booking, { slot_minutes: 30, max_duration: 120 })).toEqual([]);
    expect(lengthenChoices(booking, { slot_minutes: 5, max_duration: 1440 })).toHaveLength(24);
  });
});
