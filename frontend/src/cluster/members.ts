// Members section of the Cluster page: the companies, a new one, and for the chosen one its tier, its fair share
// from a date with the history, and deactivation after seeing what it does to the company's future bookings.

import { apiGet, apiPatch, apiPost } from "../api";
import { h } from "../dom";
import { formatDay, formatMoment, formatMoney, formatNumber } from "../format";
import { t, tn, type MessageKey } from "../i18n";
import { busyButton, dateSaid, empty, fill } from "../ui";
import {
  field,
  generalError,
  input,
  section,
  select,
  showErrors,
  stackTable,
  type DeactivationPreview,
  type FairShareEntry,
  type MemberAdmin,
} from "./parts";
import "../messages/cluster"; // this area's strings

const TIERS = ["full", "associate", "external"] as const;

function tierOptions(): [string, string][] {
  return TIERS.map((tier) => [tier, t(`cluster.tier.${tier}` as MessageKey)]);
}

/** The first day of next month, "YYYY-MM-DD": when a new weight usually starts. */
export function nextMonth(today: Date = new Date()): string {
  const first = new Date(Date.UTC(today.getFullYear(), today.getMonth() + 1, 1));
  return first.toISOString().slice(0, 10);
}

function weight(value: string | null | undefined): string {
  return value == null ? "—" : formatNumber(Number(value), { maximumFractionDigits: 4 });
}

export function membersSection(): HTMLElement {
  const list = h("div", { class: "stack", "data-testid": "members-list" });
  const detail = h("div", { class: "stack", "data-testid": "member-detail" });
  let chosen: number | null = null;

  const reload = (): Promise<void> =>
    fill(
      list,
      () => apiGet<MemberAdmin[]>("/members/?include_inactive=true"),
      (members) => {
        const current = members.find((m) => m.id === chosen);
        if (current) showDetail(current);
        if (!members.length) return empty(t("cluster.members.none"));
        return stackTable(
          "members-table",
          [
            t("cluster.members.name"),
            t("cluster.members.tier"),
            t("cluster.members.fairShare"),
            t("cluster.members.state"),
            t("cluster.actions"),
          ],
          members.map((m) => [
            h("span", { class: "strong" }, m.name),
            m.tier ? t(`cluster.tier.${m.tier}` as MessageKey) : "—",
            weight(m.fair_share),
            h(
              "span",
              { class: `status-badge status-badge--${m.is_active ? "approved" : "cancelled"}` },
              t(m.is_active ? "cluster.members.active" : "cluster.members.inactive"),
            ),
            h(
              "button",
              {
                type: "button",
                class: "btn btn--small btn--ghost",
                "data-testid": `open-member-${m.id}`,
                "aria-label": t("cluster.members.openNamed", { name: m.name }),
                onClick: () => {
                  chosen = m.id;
                  showDetail(m);
                  detail.scrollIntoView({ block: "nearest" });
                },
              },
              t("cluster.members.open"),
            ),
          ]),
          "member-row",
        );
      },
    );

  const showDetail = (member: MemberAdmin) => {
    detail.replaceChildren(memberDetail(member, reload));
  };

  void reload();
  return section("cluster-members", t("cluster.members.title"), list, detail, createForm(reload));
}

function createForm(reload: () => Promise<void>): HTMLElement {
  const fields = {
    name: field(t("cluster.members.name"), input("member-name", { required: true, maxlength: "200" })),
    tax_id: field(t("cluster.members.taxId"), input("member-tax-id", { maxlength: "50" })),
    billing_email: field(t("cluster.members.billingEmail"), input("member-billing-email", { type: "email" })),
    tier: field(t("cluster.members.tier"), select("member-tier", tierOptions(), "full")),
  };
  const general = generalError("member-create-error");
  const done = h("p", { class: "alert alert--ok", role: "status", hidden: true, "data-testid": "member-created" });
  const form = h(
    "form",
    { class: "stack", "aria-labelledby": "member-create-title", novalidate: true },
    h("h3", { class: "strong", id: "member-create-title" }, t("cluster.members.new")),
    h("div", { class: "row2" }, fields.name.wrap, fields.tax_id.wrap),
    h("div", { class: "row2" }, fields.billing_email.wrap, fields.tier.wrap),
    general,
    done,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: "btn btn--primary", "data-testid": "member-create" },
        t("cluster.members.create"),
      ),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    done.hidden = true;
    try {
      const created = await apiPost<MemberAdmin>("/members/", {
        name: fields.name.control.value,
        tax_id: fields.tax_id.control.value,
        billing_email: fields.billing_email.control.value,
        tier: fields.tier.control.value,
      });
      showErrors(fields, general, null);
      general.hidden = true;
      form.reset();
      done.textContent = t("cluster.members.created", { name: created.name });
      done.hidden = false;
      await reload();
    } catch (error) {
      showErrors(fields, general, error);
    }
  });
  return form;
}

function memberDetail(member: MemberAdmin, reload: () => Promise<void>): HTMLElement {
  return h(
    "div",
    { class: "card stack", "data-testid": `member-${member.id}` },
    h("h3", { class: "card__title" }, member.name),
    tierForm(member, reload),
    fairShareBlock(member, reload),
    activation(member, reload),
  );
}

function tierForm(member: MemberAdmin, reload: () => Promise<void>): HTMLElement {
  const tier = field(t("cluster.members.tier"), select(`tier-${member.id}`, tierOptions(), member.tier ?? "full"));
  const general = generalError("tier-error");
  return h(
    "div",
    { class: "inline-fields" },
    tier.wrap,
    busyButton(t("cluster.members.saveTier"), { class: "btn btn--ghost", "data-testid": "save-tier" }, async () => {
      try {
        await apiPatch(`/members/${member.id}/`, { tier: tier.control.value });
        general.hidden = true;
        await reload();
      } catch (error) {
        showErrors({ tier }, general, error);
      }
    }),
    general,
  );
}

function fairShareBlock(member: MemberAdmin, reload: () => Promise<void>): HTMLElement {
  const history = h("div", { "data-testid": "fair-share-history" });
  const loadHistory = () =>
    fill(
      history,
      () => apiGet<FairShareEntry[]>(`/members/${member.id}/fair-shares/`),
      (rows) =>
        rows.length
          ? stackTable(
              "fair-shares",
              [t("cluster.fair.from"), t("cluster.fair.weight"), t("cluster.fair.setBy"), t("cluster.fair.setAt")],
              [...rows]
                .reverse()
                .map((row) => [
                  formatDay(row.valid_from),
                  weight(row.weight),
                  row.set_by ?? "—",
                  formatMoment(row.created_at),
                ]),
              "fair-share-row",
            )
          : h("p", { class: "muted" }, t("cluster.fair.none")),
    );
  const weightInput = input("fair-weight", {
    type: "number",
    min: "0",
    step: "0.0001",
    required: true,
    inputmode: "decimal",
  });
  const fromInput = input("fair-from", { type: "date", required: true, value: nextMonth() });
  const fields = {
    weight: field(t("cluster.fair.weight"), weightInput),
    valid_from: field(t("cluster.fair.from"), fromInput, dateSaid(fromInput)),
  };
  const general = generalError("fair-share-error");
  const form = h(
    "form",
    { class: "stack", novalidate: true, "aria-labelledby": "fair-title" },
    h("h4", { class: "strong", id: "fair-title" }, t("cluster.fair.title")),
    h("p", { class: "muted small" }, t("cluster.fair.help")),
    h("div", { class: "row2" }, fields.weight.wrap, fields.valid_from.wrap),
    general,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "btn btn--primary", "data-testid": "fair-save" }, t("cluster.fair.save")),
    ),
    history,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await apiPost(`/members/${member.id}/fair-shares/`, { weight: weightInput.value, valid_from: fromInput.value });
      showErrors(fields, general, null);
      general.hidden = true;
      await loadHistory();
      await reload();
    } catch (error) {
      showErrors(fields, general, error);
    }
  });
  void loadHistory();
  return form;
}

function activation(member: MemberAdmin, reload: () => Promise<void>): HTMLElement {
  const slot = h("div", { class: "stack", "data-testid": "deactivation" });
  const general = generalError("activation-error");
  if (!member.is_active) {
    return h(
      "div",
      { class: "stack" },
      h("p", { class: "muted" }, t("cluster.members.inactiveHelp")),
      general,
      h(
        "div",
        { class: "actions" },
        busyButton(
          t("cluster.members.reactivate"),
          { class: "btn btn--primary", "data-testid": "reactivate" },
          async () => {
            try {
              await apiPost(`/members/${member.id}/reactivate/`);
              await reload();
            } catch (error) {
              showErrors({}, general, error);
            }
          },
        ),
      ),
    );
  }
  const start = busyButton(
    t("cluster.members.deactivate"),
    { class: "btn btn--danger-ghost", "data-testid": "deactivate" },
    async () => {
      try {
        const preview = await apiGet<DeactivationPreview>(`/members/${member.id}/deactivate/`);
        slot.replaceChildren(previewView(member, preview, reload, general));
      } catch (error) {
        showErrors({}, general, error);
      }
    },
  );
  return h("div", { class: "stack" }, h("div", { class: "actions" }, start), general, slot);
}

function previewView(
  member: MemberAdmin,
  preview: DeactivationPreview,
  reload: () => Promise<void>,
  general: HTMLElement,
): HTMLElement {
  const count = preview.bookings.length;
  return h(
    "div",
    { class: "alert alert--warn stack", "data-testid": "deactivation-preview" },
    h(
      "p",
      { class: "strong" },
      count ? tn("cluster.members.futureBookings", count) : t("cluster.members.noFutureBookings"),
    ),
    count
      ? stackTable(
          "future-bookings",
          [
            t("cluster.members.when"),
            t("cluster.members.asset"),
            t("cluster.members.bookedBy"),
            t("cluster.members.fee"),
          ],
          preview.bookings.map((b) => [
            formatMoment(b.start),
            `${b.asset} · ${b.title}`,
            b.booked_by,
            b.fee ? formatMoney(b.fee) : t("cluster.members.noFee"),
          ]),
          "future-booking",
        )
      : null,
    count ? h("p", { class: "small" }, preview.outcome) : null,
    h(
      "div",
      { class: "actions" },
      busyButton(
        count ? tn("cluster.members.confirmCancel", count) : t("cluster.members.confirm"),
        { class: "btn btn--danger", "data-testid": "confirm-deactivate" },
        async () => {
          try {
            await apiPost(`/members/${member.id}/deactivate/`, { cancel_future_bookings: count > 0 });
            await reload();
          } catch (error) {
            showErrors({}, general, error);
          }
        },
      ),
    ),
  );
}
