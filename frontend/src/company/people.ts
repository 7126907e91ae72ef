// The company's people: their role (a select per person) and removal, with what happens to their bookings first.

import { h } from "../dom";
import { formatMoment, formatRange } from "../format";
import { t } from "../i18n";
import { reservationPath } from "../router";
import { roleLabel } from "../roles";
import { busyButton, errorBox, errorText, fill } from "../ui";
import { companyTokensSection } from "../account/tokens";
import { invitationsSection } from "./invitations";
import type { Me } from "../types";
import { getPeople, previewRemoval, removePerson, setRole, type MemberRole, type Person, type Removal } from "./data";
import "../messages/company"; // this area's strings

const ROLES: MemberRole[] = ["booker", "member_admin"];

export function peopleSection(member: number, me: Me): HTMLElement {
  const notice = h("p", { class: "muted", role: "status", "data-testid": "people-status" });
  const panel = h("div", { "data-testid": "removal-panel" });
  const body = h("div");
  const reload = () =>
    fill(
      body,
      () => getPeople(member),
      (people) => peopleTable(people),
      (error) => errorBox(error, "people-error"),
    );

  function roleSelect(person: Person): HTMLElement {
    let current = person.role;
    const error = h("span", { class: "field__error", role: "alert", id: `role-error-${person.id}`, hidden: true });
    const select = h(
      "select",
      {
        class: "input input--compact",
        "aria-label": t("company.roleOf", { name: person.name }),
        "data-testid": `role-${person.username}`,
        onChange: async () => {
          const role = select.value as MemberRole;
          error.hidden = true;
          select.removeAttribute("aria-invalid");
          select.disabled = true;
          try {
            const saved = await setRole(person.id, role);
            current = saved.role;
            notice.textContent = t("company.roleSaved", { name: person.name, role: roleLabel(saved.role) });
          } catch (err) {
            select.value = current;
            error.textContent = errorText(err);
            error.hidden = false;
            select.setAttribute("aria-invalid", "true");
            select.setAttribute("aria-errormessage", error.id);
          } finally {
            select.disabled = false;
          }
        },
      },
      ROLES.map((role) => h("option", { value: role, selected: role === person.role }, roleLabel(role))),
    );
    return h("div", { class: "stack" }, select, error);
  }

  function removalPanel(person: Person, removal: Removal): HTMLElement {
    const error = h("div", { class: "field__error", role: "alert", hidden: true });
    const cancel = h(
      "button",
      { type: "button", class: "btn btn--ghost", onClick: () => panel.replaceChildren() },
      t("company.cancel"),
    );
    if (removal.blocked) {
      return h(
        "div",
        { class: "alert alert--warn stack", role: "alert", "data-testid": "removal-blocked" },
        h("p", null, t("company.lastAdmin")),
        h("div", { class: "actions" }, cancel),
      );
    }
    const confirm = busyButton(
      t("company.removeConfirm"),
      { class: "btn btn--danger", "data-testid": "removal-confirm" },
      async () => {
        error.hidden = true;
        try {
          await removePerson(person.id);
          panel.replaceChildren();
          notice.textContent = t("company.removed", { name: person.name });
          await reload();
        } catch (err) {
          error.textContent = errorText(err);
          error.hidden = false;
        }
      },
    );
    const title = h(
      "h3",
      { class: "card__title", id: "removal-title", tabindex: "-1" },
      t("company.removeTitle", {
        name: person.name,
      }),
    );
    return h(
      "section",
      { class: "card stack company-removal", "aria-labelledby": "removal-title", "data-testid": "removal-preview" },
      title,
      h("p", null, t("company.removeBody", { name: person.name })),
      removal.bookings.length
        ? [
            h("p", null, t("company.removeBookings", { heir: removal.heir.name })),
            h(
              "ul",
              { class: "plain-list", "data-testid": "removal-bookings" },
              removal.bookings.map((b) =>
                h(
                  "li",
                  null,
                  h("a", { href: `#${reservationPath(b.id)}` }, b.title),
                  ` · ${b.asset_name} · ${formatRange(b.start, b.end, b.timezone)}`,
                ),
              ),
            ),
          ]
        : h("p", { class: "muted" }, t("company.removeNoBookings", { name: person.name })),
      error,
      h("div", { class: "actions" }, confirm, cancel),
    );
  }

  function peopleTable(people: Person[]): HTMLElement {
    return h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "table table--stack", "data-testid": "people" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, t("company.person")),
            h("th", { scope: "col" }, t("company.role")),
            h("th", { scope: "col" }, t("company.lastLogin")),
            h("th", { scope: "col", class: "num" }, h("span", { class: "visually-hidden" }, t("company.actions"))),
          ),
        ),
        h(
          "tbody",
          null,
          people.map((person) =>
            h(
              "tr",
              { "data-testid": `person-${person.username}` },
              h(
                "td",
                { "data-label": t("company.person") },
                h(
                  "div",
                  null,
                  h("span", { class: "strong" }, person.name),
                  person.user === me.id ? h("span", { class: "muted" }, ` (${t("company.you")})`) : null,
                  h("div", { class: "muted small" }, person.email || person.username),
                ),
              ),
              h("td", { "data-label": t("company.role") }, roleSelect(person)),
              h(
                "td",
                { "data-label": t("company.lastLogin") },
                person.last_login ? formatMoment(person.last_login) : t("company.never"),
              ),
              h(
                "td",
                { class: "num", "data-label": "" },
                busyButton(
                  t("company.remove"),
                  {
                    class: "btn btn--danger-ghost btn--small",
                    "aria-label": t("company.removeOf", { name: person.name }),
                    "data-testid": `remove-${person.username}`,
                  },
                  async () => {
                    try {
                      panel.replaceChildren(removalPanel(person, await previewRemoval(person.id)));
                      panel.querySelector<HTMLElement>("h3")?.focus();
                    } catch (err) {
                      panel.replaceChildren(errorBox(err));
                    }
                  },
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  void reload();
  return h(
    "div",
    { class: "stack" },
    h("div", { class: "card card--flush" }, body),
    notice,
    panel,
    invitationsSection({ member }),
    companyTokensSection(member),
  );
}
