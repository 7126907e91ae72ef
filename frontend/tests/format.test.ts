import { afterEach, describe, expect, it } from "vitest";
import { formatMoney, formatPercent, formatRange, isWholeDays, userZone } from "../src/format";
import { setLanguage } from "../src/i18n";

const nbsp = (text: string) => text.replace(/\u00a0|\u202f/g, " ");

afterEach(() => setLanguage("en", { persist: false }));

describe("format", () => {
  it("runs in the zone the tests pin (npm test sets TZ)", () => {
    expect(userZone()).toBe("Europe/Madrid");
  });

  it("writes money and percentages in the user's language", () => {
    expect(formatMoney({ amount: "139.15", currency: "EUR" }, "en")).toBe("€139.15");
    expect(nbsp(formatMoney({ amount: "139.15", currency: "EUR" }, "es"))).toBe("139,15 €");
    expect(formatPercent(1.8, "en")).toBe("1.8%");
    expect(nbsp(formatPercent(1.8, "es"))).toBe("1,8 %");
    expect(formatPercent(null, "es")).toBe("—");
  });

  it("names a zone that is not the user's", () => {
    expect(formatRange("2030-03-11T09:00:00Z", "2030-03-11T11:00:00Z", "Europe/Madrid", "en")).toBe(
      "Mon, 11 Mar 2030, 10:00–12:00",
    );
    expect(formatRange("2030-03-11T15:00:00Z", "2030-03-11T17:00:00Z", "America/Lima", "en")).toBe(
      "Mon, 11 Mar 2030, 10:00–12:00 (Lima time)",
    );
    setLanguage("es", { persist: false });
    expect(formatRange("2030-03-11T15:00:00Z", "2030-03-11T17:00:00Z", "America/Lima", "es")).toBe(
      "lun, 11 mar 2030, 10:00–12:00 (hora de Lima)",
    );
  });

  it("shows whole days as a range of dates, the last included", () => {
    expect(isWholeDays("2030-03-11T05:00:00Z", "2030-03-14T05:00:00Z", "America/Lima")).toBe(true);
    expect(formatRange("2030-03-11T05:00:00Z", "2030-03-14T05:00:00Z", "America/Lima", "en")).toBe(
      "Mon, 11 Mar 2030 – Wed, 13 Mar 2030 (Lima time)",
    );
    expect(formatRange("2030-03-10T23:00:00Z", "2030-03-11T23:00:00Z", "Europe/Madrid", "en")).toBe(
      "Mon, 11 Mar 2030 (whole day)",
    );
  });
});
