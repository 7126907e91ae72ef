// A booking an out-of-service report strands: the asset is closed over it, it stands until its holder moves it.
// The alternatives are those its holders were e-mailed (the "stranded" event); a taken one answers with fresh ones.

import { apiPatch } from "../api";
import { moveBody } from "../booking";
import type { Catalog } from "../catalog";
import { conflictView } from "../components/conflictView";
import { h } from "../dom";
import { t } from "../i18n";
import type { Alternative, ReservationDetail } from "../types";
import "../messages/incidents"; // this area's strings

const PERIOD_CHANGES = new Set(["stranded", "moved_for_maintenance"]);

/** The last stranding of a live booking that was not moved since, or null. */
export function stranding(reservation: ReservationDetail, now = new Date()) {
  if (!["pending", "approved"].includes(reservation.status) || new Date(reservation.end) <= now) return null;
  const last = [...reservation.events]
    .reverse()
    .find((event) => PERIOD_CHANGES.has(event.action) || "start" in (event.changes ?? {}));
  return last?.action === "stranded" ? last : null;
}

export function strandedPanel(
  reservation: ReservationDetail,
  catalog: Catalog,
  mayMove: boolean,
  done: () => void,
): HTMLElement | null {
  const event = stranding(reservation);
  if (!event) return null;
  const alternatives = (event.changes.alternatives ?? []) as unknown as Alternative[];
  return h(
    "section",
    { class: "stack", "data-testid": "stranded" },
    h("div", { class: "alert alert--warn", role: "status" }, h("strong", null, t("stranded.title"))),
    conflictView({
      report: {
        detail: t("stranded.body", { asset: reservation.asset_name }),
        conflicts: [],
        alternatives,
        canCompete: false,
      },
      requestedAsset: reservation.asset,
      zoneOf: catalog.zoneOf,
      testid: "stranded-alternatives",
      actionLabel: () => (mayMove ? t("move.moveHere") : null),
      linkFor: () => "#/book",
      onChoose: async (choice) => {
        await apiPatch(`/reservations/${reservation.id}/`, moveBody(choice));
        done();
      },
    }),
  );
}
