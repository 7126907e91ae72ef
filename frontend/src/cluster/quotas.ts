// Quotas section of the Cluster page: per member company and asset group, the booked hours a month and the open
// requests it may have (empty: no limit).

import { apiDelete, apiPatch, apiPost } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { t } from "../i18n";
import { busyButton, fill } from "../ui";
import {
  field,
  generalError,
  input,
  section,
  select,
  showErrors,
  showInline,
  stackTable,
  type AssetGroup,
  type MemberAdmin,
  type Quota,
} from "./parts";
import "../messages/cluster"; // this area's strings

const limit = (value: string): number | null => (value.trim() === "" ? null : Number(value));
const shown = (value: number | null | undefined): string => (value == null ? "" : String(value));

export function quotasSection(): HTMLElement {
  const body = h("div", { class: "stack" });
  const reload = (): Promise<void> =>
    fill(
      body,
      () =>
        Promise.all([
          getAll<Quota>("/quotas/"),
          getAll<MemberAdmin>("/members/"),
          getAll<AssetGroup>("/asset-groups/"),
        ]),
      ([quotas, members, groups]) => [
        quotas.length
          ? stackTable(
              "quotas-table",
              [
                t("cluster.quotas.member"),
                t("cluster.quotas.group"),
                t("cluster.quotas.hours"),
                t("cluster.quotas.pending"),
                t("cluster.actions"),
              ],
              quotas.map((quota) => quotaRow(quota, reload)),
              "quota-row",
            )
          : h("p", { class: "muted", "data-testid": "no-quotas" }, t("cluster.quotas.none")),
        quotaForm(members, groups, reload),
      ],
    );
  void reload();
  return section(
    "cluster-quotas",
    t("cluster.quotas.title"),
    h("p", { class: "muted small" }, t("cluster.quotas.help")),
    body,
  );
}

function quotaRow(quota: Quota, reload: () => Promise<void>) {
  const hours = input(`quota-hours-${quota.id}`, {
    type: "number",
    min: "0",
    class: "input input--narrow",
    value: shown(quota.max_hours_per_month),
    "aria-label": t("cluster.quotas.hoursOf", { member: quota.member_name, group: quota.group_name }),
  });
  const pending = input(`quota-pending-${quota.id}`, {
    type: "number",
    min: "0",
    class: "input input--narrow",
    value: shown(quota.max_pending),
    "aria-label": t("cluster.quotas.pendingOf", { member: quota.member_name, group: quota.group_name }),
  });
  const error = h("p", {
    class: "field__error",
    hidden: true,
    id: `quota-${quota.id}-error`,
    "data-testid": "quota-error",
  });
  hours.setAttribute("aria-describedby", error.id);
  pending.setAttribute("aria-describedby", error.id);
  return [
    quota.member_name,
    quota.group_name,
    hours,
    pending,
    h(
      "div",
      { class: "actions" },
      busyButton(
        t("cluster.save"),
        { class: "btn btn--small btn--ghost", "data-testid": `save-quota-${quota.id}` },
        async () => {
          try {
            await apiPatch(`/quotas/${quota.id}/`, {
              max_hours_per_month: limit(hours.value),
              max_pending: limit(pending.value),
            });
            await reload();
          } catch (e) {
            showInline(hours, error, e, "max_hours_per_month");
          }
        },
      ),
      busyButton(
        t("cluster.quotas.remove"),
        { class: "btn btn--small btn--danger-ghost", "data-testid": `delete-quota-${quota.id}` },
        async () => {
          try {
            await apiDelete(`/quotas/${quota.id}/`);
            await reload();
          } catch (e) {
            showInline(hours, error, e, "detail");
          }
        },
      ),
      error,
    ),
  ];
}

function quotaForm(members: MemberAdmin[], groups: AssetGroup[], reload: () => Promise<void>): HTMLElement {
  const fields = {
    member: field(
      t("cluster.quotas.member"),
      select(
        "quota-member",
        members.map((m): [string, string] => [String(m.id), m.name]),
      ),
    ),
    group: field(
      t("cluster.quotas.group"),
      select(
        "quota-group",
        groups.map((g): [string, string] => [String(g.id), g.name]),
      ),
    ),
    max_hours_per_month: field(t("cluster.quotas.hours"), input("quota-hours", { type: "number", min: "0" })),
    max_pending: field(t("cluster.quotas.pending"), input("quota-pending", { type: "number", min: "0" })),
  };
  const general = generalError("quota-create-error");
  const form = h(
    "form",
    { class: "stack", novalidate: true, "aria-labelledby": "quota-new-title" },
    h("h3", { class: "strong", id: "quota-new-title" }, t("cluster.quotas.new")),
    h("div", { class: "row2" }, fields.member.wrap, fields.group.wrap),
    h("div", { class: "row2" }, fields.max_hours_per_month.wrap, fields.max_pending.wrap),
    general,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: "btn btn--primary", "data-testid": "quota-create" },
        t("cluster.quotas.create"),
      ),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await apiPost("/quotas/", {
        member: Number(fields.member.control.value),
        group: Number(fields.group.control.value),
        max_hours_per_month: limit(fields.max_hours_per_month.control.value),
        max_pending: limit(fields.max_pending.control.value),
      });
      await reload();
    } catch (error) {
      showErrors(fields, general, error);
    }
  });
  return form;
}
