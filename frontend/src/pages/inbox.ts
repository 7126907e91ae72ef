import { apiPost } from "../api";
import { getAll, loadCatalog, type Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoment, formatRange } from "../format";
import { t } from "../i18n";
import { bySeries, oldestFirst, rivalsOf } from "../inboxData";
import { busyButton, empty, errorText, fill, pageTitle, statusBadge } from "../ui";
import type { Reservation } from "../types";

export function renderInboxPage(): HTMLElement {
  document.title = t("inbox.docTitle");
  const flash = h("div", { class: "alert alert--ok", role: "status", hidden: true, "data-testid": "inbox-flash" });
  const list = h("div", { class: "stack", "data-testid": "inbox" });

  const reload = () =>
    fill(
      list,
      () =>
        Promise.all([
          loadCatalog(),
          getAll<Reservation>("/reservations/?status=pending&ordering=created_at&page_size=200"),
        ]),
      ([catalog, rows]) => {
        const pending = oldestFirst(rows);
        if (!pending.length) return empty(t("inbox.empty"), t("inbox.emptyBody"));
        const rivals = rivalsOf(pending);
        const done = (message: string) => {
          flash.textContent = message;
          flash.hidden = false;
          void reload();
        };
        return [...bySeries(pending)].map(([series, items]) =>
          series === null
            ? items.map((r) => requestCard(r, rivals.get(r.id) ?? [], catalog, done))
            : seriesCard(series, items, rivals, catalog, done),
        );
      },
    );
  void reload();
  return h("div", { class: "stack" }, pageTitle(t("inbox.title"), t("inbox.subtitle")), flash, list);
}

function requestCard(
  r: Reservation,
  rivals: Reservation[],
  catalog: Catalog,
  done: (message: string) => void,
): HTMLElement {
  const zone = catalog.zoneOf(r.asset);
  const reason = h("input", {
    class: "input",
    id: `reject-reason-${r.id}`,
    maxlength: "500",
    placeholder: t("inbox.reasonPlaceholder"),
    "data-testid": "reject-reason",
  });
  const error = h("div", { class: "field__error", role: "alert", hidden: true, "data-testid": "inbox-error" });
  const act = (action: "approve" | "reject") => async () => {
    error.hidden = true;
    try {
      await apiPost<Reservation>(
        `/reservations/${r.id}/${action}/`,
        action === "reject" ? { reason: reason.value } : undefined,
      );
      const message = t(action === "approve" ? "inbox.approved" : "inbox.rejected", { title: r.title });
      // Approving auto-declines the overlapping requests: say so, they leave the list too.
      const declined =
        action === "approve" && rivals.length
          ? ` ${t(rivals.length === 1 ? "inbox.rivalDeclined" : "inbox.rivalsDeclined", { count: rivals.length })}`
          : "";
      done(message + declined);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  return h(
    "article",
    { class: "card res-card", "data-testid": "request", "data-id": r.id },
    h(
      "div",
      { class: "res-card__main" },
      h("h2", { class: "res-card__title" }, r.title, " ", statusBadge(r.status)),
      h("p", { class: "res-card__when" }, h("strong", null, r.asset_name), ` · ${formatRange(r.start, r.end, zone)}`),
      // When it was asked is a moment in the manager's own day, not in the asset's zone.
      h(
        "p",
        { class: "muted small" },
        t("inbox.requestedBy", {
          member: r.member.name,
          user: r.booked_by?.username ?? "—",
          when: formatMoment(r.created_at),
        }),
      ),
      r.notes ? h("p", { class: "small" }, r.notes) : null,
      rivals.length
        ? h(
            "div",
            { class: "rivals", "data-testid": "rivals" },
            h("p", { class: "small strong" }, t("inbox.rivals")),
            h(
              "ul",
              { class: "plain-list small" },
              rivals.map((o) => h("li", null, `${o.member.name} · ${o.title} · ${formatRange(o.start, o.end, zone)}`)),
            ),
          )
        : null,
    ),
    h(
      "div",
      { class: "res-card__decide" },
      h("label", { class: "visually-hidden", for: reason.id }, t("inbox.reason")),
      reason,
      h(
        "div",
        { class: "actions" },
        busyButton(
          t("inbox.approve"),
          { class: "btn btn--primary btn--small", "data-testid": "approve" },
          act("approve"),
        ),
        busyButton(
          t("inbox.reject"),
          { class: "btn btn--danger-ghost btn--small", "data-testid": "reject" },
          act("reject"),
        ),
      ),
      error,
    ),
  );
}

function seriesCard(
  series: number,
  items: Reservation[],
  rivals: Map<number, Reservation[]>,
  catalog: Catalog,
  done: (message: string) => void,
): HTMLElement {
  const reason = h("input", {
    class: "input",
    id: `series-reason-${series}`,
    maxlength: "500",
    placeholder: t("inbox.reasonPlaceholder"),
  });
  const error = h("div", { class: "field__error", role: "alert", hidden: true });
  const act = (action: "approve" | "reject") => async () => {
    error.hidden = true;
    try {
      await apiPost(`/series/${series}/${action}/`, action === "reject" ? { reason: reason.value } : undefined);
      done(t(action === "approve" ? "inbox.seriesApproved" : "inbox.seriesRejected", { count: items.length }));
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  return h(
    "section",
    { class: "card stack series-card", "data-testid": "series" },
    h(
      "div",
      { class: "series-card__head" },
      h("h2", { class: "card__title" }, t("inbox.seriesTitle", { title: items[0].title, count: items.length })),
      h(
        "div",
        { class: "res-card__decide" },
        reason,
        h(
          "div",
          { class: "actions" },
          busyButton(t("inbox.approveAll"), { class: "btn btn--primary btn--small" }, act("approve")),
          busyButton(t("inbox.rejectAll"), { class: "btn btn--danger-ghost btn--small" }, act("reject")),
        ),
        error,
      ),
    ),
    items.map((r) => requestCard(r, rivals.get(r.id) ?? [], catalog, done)),
  );
}
