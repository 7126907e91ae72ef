import { describe, expect, it } from "vitest";
import { pathFromHash, resolveRoute } from "../src/router";

describe("pathFromHash", () => {
  it.each([
    ["", "/"],
    ["#", "/"],
    ["#/", "/"],
    ["#/home", "/home"],
    ["#home", "/home"],
    ["#/home/", "/home"],
    ["#/Login?next=x", "/login"],
  ])("%j → %s", (hash, path) => {
    expect(pathFromHash(hash)).toBe(path);
  });
});

describe("resolveRoute", () => {
  it("logged-out users see the login page", () => {
    expect(resolveRoute("#/login", false)).toEqual({ kind: "render", page: "login" });
  });

  it("logged-out users hitting #/home go to #/login", () => {
    expect(resolveRoute("#/home", false)).toEqual({ kind: "redirect", to: "/login" });
  });

  it("logged-in users hitting #/login go to #/home", () => {
    expect(resolveRoute("#/login", true)).toEqual({ kind: "redirect", to: "/home" });
  });

  it("logged-in users see home", () => {
    expect(resolveRoute("#/home", true)).toEqual({ kind: "render", page: "home" });
  });

  it.each([
    ["", false, "/login"],
    ["#/", true, "/home"],
    ["#/does-not-exist", false, "/login"],
    ["#/does-not-exist", true, "/home"],
  ] as const)("%j (authenticated=%s) redirects to %s", (hash, auth, to) => {
    expect(resolveRoute(hash, auth)).toEqual({ kind: "redirect", to });
  });
});
