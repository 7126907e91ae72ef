import { afterEach, describe, expect, it, vi } from "vitest";
import {
  detectLanguage,
  dictionaries,
  getLanguage,
  interpolate,
  normalizeLanguage,
  onLanguageChange,
  setLanguage,
  t,
  tn,
  translate,
} from "../src/i18n";

// Every page's strings (they join the dictionaries when their page loads), so the checks below cover them too.
import.meta.glob("../src/messages/*.ts", { eager: true });

afterEach(() => {
  localStorage.clear();
  setLanguage("en", { persist: false });
});

describe("plural forms", () => {
  it("picks the form the language's rules give for the count", () => {
    expect(tn("statement.lineCount", 1)).toBe("1 line");
    expect(tn("statement.lineCount", 3)).toBe("3 lines");
    expect(tn("statement.lineCount", 0)).toBe("0 lines");
    setLanguage("es", { persist: false });
    expect(tn("manage.impact.intro", 1)).toMatch(/^1 reserva futura deja/);
    expect(tn("manage.impact.intro", 2)).toMatch(/^2 reservas futuras dejan/);
  });

  it("every plural key has both forms in both languages", () => {
    const bases = Object.keys(dictionaries.en)
      .filter((key) => /\.(one|other)$/.test(key))
      .map((key) => key.replace(/\.(one|other)$/, ""));
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases)
      for (const lang of ["en", "es"] as const) {
        expect(dictionaries[lang][`${base}.one`], `${lang} ${base}.one`).toBeTruthy();
        expect(dictionaries[lang][`${base}.other`], `${lang} ${base}.other`).toBeTruthy();
      }
  });
});

describe("dictionaries", () => {
  it("English and Spanish have exactly the same keys", () => {
    expect(Object.keys(dictionaries.es).sort()).toEqual(Object.keys(dictionaries.en).sort());
  });

  it("has no empty strings and keeps the same placeholders in both languages", () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, english] of Object.entries(dictionaries.en)) {
      const spanish = dictionaries.es[key]!;
      expect(english, key).toBeTruthy();
      expect(spanish, key).toBeTruthy();
      expect(placeholders(spanish), key).toEqual(placeholders(english!));
    }
  });
});

describe("interpolate", () => {
  it("replaces {name} placeholders", () => {
    expect(interpolate("Welcome, {name}", { name: "Ana" })).toBe("Welcome, Ana");
    expect(interpolate("error {status}", { status: 502 })).toBe("error 502");
  });

  it("leaves unknown placeholders untouched", () => {
    expect(interpolate("Hi {name}, {other}", { name: "Ana" })).toBe("Hi Ana, {other}");
    expect(interpolate("Hi {name}")).toBe("Hi {name}");
  });
});

describe("translate / t", () => {
  const dicts = { en: { greeting: "Hello {name}", onlyEn: "English only" }, es: { greeting: "Hola {name}" } };

  it("uses the requested language", () => {
    expect(translate("es", "greeting", { name: "Ana" }, dicts)).toBe("Hola Ana");
  });

  it("falls back to English for keys missing in a language", () => {
    expect(translate("es", "onlyEn", undefined, dicts)).toBe("English only");
  });

  it("falls back to English for unknown languages and to the key for unknown keys", () => {
    expect(translate("fr", "greeting", { name: "Ana" }, dicts)).toBe("Hello Ana");
    expect(translate("es", "missing.key", undefined, dicts)).toBe("missing.key");
  });

  it("t follows setLanguage", () => {
    setLanguage("es", { persist: false });
    expect(getLanguage()).toBe("es");
    expect(t("login.submit")).toBe("Entrar");
    expect(t("book.vat", { rate: 21 })).toBe("IVA 21 %");
    setLanguage("en", { persist: false });
    expect(t("login.submit")).toBe("Sign in");
    expect(t("book.vat", { rate: 21 })).toBe("VAT 21 %");
  });
});

describe("language selection", () => {
  it("normalizes locale tags", () => {
    expect(normalizeLanguage("es-ES")).toBe("es");
    expect(normalizeLanguage("EN_gb")).toBe("en");
    expect(normalizeLanguage("fr")).toBeNull();
    expect(normalizeLanguage(undefined)).toBeNull();
  });

  it("persists an explicit choice and updates <html lang>", () => {
    setLanguage("es");
    expect(localStorage.getItem("sinergia.language")).toBe("es");
    expect(document.documentElement.lang).toBe("es");
    expect(detectLanguage()).toBe("es");
  });

  it("does not persist when asked not to, and unsupported values become English", () => {
    setLanguage("es", { persist: false });
    expect(localStorage.getItem("sinergia.language")).toBeNull();
    expect(setLanguage("de", { persist: false })).toBe("en");
  });

  it("defaults from navigator languages when nothing is stored", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["fr-FR", "es-MX", "en"]);
    expect(detectLanguage()).toBe("es");
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["de"]);
    vi.spyOn(navigator, "language", "get").mockReturnValue("de");
    expect(detectLanguage()).toBe("en");
  });

  it("notifies listeners only on actual changes", () => {
    const listener = vi.fn();
    const off = onLanguageChange(listener);
    setLanguage("es", { persist: false });
    setLanguage("es", { persist: false });
    off();
    setLanguage("en", { persist: false });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith("es");
  });
});
