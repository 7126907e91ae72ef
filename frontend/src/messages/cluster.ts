// UI strings of the cluster area, merged into the dictionaries of ../i18n.ts (same keys in both languages).

export const en = {
  "cluster.docTitle": "Cluster · Sinergia",
  "cluster.title": "Cluster",
  "cluster.coming": "Member companies, assets, quotas and roles.",
  "changes.docTitle": "Changes · Sinergia",
  "changes.title": "Changes",
  "changes.coming": "Every change to how the cluster runs.",
} as const;

export const es: Record<keyof typeof en, string> = {
  "cluster.docTitle": "Clúster · Sinergia",
  "cluster.title": "Clúster",
  "cluster.coming": "Empresas miembro, recursos, cupos y roles.",
  "changes.docTitle": "Cambios · Sinergia",
  "changes.title": "Cambios",
  "changes.coming": "Cada cambio en el funcionamiento del clúster.",
};
