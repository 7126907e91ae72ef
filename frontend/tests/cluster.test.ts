import { describe, expect, it } from "vitest";

import { actionLabel, changeLines, fieldLabel, valueText } from "../src/cluster/changeText";
import { nextMonth } from "../src/cluster/members";
import { fromMinor, toMinor } from "../src/cluster/rates";
import { setLanguage } from "../src/i18n";

describe("cluster helpers", () => {
  it("starts a new fair share on the first day of next month, across a year's end", () => {
    expect(nextMonth(new Date(2026, 11, 7))).toBe("2027-01-01");
    expect(nextMonth(new Date(2026, 0, 31))).toBe("2026-02-01");
  });

  it("turns a standalone rate into minor units of its currency and back", () => {
    expect(toMinor("250", "EUR")).toBe(25000);
    expect(toMinor("120,50", "EUR")).toBe(12050);
    expect(toMinor("1500", "JPY")).toBe(1500);
    expect(toMinor("1.5", "KWD")).toBe(1500);
    expect(toMinor("", "EUR")).toBeNull();
    expect(toMinor("12e3", "EUR")).toBeNaN();
    expect(fromMinor(12050, "EUR")).toBe("120.50");
    expect(fromMinor(null, "EUR")).toBe("");
  });
});

describe("a change in words", () => {
  it("names known actions and fields in the user's language and keeps unknown ones readable", () => {
    setLanguage("es", { persist: false });
    expect(actionLabel("fair_share.set")).toBe("Cuota justa fijada");
    expect(fieldLabel("weight")).toBe("Peso");
    expect(actionLabel("something.else")).toBe("something.else");
    expect(fieldLabel("late_cancellation_fee_percent")).toBe("late cancellation fee percent");
    setLanguage("en", { persist: false });
  });

  it("writes values readably: weights without trailing zeros, days, yes/no, lists", () => {
    expect(valueText("3.0000")).toBe("3");
    expect(valueText("2027-01-01")).toBe("Fri, 1 Jan 2027");
    expect(valueText(true)).toBe("yes");
    expect(valueText(["carla", "dani"])).toBe("carla, dani");
    expect(valueText([])).toBe("nobody");
    expect(valueText(null)).toBe("—");
  });

  it("shows each field once with its before and after", () => {
    const lines = changeLines({ weight: "1.0000" }, { weight: "2.5000", valid_from: "2027-01-01" });
    const items = [...lines.querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toEqual(["Weight: 1 → 2.5", "From: Fri, 1 Jan 2027"]);
  });
});
