// A reservation's audit trail in words, and why it is in its status now.

import { h } from "../dom";
import { formatMoment, formatRange } from "../format";
import { t, type MessageKey } from "../i18n";
import type { ReservationDetail, ReservationEvent } from "../types";
import "../messages/closures"; // this area's strings
import "../messages/incidents"; // this area's strings
import "../messages/bundles"; // this area's strings

const ACTIONS: Record<string, MessageKey> = {
  created: "history.created",
  approved: "history.approved",
  rejected: "history.rejected",
  auto_rejected: "history.auto_rejected",
  cancelled: "history.cancelled",
  updated: "history.updated",
  expired: "history.expired",
  completed: "history.completed",
  no_show: "history.no_show",
  released: "history.released",
  checked_in: "history.checked_in",
  checked_out: "history.checked_out",
  extended: "history.extended",
  overrun_refused: "history.overrun_refused",
  moved_for_maintenance: "history.moved_for_maintenance",
  cancelled_for_maintenance: "history.cancelled_for_maintenance",
  stranded: "history.stranded",
  approved_in_bundle: "bundle.history.approved",
  cancelled_with_bundle: "bundle.history.cancelled",
};

export function actionLabel(event: Pick<ReservationEvent, "action" | "to_status">): string {
  if (event.action === "created") return t(event.to_status === "pending" ? "history.requested" : "history.created");
  const key = ACTIONS[event.action];
  return key ? t(key) : event.action.replace(/_/g, " ");
}

/** "Times: Tue 10:00–12:00 → Tue 12:00–14:00", "Title: a → b". */
function changeLines(event: ReservationEvent, zone: string): string[] {
  const changes = event.changes ?? {};
  const lines: string[] = [];
  if (changes.start || changes.end) {
    const [oldStart, newStart] = (changes.start ?? [null, null]) as [string | null, string | null];
    const [oldEnd, newEnd] = (changes.end ?? [null, null]) as [string | null, string | null];
    if (oldStart && oldEnd && newStart && newEnd)
      lines.push(
        t("history.times", { from: formatRange(oldStart, oldEnd, zone), to: formatRange(newStart, newEnd, zone) }),
      );
  }
  if (changes.asset) lines.push(t("history.asset", { from: String(changes.asset[0]), to: String(changes.asset[1]) }));
  const offered = (changes.alternatives ?? []) as { asset_name: string; start: string; end: string }[];
  if (offered.length)
    lines.push(
      t("history.offered", {
        slots: offered.map((slot) => `${slot.asset_name} ${formatRange(slot.start, slot.end, zone)}`).join("; "),
      }),
    );
  if (changes.title) lines.push(t("history.title", { from: String(changes.title[0]), to: String(changes.title[1]) }));
  if (changes.notes) lines.push(t("history.notes"));
  const overrun = (changes as Record<string, unknown>).overrun_minutes;
  if (typeof overrun === "number") lines.push(t("history.overrun", { minutes: String(overrun) }));
  const intoNext = (changes as Record<string, unknown>).overrun_into_next_minutes;
  if (typeof intoNext === "number") lines.push(t("history.overrunIntoNext", { minutes: String(intoNext) }));
  return lines;
}

/** The reason behind a final status (rejected, declined automatically, expired, cancelled), if one was given. */
export function statusReason(reservation: ReservationDetail): { label: string; reason: string } | null {
  const last = [...reservation.events]
    .reverse()
    .find((event) => event.to_status === reservation.status && event.action !== "updated");
  if (!last || !["rejected", "expired", "cancelled", "no_show", "released"].includes(reservation.status)) return null;
  return { label: actionLabel(last), reason: last.reason };
}

export function historyList(reservation: ReservationDetail, zone: string): HTMLElement {
  return h(
    "ol",
    { class: "history", "data-testid": "history" },
    reservation.events.map((event) =>
      h(
        "li",
        { class: "history__item", "data-testid": "history-item" },
        h(
          "p",
          { class: "history__what" },
          h("strong", null, actionLabel(event)),
          event.by ? ` · ${event.by}` : ` · ${t("history.system")}`,
        ),
        h("p", { class: "muted small" }, formatMoment(event.at)),
        changeLines(event, zone).map((line) => h("p", { class: "small" }, line)),
        event.reason ? h("p", { class: "small history__reason" }, event.reason) : null,
      ),
    ),
  );
}
