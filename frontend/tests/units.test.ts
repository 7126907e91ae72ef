import { describe, expect, it } from "vitest";
import { isPooled, unitFact } from "../src/components/units";
import { setLanguage } from "../src/i18n";
import type { Asset, Reservation } from "../src/types";

const booking = { id: 1, unit: 2 } as Reservation;

describe("pooled assets", () => {
  it("are the assets of more than one unit", () => {
    expect(isPooled(undefined)).toBe(false);
    expect(isPooled({ capacity: 1 })).toBe(false);
    expect(isPooled({})).toBe(false);
    expect(isPooled({ capacity: 3 })).toBe(true);
  });

  it("name a booking's unit in English and Spanish, and nothing on a single asset", () => {
    setLanguage("en", { persist: false });
    expect(unitFact(booking, { capacity: 1 } as Asset)[1]).toBeNull();
    expect((unitFact(booking, { capacity: 3 } as Asset)[1] as HTMLElement).textContent).toBe("Unit 2 of 3");
    setLanguage("es", { persist: false });
    expect((unitFact(booking, { capacity: 3 } as Asset)[1] as HTMLElement).textContent).toBe("Unidad 2 de 3");
    setLanguage("en", { persist: false });
  });
});
