import { describe, expect, it } from "vitest";
import { pathFromHash, pathWithQuery, queryFromHash, reservationPath, resolveRoute, returnPath } from "../src/router";

describe("pathFromHash", () => {
  it.each([
    ["", "/"],
    ["#", "/"],
    ["#/", "/"],
    ["#/calendar", "/calendar"],
    ["#calendar", "/calendar"],
    ["#/calendar/", "/calendar"],
    ["#/Login?next=x", "/login"],
    ["#/book?asset=1&date=2025-03-10", "/book"],
  ])("%j → %s", (hash, path) => {
    expect(pathFromHash(hash)).toBe(path);
  });
});

describe("query strings", () => {
  it("reads the query of the hash", () => {
    const query = queryFromHash("#/book?asset=3&start=10%3A00");
    expect(query.get("asset")).toBe("3");
    expect(query.get("start")).toBe("10:00");
    expect(queryFromHash("#/book").toString()).toBe("");
  });

  it("builds paths and drops empty values", () => {
    expect(pathWithQuery("book", { asset: 3, date: "2025-03-10", end: "", x: null })).toBe(
      "/book?asset=3&date=2025-03-10",
    );
    expect(pathWithQuery("calendar")).toBe("/calendar");
  });
});

describe("resolveRoute", () => {
  it("logged-out users see the login page", () => {
    expect(resolveRoute("#/login", false)).toEqual({ kind: "render", page: "login" });
  });

  it("logged-out users hitting a private page go to #/login", () => {
    expect(resolveRoute("#/calendar", false)).toEqual({ kind: "redirect", to: "/login" });
    expect(resolveRoute("#/inbox", false)).toEqual({ kind: "redirect", to: "/login" });
  });

  it("logged-in users hitting #/login go to the calendar", () => {
    expect(resolveRoute("#/login", true)).toEqual({ kind: "redirect", to: "/calendar" });
  });

  it.each(["calendar", "book", "reservations", "inbox", "consent", "accounting"])("logged-in users see %s", (page) => {
    expect(resolveRoute(`#/${page}?x=1`, true)).toEqual({ kind: "render", page });
  });

  it.each([
    ["", false, "/login"],
    ["#/", true, "/calendar"],
    ["#/home", true, "/calendar"],
    ["#/does-not-exist", false, "/login"],
    ["#/does-not-exist", true, "/calendar"],
  ] as const)("%j (authenticated=%s) redirects to %s", (hash, auth, to) => {
    expect(resolveRoute(hash, auth)).toEqual({ kind: "redirect", to });
  });
});

describe("the password pages", () => {
  it.each([false, true])("forgot password and a reset link open signed in or not (%s)", (auth) => {
    expect(resolveRoute("#/forgot-password", auth)).toEqual({ kind: "render", page: "forgot-password" });
    expect(resolveRoute("#/reset-password/1-dj7z8u-bcf1e730bcbb", auth)).toEqual({
      kind: "render",
      page: "reset-password",
      key: "1-dj7z8u-bcf1e730bcbb",
    });
  });

  it("a broken reset link still shows its page, with no key", () => {
    expect(resolveRoute("#/reset-password/<script>", false)).toEqual({
      kind: "render",
      page: "reset-password",
      key: "",
    });
    expect(resolveRoute("#/reset-password", false)).toEqual({ kind: "render", page: "reset-password", key: "" });
  });

  it("the account page is private", () => {
    expect(resolveRoute("#/account", false)).toEqual({ kind: "redirect", to: "/login" });
    expect(resolveRoute("#/account", true)).toEqual({ kind: "render", page: "account" });
  });
});

describe("the booking page route", () => {
  it("reads the reservation id from /reservations/{id}", () => {
    expect(resolveRoute("#/reservations/42", true)).toEqual({ kind: "render", page: "reservation", id: 42 });
    expect(resolveRoute("#/reservations/42", false)).toEqual({ kind: "redirect", to: "/login" });
    expect(resolveRoute("#/reservation", true)).toEqual({ kind: "redirect", to: "/calendar" });
    expect(reservationPath(7)).toBe("/reservations/7");
  });

  it("returns after signing in to a private page only", () => {
    expect(returnPath("#/book?asset=2")).toBe("/book?asset=2");
    expect(returnPath("#/reservations/42")).toBe("/reservations/42");
    expect(returnPath("#/login")).toBeNull();
    expect(returnPath("#/nowhere")).toBeNull();
  });
});

describe("the invitation and token routes", () => {
  const token = "0123456789abcdef".repeat(4);

  it("opens an invitation link signed in or not, and nothing else under /invitations", () => {
    expect(resolveRoute(`#/invitations/${token}`, false)).toEqual({ kind: "render", page: "invitation", token });
    expect(resolveRoute(`#/invitations/${token}`, true)).toEqual({ kind: "render", page: "invitation", token });
    expect(resolveRoute("#/invitations/abc", false)).toEqual({ kind: "redirect", to: "/login" });
    expect(resolveRoute("#/invitation", true)).toEqual({ kind: "redirect", to: "/calendar" });
  });

  it("shows the API tokens page to signed-in people only", () => {
    expect(resolveRoute("#/account", true)).toEqual({ kind: "render", page: "account" });
    expect(resolveRoute("#/account", false)).toEqual({ kind: "redirect", to: "/login" });
  });
});
