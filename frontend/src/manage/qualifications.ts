// Manage › Qualifications: what booking the asset requires (its own requirements; its group's are shown), defining
// qualifications, and granting or revoking them (for the qualifications the manager may grant).

import { ApiError, apiDelete, apiGet, apiPatch, apiPost } from "../api";
import type { Qualification } from "../book/qualifications";
import { h } from "../dom";
import { formatDate } from "../format";
import { t } from "../i18n";
import type { components } from "../openapi";
import { busyButton, errorBox, errorText, fill } from "../ui";
import { fieldId, section } from "./fields";
import type { ManagedAsset } from "./model";
import "../messages/qualifications"; // this area's strings

type Grant = components["schemas"]["QualificationGrant"];

const day = (iso: string) => formatDate(iso, "UTC");

function ok(text: string, testid: string): HTMLElement {
  return h("div", { class: "alert alert--ok", role: "status", "data-testid": testid }, text);
}

function fieldError(error: unknown): string {
  if (error instanceof ApiError && error.status === 400) {
    const body = error.body as Record<string, unknown> | undefined;
    const first = body && Object.values(body).find((value) => Array.isArray(value));
    if (Array.isArray(first) && typeof first[0] === "string") return first[0];
  }
  return errorText(error);
}

export function renderQualifications(asset: ManagedAsset): HTMLElement {
  const body = h("div", { class: "stack" });
  let current = asset;
  let flash: HTMLElement | null = null;
  const load = () => apiGet<Qualification[]>("/qualifications/");
  const reload = () =>
    void fill(body, load, (list) => {
      const shown = content(current, list, reload, (saved) => {
        current = saved;
        flash = ok(t("quals.savedRequired"), "quals-required-saved");
        reload();
      });
      if (flash) shown.unshift(flash);
      flash = null;
      return shown;
    });
  reload();
  return section("manage-qualifications", t("quals.title"), h("p", { class: "muted small" }, t("quals.intro")), body);
}

function content(
  asset: ManagedAsset,
  list: Qualification[],
  reload: () => void,
  saved: (asset: ManagedAsset) => void,
): HTMLElement[] {
  const own = new Set(asset.required_qualifications ?? []);
  const effective = new Set(asset.effective_qualifications ?? []);
  return [
    requirements(asset, list, own, effective, saved),
    ...list.filter((q) => effective.has(q.id) && q.can_grant).map((q) => holders(q)),
    defineForm(reload),
  ];
}

function requirements(
  asset: ManagedAsset,
  list: Qualification[],
  own: Set<number>,
  effective: Set<number>,
  saved: (asset: ManagedAsset) => void,
): HTMLElement {
  const status = h("div", { "aria-live": "polite" });
  if (!list.length) return h("p", { class: "muted", "data-testid": "quals-none" }, t("quals.none"));
  const boxes = list.map((q) => {
    const byGroup = effective.has(q.id) && !own.has(q.id);
    const input = h("input", {
      type: "checkbox",
      value: q.id,
      checked: own.has(q.id) || byGroup,
      disabled: byGroup,
      "data-testid": `quals-require-${q.id}`,
    });
    return {
      input,
      element: h(
        "label",
        { class: "check" },
        input,
        h("span", null, q.name, byGroup ? h("span", { class: "muted small" }, ` (${t("quals.fromGroup")})`) : null),
      ),
      byGroup,
    };
  });
  const save = busyButton(t("quals.saveRequired"), { class: "btn", "data-testid": "quals-save-required" }, async () => {
    const required = boxes.filter((b) => b.input.checked && !b.byGroup).map((b) => Number(b.input.value));
    try {
      saved(await apiPatch<ManagedAsset>(`/assets/${asset.id}/`, { required_qualifications: required }));
    } catch (error) {
      status.replaceChildren(errorBox(error, "quals-error"));
    }
  });
  return h(
    "fieldset",
    { class: "stack", "data-testid": "quals-required" },
    h("legend", { class: "field__label" }, t("quals.required", { asset: asset.name })),
    boxes.map((b) => b.element),
    h("div", { class: "actions" }, save),
    status,
  );
}

function holders(qualification: Qualification): HTMLElement {
  const list = h("ul", { class: "quals-holders", "data-testid": `quals-holders-${qualification.id}` });
  const status = h("div", { "aria-live": "polite" });
  const refresh = async () => {
    const grants = await apiGet<Grant[]>(`/qualifications/${qualification.id}/grants/`);
    list.replaceChildren(
      ...(grants.length
        ? grants.map((grant) =>
            h(
              "li",
              { class: "quals-holder", "data-testid": "quals-holder" },
              h("span", null, t("quals.holder", { name: grant.user_name, date: day(grant.expires_on ?? "") })),
              busyButton(
                t("quals.revoke"),
                {
                  class: "btn btn--ghost btn--small",
                  "aria-label": t("quals.revokeLabel", { name: qualification.name, person: grant.user_name }),
                  "data-testid": "quals-revoke",
                },
                async () => {
                  try {
                    await apiDelete(`/qualifications/${qualification.id}/grants/${grant.id}/`);
                    status.replaceChildren(ok(t("quals.revoked", { person: grant.user_name }), "quals-done"));
                    await refresh();
                  } catch (error) {
                    status.replaceChildren(errorBox(error, "quals-error"));
                  }
                },
              ),
            ),
          )
        : [h("li", { class: "muted" }, t("quals.noHolders"))]),
    );
  };
  void refresh().catch((error) => status.replaceChildren(errorBox(error, "quals-error")));

  const userId = fieldId(`grant-user-${qualification.id}`);
  const dateId = fieldId(`grant-date-${qualification.id}`);
  const username = h("input", {
    class: "input",
    id: userId,
    autocomplete: "off",
    "data-testid": "quals-grant-user",
  });
  const expires = h("input", {
    class: "input",
    id: dateId,
    type: "date",
    "aria-describedby": `${dateId}-hint`,
    "data-testid": "quals-grant-expires",
  });
  const grant = busyButton(t("quals.grant"), { class: "btn btn--primary", "data-testid": "quals-grant" }, async () => {
    if (!username.value.trim()) {
      status.replaceChildren(h("p", { class: "field__error", role: "alert" }, t("quals.needUser")));
      username.focus();
      return;
    }
    try {
      const made = await apiPost<Grant>(`/qualifications/${qualification.id}/grants/`, {
        username: username.value.trim(),
        expires_on: expires.value || null,
      });
      status.replaceChildren(
        ok(t("quals.granted", { person: made.user_name, date: day(made.expires_on ?? "") }), "quals-done"),
      );
      username.value = "";
      expires.value = "";
      await refresh();
    } catch (error) {
      status.replaceChildren(h("p", { class: "alert alert--error", role: "alert" }, fieldError(error)));
    }
  });
  return h(
    "div",
    { class: "stack quals-grants", "data-testid": `quals-grants-${qualification.id}` },
    h("h3", { class: "card__subtitle" }, t("quals.holders", { name: qualification.name })),
    list,
    h(
      "div",
      { class: "quals-grant-form" },
      h("div", { class: "field" }, h("label", { class: "field__label", for: userId }, t("quals.grantTo")), username),
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: dateId }, t("quals.expires")),
        expires,
        h(
          "p",
          { class: "field__hint muted", id: `${dateId}-hint` },
          t("quals.expiresHint", { months: qualification.validity_months ?? 12 }),
        ),
      ),
      h("div", { class: "actions" }, grant),
    ),
    status,
  );
}

function defineForm(reload: () => void): HTMLElement {
  const nameId = fieldId("qual-name");
  const monthsId = fieldId("qual-months");
  const descriptionId = fieldId("qual-description");
  const name = h("input", {
    class: "input",
    id: nameId,
    maxlength: "200",
    placeholder: t("quals.namePlaceholder"),
    "data-testid": "quals-new-name",
  });
  const months = h("input", {
    class: "input",
    id: monthsId,
    type: "number",
    inputmode: "numeric",
    min: 1,
    max: 600,
    value: 12,
    "data-testid": "quals-new-months",
  });
  const description = h("textarea", { class: "input", id: descriptionId, rows: "2", maxlength: "2000" });
  const status = h("div", { "aria-live": "polite" });
  const create = busyButton(t("quals.create"), { class: "btn", "data-testid": "quals-create" }, async () => {
    try {
      const made = await apiPost<Qualification>("/qualifications/", {
        name: name.value.trim(),
        description: description.value,
        validity_months: Number(months.value) || 12,
      });
      status.replaceChildren(ok(t("quals.created", { name: made.name }), "quals-done"));
      reload();
    } catch (error) {
      status.replaceChildren(h("p", { class: "alert alert--error", role: "alert" }, fieldError(error)));
    }
  });
  return h(
    "details",
    { class: "quals-define", "data-testid": "quals-define" },
    h("summary", null, t("quals.define")),
    h(
      "div",
      { class: "stack" },
      h("div", { class: "field" }, h("label", { class: "field__label", for: nameId }, t("quals.name")), name),
      h("div", { class: "field" }, h("label", { class: "field__label", for: monthsId }, t("quals.validity")), months),
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: descriptionId }, t("quals.description")),
        description,
      ),
      h("div", { class: "actions" }, create),
      status,
    ),
  );
}
