// Assets and groups section of the Cluster page: create and rename groups, create assets, move an asset to
// another group, and name the managers of a group or an asset.

import { apiGet, apiPatch, apiPost, apiPut } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { t } from "../i18n";
import { busyButton, empty, fill } from "../ui";
import type { Asset } from "../types";
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
  type ClusterUser,
  type ManagerUser,
} from "./parts";
import "../messages/cluster"; // this area's strings

export function displayName(user: { username: string; first_name?: string; last_name?: string }): string {
  const full = [user.first_name, user.last_name].filter(Boolean).join(" ");
  return full ? `${full} (${user.username})` : user.username;
}

interface Data {
  groups: AssetGroup[];
  assets: Asset[];
  users: ClusterUser[];
}

export function assetsSection(): HTMLElement {
  const body = h("div", { class: "stack" });
  const editor = h("div", { class: "stack", "data-testid": "managers-editor" });
  const reload = (): Promise<void> =>
    fill(
      body,
      async (): Promise<Data> => {
        const [groups, assets, users] = await Promise.all([
          getAll<AssetGroup>("/asset-groups/"),
          getAll<Asset>("/assets/"),
          getAll<ClusterUser>("/users/?page_size=200"),
        ]);
        return { groups, assets, users };
      },
      (data) => [
        groupsBlock(data, reload, editor),
        groupForm(reload),
        assetsBlock(data, reload, editor),
        assetForm(data, reload),
      ],
    );
  void reload();
  return section("cluster-assets", t("cluster.assets.title"), body, editor);
}

function managersButton(label: string, path: string, users: ClusterUser[], editor: HTMLElement, testid: string) {
  return h(
    "button",
    {
      type: "button",
      class: "btn btn--small btn--ghost",
      "data-testid": testid,
      "aria-label": t("cluster.assets.managersOf", { name: label }),
      onClick: () => {
        editor.replaceChildren(managersEditor(label, path, users));
        editor.scrollIntoView({ block: "nearest" });
      },
    },
    t("cluster.assets.managers"),
  );
}

function managersEditor(label: string, path: string, users: ClusterUser[]): HTMLElement {
  const slot = h("div", { class: "stack" });
  const general = generalError("managers-error");
  const saved = h("p", { class: "alert alert--ok", role: "status", hidden: true, "data-testid": "managers-saved" });
  void fill(
    slot,
    () => apiGet<ManagerUser[]>(path),
    (current) => {
      const chosen = new Set(current.map((u) => u.id));
      const boxes = users
        .filter((u) => u.is_active)
        .map((u) =>
          h(
            "label",
            { class: "check" },
            h("input", {
              type: "checkbox",
              value: String(u.id),
              checked: chosen.has(u.id),
              "data-testid": `manager-${u.username}`,
            }),
            displayName(u),
          ),
        );
      const fieldset = h(
        "fieldset",
        { class: "fieldset stack" },
        h("legend", { class: "field__label" }, t("cluster.assets.managersOf", { name: label })),
        boxes,
      );
      return [
        fieldset,
        general,
        saved,
        h(
          "div",
          { class: "actions" },
          busyButton(
            t("cluster.assets.saveManagers"),
            { class: "btn btn--primary", "data-testid": "save-managers" },
            async () => {
              const ids = [...fieldset.querySelectorAll<HTMLInputElement>("input:checked")].map((box) =>
                Number(box.value),
              );
              try {
                const now = await apiPut<ManagerUser[]>(path, { managers: ids });
                general.hidden = true;
                saved.textContent = t("cluster.assets.managersSaved", {
                  names: now.map(displayName).join(", ") || t("cluster.assets.nobody"),
                });
                saved.hidden = false;
              } catch (error) {
                showErrors({}, general, error);
              }
            },
          ),
        ),
      ];
    },
  );
  return h("div", { class: "card stack" }, slot);
}

function groupsBlock(data: Data, reload: () => Promise<void>, editor: HTMLElement): HTMLElement {
  if (!data.groups.length) return empty(t("cluster.assets.noGroups"));
  return h(
    "div",
    { class: "stack" },
    h("h3", { class: "strong" }, t("cluster.assets.groups")),
    stackTable(
      "groups-table",
      [
        t("cluster.assets.group"),
        t("cluster.assets.description"),
        t("cluster.assets.assetCount"),
        t("cluster.actions"),
      ],
      data.groups.map((group) => {
        const name = input(`group-name-${group.id}`, {
          value: group.name,
          required: true,
          "aria-label": t("cluster.assets.renameGroup", { name: group.name }),
        });
        const error = h("p", { class: "field__error", hidden: true, id: `group-name-${group.id}-error` });
        name.setAttribute("aria-describedby", error.id);
        return [
          h(
            "div",
            { class: "inline-fields" },
            name,
            busyButton(
              t("cluster.save"),
              { class: "btn btn--small btn--ghost", "data-testid": `rename-group-${group.id}` },
              async () => {
                try {
                  await apiPatch(`/asset-groups/${group.id}/`, { name: name.value });
                  await reload();
                } catch (e) {
                  showInline(name, error, e, "name");
                }
              },
            ),
            error,
          ),
          group.description || "—",
          String(data.assets.filter((a) => a.group === group.id).length),
          managersButton(
            group.name,
            `/asset-groups/${group.id}/managers/`,
            data.users,
            editor,
            `group-managers-${group.id}`,
          ),
        ];
      }),
      "group-row",
    ),
  );
}

function groupForm(reload: () => Promise<void>): HTMLElement {
  const fields = {
    name: field(t("cluster.assets.groupName"), input("group-new-name", { required: true, maxlength: "200" })),
    description: field(t("cluster.assets.description"), input("group-new-description")),
  };
  const general = generalError("group-create-error");
  const form = h(
    "form",
    { class: "stack", novalidate: true, "aria-labelledby": "group-new-title" },
    h("h3", { class: "strong", id: "group-new-title" }, t("cluster.assets.newGroup")),
    h("div", { class: "row2" }, fields.name.wrap, fields.description.wrap),
    general,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: "btn btn--primary", "data-testid": "group-create" },
        t("cluster.assets.createGroup"),
      ),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await apiPost("/asset-groups/", {
        name: fields.name.control.value,
        description: fields.description.control.value,
      });
      await reload();
    } catch (error) {
      showErrors(fields, general, error);
    }
  });
  return form;
}

function groupOptions(groups: AssetGroup[]): [string, string][] {
  return [["", t("cluster.assets.noGroup")], ...groups.map((g): [string, string] => [String(g.id), g.name])];
}

function assetsBlock(data: Data, reload: () => Promise<void>, editor: HTMLElement): HTMLElement {
  if (!data.assets.length) return empty(t("cluster.assets.noAssets"));
  return h(
    "div",
    { class: "stack" },
    h("h3", { class: "strong" }, t("cluster.assets.assets")),
    stackTable(
      "assets-table",
      [t("cluster.assets.asset"), t("cluster.assets.kind"), t("cluster.assets.group"), t("cluster.actions")],
      data.assets.map((asset) => {
        const move = select(
          `asset-group-${asset.id}`,
          groupOptions(data.groups),
          asset.group ? String(asset.group) : "",
        );
        move.setAttribute("aria-label", t("cluster.assets.groupOf", { name: asset.name }));
        const error = h("p", {
          class: "field__error",
          hidden: true,
          id: `asset-group-${asset.id}-error`,
          "data-testid": `asset-group-${asset.id}-error`,
        });
        move.setAttribute("aria-describedby", error.id);
        return [
          h("span", { class: "strong" }, asset.name),
          asset.kind,
          h(
            "div",
            { class: "inline-fields" },
            move,
            busyButton(
              t("cluster.assets.move"),
              { class: "btn btn--small btn--ghost", "data-testid": `move-asset-${asset.id}` },
              async () => {
                try {
                  await apiPatch(`/assets/${asset.id}/`, { group: move.value ? Number(move.value) : null });
                  await reload();
                } catch (e) {
                  showInline(move, error, e, "group");
                }
              },
            ),
            error,
          ),
          managersButton(asset.name, `/assets/${asset.id}/managers/`, data.users, editor, `asset-managers-${asset.id}`),
        ];
      }),
      "asset-row",
    ),
  );
}

function assetForm(data: Data, reload: () => Promise<void>): HTMLElement {
  const fields = {
    name: field(t("cluster.assets.assetName"), input("asset-new-name", { required: true, maxlength: "200" })),
    kind: field(t("cluster.assets.kind"), input("asset-new-kind", { required: true, maxlength: "50" })),
    group: field(t("cluster.assets.group"), select("asset-new-group", groupOptions(data.groups))),
    location: field(t("cluster.assets.location"), input("asset-new-location", { maxlength: "200" })),
    min_duration: field(
      t("cluster.assets.minDuration"),
      input("asset-new-min", { type: "number", min: "1", value: "60" }),
    ),
    max_duration: field(
      t("cluster.assets.maxDuration"),
      input("asset-new-max", { type: "number", min: "1", value: "480" }),
    ),
  };
  const general = generalError("asset-create-error");
  const form = h(
    "form",
    { class: "stack", novalidate: true, "aria-labelledby": "asset-new-title" },
    h("h3", { class: "strong", id: "asset-new-title" }, t("cluster.assets.newAsset")),
    h("div", { class: "row2" }, fields.name.wrap, fields.kind.wrap),
    h("div", { class: "row2" }, fields.group.wrap, fields.location.wrap),
    h("div", { class: "row2" }, fields.min_duration.wrap, fields.max_duration.wrap),
    general,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "submit", class: "btn btn--primary", "data-testid": "asset-create" },
        t("cluster.assets.createAsset"),
      ),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (name: keyof typeof fields) => fields[name].control.value;
    try {
      await apiPost("/assets/", {
        name: value("name"),
        kind: value("kind"),
        group: value("group") ? Number(value("group")) : null,
        location: value("location"),
        min_duration: Number(value("min_duration")),
        max_duration: Number(value("max_duration")),
      });
      await reload();
    } catch (error) {
      showErrors(fields, general, error);
    }
  });
  return form;
}
