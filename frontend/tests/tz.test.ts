import { describe, expect, it } from "vitest";
import {
  addDays,
  endTimes,
  floating,
  fromMinutes,
  offsetMinutes,
  snapToSlot,
  startTimes,
  toMinutes,
  toZonedIso,
  visibleHours,
  wallClock,
  weekdayOf,
  zonedToInstant,
} from "../src/tz";

const stageHours = [0, 1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00:00", closes: "22:00:00" }));
const cellarHours = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: "00:00:00", closes: "00:00:00" }));

describe("time zones", () => {
  it("knows the offsets of Madrid and Lima, including daylight saving", () => {
    expect(offsetMinutes(new Date("2025-01-15T12:00:00Z"), "Europe/Madrid")).toBe(60);
    expect(offsetMinutes(new Date("2025-07-15T12:00:00Z"), "Europe/Madrid")).toBe(120);
    expect(offsetMinutes(new Date("2025-07-15T12:00:00Z"), "America/Lima")).toBe(-300);
  });

  it("turns an asset's wall clock into an instant with the right offset", () => {
    expect(toZonedIso(zonedToInstant("2025-03-10", "10:30", "Europe/Madrid"), "Europe/Madrid")).toBe(
      "2025-03-10T10:30:00+01:00",
    );
    expect(toZonedIso(zonedToInstant("2025-07-10", "10:30", "Europe/Madrid"), "Europe/Madrid")).toBe(
      "2025-07-10T10:30:00+02:00",
    );
    expect(zonedToInstant("2025-07-10", "10:30", "America/Lima").toISOString()).toBe("2025-07-10T15:30:00.000Z");
  });

  it("keeps 10:00 at 10:00 across the spring-forward day and moves a missing hour forward", () => {
    expect(toZonedIso(zonedToInstant("2025-03-30", "10:00", "Europe/Madrid"), "Europe/Madrid")).toBe(
      "2025-03-30T10:00:00+02:00",
    );
    // 02:30 does not exist in Madrid on 30 March 2025.
    expect(toZonedIso(zonedToInstant("2025-03-30", "02:30", "Europe/Madrid"), "Europe/Madrid")).toBe(
      "2025-03-30T03:30:00+02:00",
    );
  });

  it("shows an API instant as the asset's wall clock, whatever the browser's zone", () => {
    expect(wallClock("2025-07-10T15:30:00Z", "America/Lima")).toEqual({ date: "2025-07-10", time: "10:30" });
    expect(wallClock("2025-07-10T22:30:00-05:00", "Europe/Madrid")).toEqual({ date: "2025-07-11", time: "05:30" });
    expect(floating("2025-12-31T23:00:00Z", "Europe/Madrid")).toBe("2026-01-01T00:00:00");
  });
});

describe("dates and minutes", () => {
  it("weekday 0 is Monday, like the API", () => {
    expect(weekdayOf("2025-03-10")).toBe(0);
    expect(weekdayOf("2025-03-16")).toBe(6);
  });

  it("adds days across months and years", () => {
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  it("reads 00:00 as midnight only for closing times", () => {
    expect(toMinutes("08:30:00")).toBe(510);
    expect(toMinutes("00:00")).toBe(0);
    expect(toMinutes("00:00", { closing: true })).toBe(1440);
    expect(fromMinutes(510)).toBe("08:30");
    expect(fromMinutes(1440)).toBe("00:00");
  });

  it("snaps to the slot grid", () => {
    expect(snapToSlot(10 * 60 + 17, 30)).toBe(600);
    expect(snapToSlot(10 * 60 + 59, 60)).toBe(600);
  });
});

describe("slots offered by the form", () => {
  it("offers starts on the slot grid that leave room for the minimum duration", () => {
    const starts = startTimes(stageHours, "2025-03-10", 30, 60);
    expect(starts[0]).toBe("08:00");
    expect(starts.at(-1)).toBe("21:00");
    expect(starts).toContain("10:30");
  });

  it("offers nothing on a closed day", () => {
    expect(startTimes(stageHours, "2025-03-16", 30, 60)).toEqual([]); // Sunday
  });

  it("offers ends within min/max duration and opening hours", () => {
    const ends = endTimes(stageHours, "2025-03-10", "20:00", 30, 60, 14 * 60);
    expect(ends).toEqual(["21:00", "21:30", "22:00"]);
    expect(endTimes(stageHours, "2025-03-10", "10:00", 30, 60, 90)).toEqual(["11:00", "11:30"]);
  });

  it("lets a round-the-clock asset end at midnight", () => {
    const ends = endTimes(cellarHours, "2025-03-10", "20:00", 60, 240, 21 * 1440);
    expect(ends).toEqual(["00:00"]);
  });

  it("shows the calendar from the earliest opening to the latest closing", () => {
    expect(visibleHours([stageHours, [{ weekday: 0, opens: "09:00", closes: "20:00" }]])).toEqual({
      min: "08:00",
      max: "22:00",
    });
    expect(visibleHours([cellarHours])).toEqual({ min: "00:00", max: "24:00" });
    expect(visibleHours([])).toEqual({ min: "00:00", max: "24:00" });
  });
});
