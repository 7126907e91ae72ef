// UI strings of the accounting area, merged into the dictionaries of ../i18n.ts (same keys in both languages).

export const en = {
  "statement.docTitle": "Statement · Sinergia",
  "statement.title": "Statement",
} as const;

export const es: Record<keyof typeof en, string> = {
  "statement.docTitle": "Extracto · Sinergia",
  "statement.title": "Extracto",
};
