// UI strings of the company area, merged into the dictionaries of ../i18n.ts (same keys in both languages).

export const en = {
  "company.docTitle": "My company · Sinergia",
  "company.title": "My company",
  "company.coming": "Your company's people, details and spending.",
} as const;

export const es: Record<keyof typeof en, string> = {
  "company.docTitle": "Mi empresa · Sinergia",
  "company.title": "Mi empresa",
  "company.coming": "Las personas, los datos y el gasto de tu empresa.",
};
