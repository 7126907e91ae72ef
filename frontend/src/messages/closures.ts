// UI strings of the closures area, merged into the dictionaries of ../i18n.ts (same keys in both languages).

export const en = {
  "closures.title": "Closures and maintenance",
} as const;

export const es: Record<keyof typeof en, string> = {
  "closures.title": "Cierres y mantenimiento",
};
