// Incidents page (/incidents, ?asset= for one asset's history): report a problem with an asset, and the
// incidents the person sees, newest first. The asset's managers see the bookings an out-of-service report
// strands, move the expected end and resolve with notes.

import { apiGet, apiPost } from "../api";
import { loadCatalog, type Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoment } from "../format";
import { t, type MessageKey } from "../i18n";
import type { components } from "../openapi";
import type { PageContext } from "../pageContext";
import { isAssetManager } from "../roles";
import { pathWithQuery, reservationPath } from "../router";
import { zonedToInstant } from "../tz";
import { busyButton, dateSaid, empty, errorBox, fill, pageTitle } from "../ui";
import type { Paginated } from "../types";
import "../messages/incidents"; // this area's strings

type Incident = components["schemas"]["Incident"];
const SEVERITIES = ["minor", "major", "out_of_service"] as const;

function field(label: string, control: HTMLElement, ...rest: (HTMLElement | null)[]): HTMLElement {
  return h("div", { class: "field" }, h("label", { class: "field__label", for: control.id }, label), control, ...rest);
}

/** Day and time inputs read in `zone`; null when either is empty. */
function momentFields(prefix: string, zone: () => string) {
  const day = h("input", { id: `${prefix}-day`, type: "date", class: "input", "data-testid": `${prefix}-day` });
  const time = h("input", { id: `${prefix}-time`, type: "time", class: "input", "data-testid": `${prefix}-time` });
  return {
    day,
    time,
    read: (): string | null =>
      day.value && time.value ? zonedToInstant(day.value, time.value, zone()).toISOString() : null,
  };
}

function reportForm(catalog: Catalog, user: PageContext["user"], chosen: number | null, done: () => void) {
  const asset = h(
    "select",
    { id: "incident-asset", class: "input", "data-testid": "incident-asset" },
    catalog.assets.map((a) => h("option", { value: String(a.id), selected: a.id === chosen }, a.name)),
  );
  const severity = h(
    "select",
    { id: "incident-severity", class: "input", "data-testid": "incident-severity" },
    SEVERITIES.map((s) => h("option", { value: s }, t(`incidents.severity.${s}` as MessageKey))),
  );
  const description = h("textarea", {
    id: "incident-description",
    class: "input",
    rows: "3",
    maxlength: "4000",
    "data-testid": "incident-description",
  });
  const zone = () => catalog.zoneOf(Number(asset.value));
  const until = momentFields("incident-until", zone);
  const untilLabel = h("span");
  const untilBox = h(
    "fieldset",
    { class: "stack", hidden: true, "data-testid": "incident-until" },
    h("legend", { class: "field__label" }, untilLabel),
    h("p", { class: "muted small" }, t("incidents.expectedEndHint")),
    h(
      "div",
      { class: "row-fields" },
      field(t("incidents.day"), until.day, dateSaid(until.day)),
      field(t("incidents.time"), until.time),
    ),
  );
  const sync = () => {
    untilBox.hidden = !(isAssetManager(user) && severity.value === "out_of_service");
    untilLabel.textContent = t("incidents.expectedEnd", { zone: zone() });
  };
  asset.addEventListener("change", sync);
  severity.addEventListener("change", sync);
  sync();
  const outcome = h("div", { "aria-live": "polite" });
  const send = async () => {
    outcome.replaceChildren();
    if (!description.value.trim()) {
      outcome.append(h("p", { class: "field__error", role: "alert" }, t("incidents.needDescription")));
      return;
    }
    const body: Record<string, string | number> = {
      asset: Number(asset.value),
      severity: severity.value,
      description: description.value,
    };
    const expected = untilBox.hidden ? null : until.read();
    if (expected) body.expected_end = expected;
    try {
      await apiPost<Incident>("/incidents/", body);
      description.value = "";
      outcome.append(
        h("p", { class: "alert alert--success", role: "status", "data-testid": "incident-sent" }, t("incidents.sent")),
      );
      done();
    } catch (error) {
      outcome.append(errorBox(error, "incident-error"));
    }
  };
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "report-title", "data-testid": "incident-form" },
    h("h2", { class: "card__title", id: "report-title" }, t("incidents.report")),
    h("p", { class: "muted small" }, t("incidents.reportIntro")),
    field(t("incidents.asset"), asset),
    field(t("incidents.severity"), severity),
    field(t("incidents.description"), description),
    untilBox,
    h(
      "div",
      { class: "actions" },
      busyButton(t("incidents.send"), { class: "btn btn--primary", "data-testid": "incident-send" }, send),
    ),
    outcome,
  );
}

function managerTools(incident: Incident, zone: string, reload: () => void): HTMLElement {
  const notes = h("textarea", {
    id: `incident-notes-${incident.id}`,
    class: "input",
    rows: "2",
    maxlength: "4000",
    "data-testid": "incident-notes",
  });
  const until = momentFields(`incident-end-${incident.id}`, () => zone);
  const outcome = h("div", { "aria-live": "polite" });
  const act = async (path: string, body: Record<string, string>) => {
    outcome.replaceChildren();
    try {
      await apiPost<Incident>(`/incidents/${incident.id}/${path}/`, body);
      reload();
    } catch (error) {
      outcome.append(errorBox(error, "incident-action-error"));
    }
  };
  const stranded = incident.stranded ?? [];
  return h(
    "div",
    { class: "stack" },
    incident.down_until
      ? h(
          "div",
          { class: "stack" },
          h("h3", { class: "card__subtitle" }, t("incidents.stranded")),
          stranded.length
            ? h(
                "ul",
                { class: "plain-list", "data-testid": "incident-stranded" },
                stranded.map((booking) =>
                  h(
                    "li",
                    null,
                    h("a", { href: `#${reservationPath(booking.id)}` }, booking.title),
                    ` · ${booking.member} · ${formatMoment(booking.start)}`,
                  ),
                ),
              )
            : h("p", { class: "muted small" }, t("incidents.noStranded")),
          h(
            "div",
            { class: "row-fields" },
            field(t("incidents.day"), until.day, dateSaid(until.day)),
            field(t("incidents.time"), until.time),
          ),
          h(
            "div",
            { class: "actions" },
            busyButton(
              t("incidents.setEnd"),
              { class: "btn btn--ghost", "data-testid": "incident-set-end" },
              async () => {
                const expected = until.read();
                if (expected) await act("expected-end", { expected_end: expected });
              },
            ),
          ),
        )
      : null,
    field(t("incidents.notes"), notes),
    h(
      "div",
      { class: "actions" },
      busyButton(
        t("incidents.resolve"),
        {
          class: "btn btn--primary",
          "data-testid": "incident-resolve",
          "aria-label": t("incidents.resolveLabel", { asset: incident.asset_name }),
        },
        async () => {
          if (!notes.value.trim()) {
            outcome.replaceChildren(h("p", { class: "field__error", role: "alert" }, t("incidents.needNotes")));
            return;
          }
          await act("resolve", { notes: notes.value });
        },
      ),
    ),
    outcome,
  );
}

function incidentCard(incident: Incident, reload: () => void): HTMLElement {
  const zone = incident.timezone;
  const open = incident.status === "open";
  const down = incident.down_until;
  return h(
    "article",
    { class: "card stack", "data-testid": "incident", "data-id": String(incident.id) },
    h(
      "div",
      { class: "incident__head" },
      h("h2", { class: "card__title" }, incident.asset_name),
      h(
        "span",
        { class: `chip ${incident.severity === "minor" ? "" : "chip--warn"}`, "data-testid": "incident-severity-chip" },
        t(`incidents.severity.${incident.severity}` as MessageKey),
      ),
      h(
        "span",
        { class: `status-badge status-badge--${open ? "pending" : "completed"}`, "data-testid": "incident-status" },
        t(`incidents.status.${incident.status}` as MessageKey),
      ),
    ),
    h("p", { class: "incident__description" }, incident.description),
    h(
      "p",
      { class: "muted small" },
      t("incidents.reportedAt", { when: formatMoment(incident.reported_at) }),
      incident.reported_by ? ` ${t("incidents.reportedBy", { name: incident.reported_by.username })}` : "",
    ),
    down
      ? h(
          "p",
          { class: "small", "data-testid": "incident-down-until" },
          t(open ? "incidents.downUntil" : "incidents.downUntilEnded", { when: `${formatMoment(down)}` }),
        )
      : null,
    incident.resolved_at
      ? h(
          "p",
          { class: "small" },
          t("incidents.resolvedAt", { when: formatMoment(incident.resolved_at) }),
          incident.resolution_notes ? `: ${incident.resolution_notes}` : "",
        )
      : null,
    open && incident.stranded !== null ? managerTools(incident, zone, reload) : null,
  );
}

export function renderIncidentsPage({ user, query, navigate }: PageContext): HTMLElement {
  document.title = t("incidents.docTitle");
  const chosen = Number(query.get("asset")) || null;
  const body = h("div", { class: "stack" });
  const list = h("div", { class: "stack", "data-testid": "incidents" });
  const loadList = () =>
    fill(
      list,
      () => apiGet<Paginated<Incident>>(`/incidents/?page_size=100${chosen ? `&asset=${chosen}` : ""}`),
      (page) =>
        page.results.length
          ? page.results.map((incident) => incidentCard(incident, () => void loadList()))
          : empty(t("incidents.none"), t("incidents.noneBody")),
    );
  void fill(
    body,
    () => loadCatalog(),
    (catalog) => {
      const filter = h(
        "select",
        { id: "incidents-filter", class: "input", "data-testid": "incidents-filter" },
        h("option", { value: "" }, t("incidents.allAssets")),
        catalog.assets.map((a) => h("option", { value: String(a.id), selected: a.id === chosen }, a.name)),
      );
      filter.addEventListener("change", () => navigate(pathWithQuery("incidents", { asset: filter.value })));
      void loadList();
      return [
        reportForm(catalog, user, chosen, () => void loadList()),
        h(
          "section",
          { class: "stack", "aria-labelledby": "incidents-list-title" },
          h(
            "h2",
            { class: "section-title", id: "incidents-list-title" },
            chosen ? t("incidents.historyOf", { asset: catalog.asset(chosen)?.name ?? "" }) : t("incidents.title"),
          ),
          h("div", { class: "filters" }, field(t("incidents.asset"), filter)),
          list,
        ),
      ];
    },
  );
  return h("div", { class: "stack" }, pageTitle(t("incidents.title"), t("incidents.subtitle")), body);
}
