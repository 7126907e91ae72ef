// The content of a calendar block.

import type { EventInfo } from "../calendarData";
import { h } from "../dom";
import { formatRange } from "../format";
import { t, type MessageKey } from "../i18n";

/** What a block shows, and in words for screen readers the rest: its asset, its whole period and its status. */
export function eventBody(
  info: EventInfo,
  title: string,
  timeText: string,
  assetName: string | null,
  fullAsset: string,
): { domNodes: Node[] } {
  const nodes: Node[] = [h("span", { class: "ev__time" }, timeText), h("span", { class: "ev__title" }, title)];
  if (assetName) nodes.push(h("span", { class: "ev__asset" }, assetName));
  if (info.status === "pending") nodes.push(h("span", { class: "ev__tag" }, t("status.pending")));
  const status = info.kind === "busy" ? t("calendar.busyStatus") : t(`status.${info.status}` as MessageKey);
  nodes.push(
    h(
      "span",
      { class: "visually-hidden" },
      `, ${fullAsset}, ${formatRange(info.start, info.end, info.zone)}, ${status}`,
    ),
  );
  return { domNodes: nodes };
}
