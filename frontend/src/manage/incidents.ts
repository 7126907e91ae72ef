// The asset's incident history on its Manage page: the latest reports, newest first, with a link to the
// Incidents page for that asset (where they are resolved).

import { apiGet } from "../api";
import { h } from "../dom";
import { formatMoment } from "../format";
import { t, type MessageKey } from "../i18n";
import type { components } from "../openapi";
import type { Paginated } from "../types";
import { fill } from "../ui";
import "../messages/incidents"; // this area's strings

type Incident = components["schemas"]["Incident"];
const LATEST = 5;

export function incidentHistory(asset: number): HTMLElement {
  const slot = h("div", { class: "stack" });
  void fill(
    slot,
    () => apiGet<Paginated<Incident>>(`/incidents/?asset=${asset}&page_size=${LATEST}`),
    (page) =>
      page.results.length
        ? h(
            "ul",
            { class: "stack", "data-testid": "asset-incidents" },
            page.results.map((incident) =>
              h(
                "li",
                { "data-testid": "asset-incident" },
                h("strong", null, t(`incidents.severity.${incident.severity}` as MessageKey)),
                ` · ${t(`incidents.status.${incident.status}` as MessageKey)} · `,
                t("incidents.reportedAt", { when: formatMoment(incident.reported_at) }),
                h("p", { class: "muted" }, incident.description),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("incidents.noneForAsset")),
  );
  return h(
    "div",
    { class: "stack" },
    slot,
    h("a", { href: `#/incidents?asset=${asset}`, "data-testid": "asset-incidents-all" }, t("incidents.allForAsset")),
  );
}
