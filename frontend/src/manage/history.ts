// The asset's history from GET /changes/?asset=: who, when, what it was before and after; paginated.

import { apiGet } from "../api";
import { h } from "../dom";
import { formatMoment } from "../format";
import { t, type MessageKey } from "../i18n";
import { empty, fill } from "../ui";
import { weekdayName, type Change, type ChangePage } from "./model";
import "../messages/manage"; // this area's strings
import "../messages/units"; // this area's strings

const FIELD_LABELS: Record<string, MessageKey> = {
  slot_minutes: "manage.rules.slot",
  min_duration: "manage.rules.minDuration",
  max_duration: "manage.rules.maxDuration",
  min_notice: "manage.rules.minNotice",
  max_horizon: "manage.rules.horizon",
  setup_buffer: "manage.rules.setup",
  cleanup_buffer: "manage.rules.cleanup",
  requires_approval: "manage.rules.approval",
  kiosk_pin: "manage.rules.kioskPin",
  approval_deadline: "manage.rules.deadline",
  auto_approved_members: "manage.rules.autoApproved",
  free_cancellation: "manage.cancel.free",
  late_cancellation_fee_percent: "manage.cancel.fee",
  waitlist_hold_minutes: "manage.rules.waitlistHold",
  capacity: "units.capacity",
  decision: "manage.field.decision",
  reasons: "manage.field.reasons",
  member: "manage.field.member",
  start: "manage.field.start",
  end: "manage.field.end",
};

/** What a stored key means in words. Durations are stored in minutes: the label says which unit it shows. */
function fieldLabel(key: string): string {
  const [kind, rest] = key.split(".");
  if (kind === "hours" && rest) return t("manage.field.hours", { day: weekdayName(Number(rest)) });
  if (kind === "peak" && rest) return t("manage.field.peak", { day: weekdayName(Number(rest)) });
  if (kind === "price" && rest) return t("manage.field.price", { tier: t(`manage.tier.${rest}` as MessageKey) });
  return FIELD_LABELS[key] ? t(FIELD_LABELS[key]).replace(/\s*\(.*\)$/, "") : key.replace(/_/g, " ");
}

function valueText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") {
    return key.startsWith("hours.") ? t("manage.history.closed") : t("manage.history.none");
  }
  if (key === "decision") return t(value === "cancel" ? "manage.impact.cancel" : "manage.impact.keep");
  if (key === "reasons" && Array.isArray(value))
    return value.map((code) => t(`manage.reason.${code}` as MessageKey)).join(", ");
  if ((key === "start" || key === "end") && typeof value === "string") return formatMoment(value);
  if (Array.isArray(value)) return value.join(", ") || t("manage.history.none");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== null && item !== "")
      .map(([name, item]) => `${name.replace(/_/g, " ")} ${String(item)}`)
      .join(" · ");
  }
  if (typeof value === "boolean") return value ? "✓" : "✗";
  return String(value);
}

function changeItem(change: Change): HTMLElement {
  const before = (change.before ?? {}) as Record<string, unknown>;
  const after = (change.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const action = `manage.action.${change.action}` as MessageKey;
  const title = t(action) === action ? change.action : t(action);
  const who = change.by ? t("manage.history.by", { name: change.by.name }) : t("manage.history.system");
  const subject = change.target_type === "bookings.reservation" ? ` · ${change.target_label}` : "";
  return h(
    "li",
    { class: "history__item", "data-testid": "change-item" },
    h("p", null, h("span", { class: "strong" }, title + subject)),
    h("p", { class: "muted small" }, `${formatMoment(change.at)} · ${who}`),
    h(
      "dl",
      { class: "change-diff" },
      keys.map((key) => [
        h("dt", null, fieldLabel(key)),
        h(
          "dd",
          null,
          key in before && key in after
            ? [
                h("span", { class: "change-diff__before" }, valueText(key, before[key])),
                " → ",
                h("span", null, valueText(key, after[key])),
              ]
            : valueText(key, key in after ? after[key] : before[key]),
        ),
      ]),
    ),
  );
}

const PAGE_SIZE = 20;

/** The history section's body: a page of changes with newer/older links. */
export function historyPanel(assetId: number): HTMLElement {
  const slot = h("div", { class: "stack", "data-testid": "history" });
  const show = (page: number) =>
    fill(
      slot,
      () => apiGet<ChangePage>(`/changes/?asset=${assetId}&page=${page}&page_size=${PAGE_SIZE}`),
      (result) => {
        if (!result.results.length) return empty(t("manage.history.empty"));
        const pages = Math.max(1, Math.ceil(result.count / PAGE_SIZE));
        return [
          h("ol", { class: "history" }, result.results.map(changeItem)),
          pages > 1
            ? h(
                "div",
                { class: "actions" },
                h(
                  "button",
                  {
                    type: "button",
                    class: "btn btn--ghost btn--small",
                    disabled: !result.previous,
                    onClick: () => void show(page - 1),
                  },
                  t("manage.history.newer"),
                ),
                h("span", { class: "muted small" }, t("manage.history.page", { page, pages })),
                h(
                  "button",
                  {
                    type: "button",
                    class: "btn btn--ghost btn--small",
                    disabled: !result.next,
                    onClick: () => void show(page + 1),
                  },
                  t("manage.history.older"),
                ),
              )
            : null,
        ];
      },
    );
  void show(1);
  return slot;
}
