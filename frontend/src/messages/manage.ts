// UI strings of the manage area, merged into the dictionaries of ../i18n.ts (same keys in both languages).

export const en = {
  "manage.docTitle": "Manage · Sinergia",
  "manage.title": "Manage assets",
  "manage.coming": "Choose an asset to edit its rules.",
} as const;

export const es: Record<keyof typeof en, string> = {
  "manage.docTitle": "Gestionar · Sinergia",
  "manage.title": "Gestionar recursos",
  "manage.coming": "Elige un recurso para editar sus reglas.",
};
