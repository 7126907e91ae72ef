import { describe, expect, it } from "vitest";
import { moneyOf } from "../src/book/items";
import { parseMinor } from "../src/manage/items";
import { itemsStage } from "../src/reservation/items";

const booking = {
  status: "approved" as const,
  start: "2026-12-08T10:00:00+01:00",
  checked_in_at: null,
  checked_out_at: null,
};

describe("consumables and add-ons", () => {
  it("change as estimates before the start and are confirmed after use", () => {
    expect(itemsStage(booking, new Date("2026-12-08T09:59:00+01:00"))).toBe("estimated");
    expect(itemsStage(booking, new Date("2026-12-08T10:00:00+01:00"))).toBeNull();
    const inUse = { ...booking, checked_in_at: "2026-12-08T09:50:00+01:00" };
    expect(itemsStage(inUse, new Date("2026-12-08T09:55:00+01:00"))).toBeNull();
    expect(itemsStage({ ...inUse, checked_out_at: "2026-12-08T11:00:00+01:00" })).toBe("actual");
    expect(itemsStage({ ...booking, status: "completed" })).toBe("actual");
    expect(itemsStage({ ...booking, status: "cancelled" }, new Date("2026-12-01T00:00:00Z"))).toBeNull();
  });

  it("read a price in minor units with the currency's decimals", () => {
    expect(parseMinor("0.37", 2)).toBe(37);
    expect(parseMinor("0,37", 2)).toBe(37);
    expect(parseMinor("12", 2)).toBe(1200);
    expect(parseMinor("1.234", 2)).toBeNull();
    expect(parseMinor("-1", 2)).toBeNull();
    expect(parseMinor("abc", 2)).toBeNull();
    expect(parseMinor("500", 0)).toBe(500);
  });

  it("price an estimate in the unit price's currency", () => {
    expect(moneyOf(7400, { amount: "0.37", currency: "EUR" })).toEqual({ amount: "74.00", currency: "EUR" });
    expect(moneyOf(1500, { amount: "500", currency: "JPY" })).toEqual({ amount: "1500", currency: "JPY" });
  });
});
