import { afterEach, describe, expect, it } from "vitest";
import { ApiError, parseApiError } from "../src/api";
import {
  alternativeChoices,
  defaultEnd,
  draftInterval,
  durationLabel,
  mapApiError,
  moveBody,
  percentOf,
  readConflict,
  readRefusal,
  repeatRule,
  spansDays,
  validateDraft,
  type BookingDraft,
} from "../src/booking";
import { policyText } from "../src/book/quote";
import { setLanguage } from "../src/i18n";
import type { Asset } from "../src/types";

const stage: Asset = {
  id: 1,
  name: "Plató A",
  kind: "sound stage",
  description: "",
  location: "Bilbao",
  timezone: "Europe/Madrid",
  group: 1,
  is_active: true,
  min_duration: 60,
  max_duration: 14 * 60,
  slot_minutes: 30,
  requires_approval: false,
  opening_hours: [0, 1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "08:00:00", closes: "22:00:00" })),
};

const draft = (over: Partial<BookingDraft> = {}): BookingDraft => ({
  asset: 1,
  member: null,
  date: "2030-03-11",
  start: "10:00",
  end: "12:00",
  title: "Rodaje",
  notes: "",
  ...over,
});

const now = new Date("2030-03-01T00:00:00Z");

afterEach(() => setLanguage("en", { persist: false }));

describe("validateDraft", () => {
  it("accepts a slot inside opening hours", () => {
    expect(validateDraft(draft(), stage, now)).toEqual({});
  });

  it("requires the fields", () => {
    expect(validateDraft(draft({ date: "", start: "", end: "", title: " " }), undefined, now)).toEqual({
      asset: "Choose an asset.",
      date: "Choose a date.",
      start: "Choose a start time.",
      end: "Choose an end time.",
      title: "Say what the booking is for.",
    });
  });

  it("checks order, grid, durations, opening hours and the past", () => {
    expect(validateDraft(draft({ end: "09:00" }), stage, now).end).toBe("The end must be after the start.");
    expect(validateDraft(draft({ start: "10:15" }), stage, now).start).toBe("Times must fall on the 30-minute grid.");
    expect(validateDraft(draft({ end: "10:30" }), stage, now).end).toBe("Book at least 1 h.");
    expect(validateDraft(draft({ start: "08:00", end: "22:00" }), { ...stage, max_duration: 600 }, now).end).toBe(
      "Book at most 10 h.",
    );
    expect(validateDraft(draft({ start: "21:00", end: "23:00" }), stage, now).start).toBe(
      "The asset is closed at that time.",
    );
    expect(validateDraft(draft({ date: "2030-03-17" }), stage, now).start).toBe("The asset is closed at that time.");
    expect(validateDraft(draft({ date: "2030-02-25" }), stage, now).start).toBe("That time has already passed.");
  });

  it("speaks Spanish", () => {
    setLanguage("es", { persist: false });
    expect(validateDraft(draft({ title: "" }), stage, now).title).toBe("Indica para qué es la reserva.");
  });
});

describe("draftInterval", () => {
  it("sends the asset's offset", () => {
    expect(draftInterval(draft(), stage)).toEqual({
      start: "2030-03-11T10:00:00+01:00",
      end: "2030-03-11T12:00:00+01:00",
    });
  });

  it("treats an end at 00:00 as midnight of the next day", () => {
    expect(draftInterval(draft({ start: "20:00", end: "00:00" }), { timezone: "America/Lima" })).toEqual({
      start: "2030-03-11T20:00:00-05:00",
      end: "2030-03-12T00:00:00-05:00",
    });
  });
});

describe("helpers", () => {
  it("labels durations", () => {
    expect(durationLabel(30)).toBe("30 min");
    expect(durationLabel(60)).toBe("1 h");
    expect(durationLabel(90)).toBe("1 h 30 min");
    expect(durationLabel(3 * 1440)).toBe("3 days");
  });

  it("defaults the end to two hours (or the minimum) after the start", () => {
    expect(defaultEnd(stage, "2030-03-11", "10:00")).toBe("12:00");
    expect(defaultEnd({ ...stage, min_duration: 240 }, "2030-03-11", "10:00")).toBe("14:00");
    expect(defaultEnd(stage, "2030-03-11", "21:00")).toBe("22:00");
  });

  it("writes the repeat rule", () => {
    expect(repeatRule("none", { count: 4 })).toBeNull();
    expect(repeatRule("weekly", { count: 4 })).toBe("FREQ=WEEKLY;COUNT=4");
    expect(repeatRule("monthly", { count: 500 })).toBe("FREQ=MONTHLY;COUNT=52");
    expect(repeatRule("weekly", { count: Number.NaN })).toBe("FREQ=WEEKLY;COUNT=1");
    expect(repeatRule("weekly", { until: "2030-06-30" })).toBe("FREQ=WEEKLY;UNTIL=20300630T235959Z");
  });
});

describe("mapApiError", () => {
  it("puts a rule's field error next to the field", () => {
    const error = parseApiError(400, { code: "too_short", detail: "Book at least 1 hour.", field: "end" });
    expect(mapApiError(error)).toEqual({ fields: { end: "Book at least 1 hour." }, general: null });
  });

  it("spreads problems over fields and keeps unplaced ones general", () => {
    const error = parseApiError(400, {
      code: "invalid",
      detail: "The booking breaks 2 rules.",
      problems: [
        { code: "notice", detail: "Book at least 2 hours ahead.", field: "start" },
        { code: "horizon", detail: "Too far ahead." },
      ],
    });
    expect(mapApiError(error)).toEqual({
      fields: { start: "Book at least 2 hours ahead." },
      general: "Too far ahead.",
    });
  });

  it("maps DRF field errors", () => {
    const error = parseApiError(400, {
      title: ["This field may not be blank."],
      member: ["Say which member company this booking is for."],
    });
    expect(mapApiError(error)).toEqual({
      fields: { title: "This field may not be blank.", member: "Say which member company this booking is for." },
      general: null,
    });
  });

  it("shows other errors as a general message", () => {
    expect(mapApiError(parseApiError(403, { detail: "Not yours." }))).toEqual({ fields: {}, general: "Not yours." });
    expect(mapApiError(new Error("boom")).general).toBe("Can't reach the server. Check your connection and try again.");
  });
});

describe("conflicts and alternatives", () => {
  const body = {
    code: "conflict",
    detail: "Plató A is taken then.",
    conflicts: [{ kind: "reservation", start: "2030-03-11T09:00:00Z", end: "2030-03-11T11:30:00Z" }],
    alternatives: [
      {
        asset: 2,
        asset_name: "Plató B",
        start: "2030-03-11T09:00:00Z",
        end: "2030-03-11T11:00:00Z",
        price: { amount: "278.30", currency: "EUR" },
        requires_approval: false,
      },
      {
        asset: 1,
        asset_name: "Plató A",
        start: "2030-03-11T11:30:00Z",
        end: "2030-03-11T13:30:00Z",
        price: null,
        requires_approval: true,
      },
    ],
  };

  it("reads a 409 conflict and ignores other errors", () => {
    const report = readConflict(parseApiError(409, body));
    expect(report?.detail).toBe("Plató A is taken then.");
    expect(report?.conflicts).toHaveLength(1);
    expect(report?.alternatives).toHaveLength(2);
    expect(readConflict(parseApiError(409, { code: "invalid_transition", detail: "No." }))).toBeNull();
    expect(readConflict(new ApiError(400, "conflict", "x"))).toBeNull();
  });

  it("reads a period held for the waitlist as a conflict, so the panel offers alternatives and the waitlist", () => {
    const held = {
      code: "held_for_waitlist",
      detail: "Held.",
      conflicts: [{ kind: "waitlist_hold", start: "2030-03-11T09:00:00Z", end: "2030-03-11T11:00:00Z" }],
      alternatives: [],
      held_until: "2030-03-10T10:30:00Z",
    };
    const report = readConflict(parseApiError(409, held));
    expect(report?.conflicts.map((c) => c.kind)).toEqual(["waitlist_hold"]);
    expect(report?.canCompete).toBe(false);
  });

  it("turns alternatives into labelled choices in the server's order", () => {
    const choices = alternativeChoices(body.alternatives, 1, () => "Europe/Madrid", "en");
    expect(choices.map((c) => [c.assetName, c.when, c.price, c.sameAsset, c.needsApproval])).toEqual([
      ["Plató B", "Mon, 11 Mar 2030, 10:00–12:00", "€278.30", false, false],
      ["Plató A", "Mon, 11 Mar 2030, 12:30–14:30", "", true, true],
    ]);
    expect(choices[0].start).toBe("2030-03-11T09:00:00Z");
  });

  it("moves to an alternative on another asset by naming it, on its own asset by times only", () => {
    const [other, same] = alternativeChoices(body.alternatives, 1, () => "Europe/Madrid", "en");
    expect(moveBody(other)).toEqual({ start: "2030-03-11T09:00:00Z", end: "2030-03-11T11:00:00Z", asset: 2 });
    expect(moveBody(same)).toEqual({ start: "2030-03-11T11:30:00Z", end: "2030-03-11T13:30:00Z" });
  });

  it("formats choices in Spanish", () => {
    const [first] = alternativeChoices(body.alternatives, 1, () => "Europe/Madrid", "es");
    expect(first.price.replace(/\s/g, " ")).toBe("278,30 €"); // Intl puts a no-break space before €
    expect(first.when).toContain("10:00–12:00");
  });
});

describe("bookings across days", () => {
  const cellar: Asset = {
    ...stage,
    id: 4,
    name: "Bodega de fermentación",
    timezone: "America/Lima",
    slot_minutes: 60,
    min_duration: 240,
    max_duration: 21 * 1440,
    requires_approval: true,
    opening_hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: "00:00:00", closes: "00:00:00" })),
  };

  it("knows which assets take bookings past midnight", () => {
    expect(spansDays(cellar)).toBe(true);
    expect(spansDays(stage)).toBe(false);
  });

  it("sends start and end days, and whole days up to midnight after the last", () => {
    expect(draftInterval(draft({ start: "18:00", endDate: "2030-03-12", end: "06:00" }), cellar)).toEqual({
      start: "2030-03-11T18:00:00-05:00",
      end: "2030-03-12T06:00:00-05:00",
    });
    expect(draftInterval(draft({ wholeDays: true, endDate: "2030-03-13" }), cellar)).toEqual({
      start: "2030-03-11T00:00:00-05:00",
      end: "2030-03-14T00:00:00-05:00",
    });
  });

  it("checks durations over days and opening hours on every day", () => {
    expect(validateDraft(draft({ wholeDays: true, endDate: "2030-03-13" }), cellar, now)).toEqual({});
    expect(validateDraft(draft({ start: "10:00", endDate: "2030-03-11", end: "12:00" }), cellar, now).end).toBe(
      "Book at least 4 h.",
    );
    expect(validateDraft(draft({ wholeDays: true, endDate: "2030-04-11" }), cellar, now).end).toBe(
      "Book at most 21 days.",
    );
    expect(validateDraft(draft({ endDate: "2030-03-12", start: "20:00", end: "10:00" }), stage, now).start).toBe(
      "The asset is closed at that time.",
    );
  });

  it("works out what a percentage of a price costs, in the currency's minor units", () => {
    expect(percentOf({ amount: "248.05", currency: "EUR" }, 50)).toEqual({ amount: "124.03", currency: "EUR" });
    expect(percentOf({ amount: "1001", currency: "JPY" }, 50)).toEqual({ amount: "501", currency: "JPY" });
  });
});

describe("refusals", () => {
  it("reads whether competing is allowed", () => {
    const report = readConflict(
      parseApiError(409, { code: "conflict", detail: "Taken.", conflicts: [], alternatives: [], can_compete: true }),
    );
    expect(report?.canCompete).toBe(true);
    expect(readConflict(parseApiError(409, { code: "conflict", detail: "Taken." }))?.canCompete).toBe(false);
  });

  it("reads a refusal that is not a conflict, with its fee", () => {
    const refusal = readRefusal(
      parseApiError(409, {
        code: "late_change_fee",
        detail: "Giving up time now costs a fee.",
        fee: { amount: "139.15", currency: "EUR" },
      }),
    );
    expect(refusal).toEqual({ detail: "Giving up time now costs a fee.", fee: { amount: "139.15", currency: "EUR" } });
    expect(readRefusal(parseApiError(400, { code: "too_soon", detail: "Too soon.", field: "start" }))?.detail).toBe(
      "Too soon.",
    );
    expect(readRefusal(new Error("offline"))).toBeNull();
  });
});

describe("the price card's cancellation policy", () => {
  const priced = { ...stage, free_cancellation: 48 * 60, late_cancellation_fee_percent: 50 };
  const total = { amount: "248.05", currency: "EUR" };

  it("says until when cancelling is free and what it costs after", () => {
    expect(policyText(priced, "2030-03-11T10:00:00+01:00", total, 1, now)).toEqual([
      "Free cancellation until Sat, 9 Mar 2030, 10:00; after that 50 % of the price (€124.03).",
    ]);
  });

  it("warns that a booking inside the late window costs its fee from the start", () => {
    expect(policyText(priced, "2030-03-02T10:00:00+01:00", total, 1, now)).toEqual([
      "It starts within 48 h: cancelling once booked costs 50 % of the price (€124.03).",
    ]);
  });

  it("says a pending request is free to cancel, unless the company is approved at once", () => {
    const approval = { ...priced, requires_approval: true, auto_approved_members: [2] };
    expect(policyText(approval, "2030-03-11T10:00:00+01:00", total, 1, now)[0]).toBe(
      "While the request is pending, cancelling it is free.",
    );
    expect(policyText(approval, "2030-03-11T10:00:00+01:00", total, 2, now)).toHaveLength(1);
  });
});
