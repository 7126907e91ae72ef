// Invitations: invite someone by e-mail with a role, and the invitations with their state, to resend (a new link)
// or revoke. On My company → People for one company (member roles); on the Cluster page for cluster admins (cluster
// roles, or a company's member admin).

import { ApiError } from "../api";
import { h } from "../dom";
import { formatMoment } from "../format";
import { getLanguage, LANGUAGES, t, type MessageKey } from "../i18n";
import { roleLabel } from "../roles";
import { busyButton, errorBox, errorText, fill } from "../ui";
import {
  getInvitations,
  resendInvitation,
  revokeInvitation,
  sendInvitation,
  type Invitation,
  type InvitationRole,
} from "../invitations/data";
import "../messages/invitations"; // this area's strings

const MEMBER_ROLES: InvitationRole[] = ["booker", "member_admin"];
const CLUSTER_ROLES: InvitationRole[] = ["member_admin", "asset_manager", "accountant"];

export interface InvitationsOptions {
  /** One company's invitations (My company); without it, every invitation and a company picker (Cluster page). */
  member?: number;
  companies?: () => Promise<{ id: number; name: string }[]>;
}

export function invitationsSection({ member, companies }: InvitationsOptions): HTMLElement {
  const status = h("p", { class: "muted", role: "status", "data-testid": "invitations-status" });
  const list = h("div");
  const reload = () =>
    fill(
      list,
      () => getInvitations(member),
      (page) =>
        page.results.length
          ? invitationTable(page.results)
          : h("p", { class: "muted", "data-testid": "invitations-none" }, t("invite.none")),
      (error) => errorBox(error, "invitations-error"),
    );

  function action(label: string, aria: string, testid: string, run: () => Promise<string>): HTMLElement {
    return busyButton(
      label,
      { class: "btn btn--ghost btn--small", "aria-label": aria, "data-testid": testid },
      async () => {
        try {
          status.textContent = await run();
          await reload();
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    );
  }

  function invitationTable(invitations: Invitation[]): HTMLElement {
    return h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "table table--stack", "data-testid": "invitations" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, t("invite.email")),
            h("th", { scope: "col" }, t("invite.role")),
            h("th", { scope: "col" }, t("invite.state")),
            h("th", { scope: "col" }, t("invite.sentAt")),
            h("th", { scope: "col", class: "num" }, h("span", { class: "visually-hidden" }, t("invite.actions"))),
          ),
        ),
        h(
          "tbody",
          null,
          invitations.map((invitation) => {
            const open = invitation.state === "pending" || invitation.state === "expired";
            return h(
              "tr",
              { "data-testid": `invitation-${invitation.email}` },
              h("td", { "data-label": t("invite.email") }, h("span", { class: "strong" }, invitation.email)),
              h(
                "td",
                { "data-label": t("invite.role") },
                roleLabel(invitation.role),
                member === undefined && invitation.member_name
                  ? h("div", { class: "muted small" }, invitation.member_name)
                  : null,
              ),
              h(
                "td",
                { "data-label": t("invite.state") },
                h(
                  "span",
                  { class: `chip${invitation.state === "pending" ? " chip--accent" : ""}` },
                  t(`invite.state.${invitation.state}` as MessageKey),
                ),
              ),
              h("td", { "data-label": t("invite.sentAt") }, formatMoment(invitation.sent_at)),
              h(
                "td",
                { class: "num", "data-label": "" },
                open
                  ? h(
                      "div",
                      { class: "actions" },
                      action(
                        t("invite.resend"),
                        t("invite.resendOf", { email: invitation.email }),
                        `invitation-resend-${invitation.id}`,
                        async () => {
                          await resendInvitation(invitation.id);
                          return t("invite.resent", { email: invitation.email });
                        },
                      ),
                      action(
                        t("invite.revoke"),
                        t("invite.revokeOf", { email: invitation.email }),
                        `invitation-revoke-${invitation.id}`,
                        async () => {
                          await revokeInvitation(invitation.id);
                          return t("invite.revoked", { email: invitation.email });
                        },
                      ),
                    )
                  : null,
              ),
            );
          }),
        ),
      ),
    );
  }

  const email = h("input", {
    id: "invite-email",
    class: "input",
    type: "email",
    maxlength: "254",
    autocomplete: "off",
    "data-testid": "invite-email",
  });
  const roles = member === undefined ? CLUSTER_ROLES : MEMBER_ROLES;
  const company = h("select", { id: "invite-company", class: "input", "data-testid": "invite-company" });
  const companyField =
    member === undefined
      ? h(
          "div",
          { class: "field" },
          h("label", { class: "field__label", for: company.id }, t("invite.company")),
          company,
        )
      : null;
  if (member === undefined && companies)
    void companies().then((list) => company.replaceChildren(...list.map((c) => h("option", { value: c.id }, c.name))));
  const role = h(
    "select",
    {
      id: "invite-role",
      class: "input",
      "data-testid": "invite-role",
      onChange: () => {
        if (companyField) companyField.hidden = !MEMBER_ROLES.includes(role.value as InvitationRole);
      },
    },
    roles.map((value) => h("option", { value }, roleLabel(value))),
  );
  const language = h(
    "select",
    { id: "invite-mail-language", class: "input", "data-testid": "invite-mail-language" },
    LANGUAGES.map((lang) =>
      h("option", { value: lang, selected: lang === getLanguage() }, t(`language.${lang}` as MessageKey)),
    ),
  );
  const emailError = h("p", { class: "field__error", id: "invite-email-error", role: "alert", hidden: true });
  const general = h("div", { class: "alert alert--error", role: "alert", hidden: true });
  const send = busyButton(t("invite.send"), { class: "btn btn--primary", "data-testid": "invite-send" }, async () => {
    general.hidden = true;
    emailError.hidden = true;
    email.removeAttribute("aria-invalid");
    try {
      const chosen = role.value as InvitationRole;
      const sent = await sendInvitation({
        email: email.value.trim(),
        role: chosen,
        member: MEMBER_ROLES.includes(chosen) ? (member ?? Number(company.value)) : undefined,
        language: language.value,
      });
      email.value = "";
      status.textContent = t("invite.sent", { email: sent.email });
      await reload();
    } catch (error) {
      const messages = error instanceof ApiError ? error.field("email") : [];
      if (messages.length) {
        emailError.textContent = messages.join(" ");
        emailError.hidden = false;
        email.setAttribute("aria-invalid", "true");
        email.setAttribute("aria-errormessage", emailError.id);
      } else {
        general.textContent = errorText(error);
        general.hidden = false;
      }
      email.focus();
    }
  });
  const form = h(
    "form",
    {
      class: "card stack",
      novalidate: true,
      "aria-labelledby": "invite-title",
      "data-testid": "invite-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        send.click();
      },
    },
    h("h3", { class: "card__title", id: "invite-title" }, t("invite.sendTitle")),
    general,
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: email.id }, t("invite.email")),
      email,
      emailError,
    ),
    companyField,
    h(
      "div",
      { class: "row2" },
      h("div", { class: "field" }, h("label", { class: "field__label", for: role.id }, t("invite.role")), role),
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: language.id }, t("invite.mailLanguage")),
        language,
      ),
    ),
    h("div", { class: "actions" }, send),
  );
  void reload();
  return h(
    "section",
    { class: "stack", "aria-labelledby": "invitations-title", "data-testid": "company-invitations" },
    form,
    h("h3", { class: "card__title", id: "invitations-title" }, t("invite.listTitle")),
    h("div", { class: "card card--flush" }, list),
    status,
  );
}
