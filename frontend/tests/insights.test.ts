import { describe, expect, it } from "vitest";

import {
  amountIn,
  currenciesOf,
  defaultPeriod,
  deltaText,
  heatColor,
  heatText,
  insightsPath,
} from "../src/insightsData";

describe("insights helpers", () => {
  it("builds API paths with optional group and CSV format", () => {
    expect(insightsPath("members", { from: "2025-03-01", to: "2025-03-31" })).toBe(
      "/insights/members/?from=2025-03-01&to=2025-03-31",
    );
    expect(insightsPath("utilisation", { from: "2025-03-01", to: "2025-03-31", group: "2" }, "csv")).toBe(
      "/insights/utilisation/?from=2025-03-01&to=2025-03-31&group=2&format=csv",
    );
    expect(insightsPath("members", { from: "2025-03-01", to: "2025-03-31" }, "csv", "es")).toBe(
      "/insights/members/?from=2025-03-01&to=2025-03-31&format=csv&language=es",
    );
  });

  it("defaults to last month and this month", () => {
    expect(defaultPeriod(new Date(2025, 0, 15))).toEqual({ from: "2024-12-01", to: "2025-01-31" });
  });

  it("leaves closed cells uncoloured and scales occupancy from pale to deep teal, with readable text", () => {
    expect(heatColor(null)).toBe("");
    expect(heatColor(0)).toBe("rgb(240, 247, 246)");
    expect(heatColor(50)).toBe("rgb(63, 160, 152)");
    expect(heatColor(100)).toBe("rgb(8, 58, 64)");
    expect(heatColor(4)).not.toBe(heatColor(0)); // 4 % is visibly more than nothing, far from full
    expect([heatText(10), heatText(90)]).toEqual(["#16232b", "#ffffff"]);
  });

  it("keeps currencies apart", () => {
    const rows = [
      { savings: [{ amount: "10.00", currency: "PEN" }] },
      { savings: [{ amount: "5.00", currency: "EUR" }] },
    ];
    expect(currenciesOf(rows)).toEqual(["EUR", "PEN"]);
    expect(amountIn(rows[0].savings, "EUR")).toBe(0);
    expect(amountIn(rows[0].savings, "PEN")).toBe(10);
  });
});

describe("withheld figures", () => {
  it("shows a dash for a withheld over/under and signs the others", () => {
    expect(deltaText(null)).toBe("—");
    expect(deltaText(5.55)).toBe("+5.6");
    expect(deltaText(-3)).toBe("-3.0");
    expect(deltaText(1.25, "es")).toBe("+1,3");
  });
});
