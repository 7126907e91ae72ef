// The page an invitation e-mail links to (#/invitations/<token>): what it invites to, then either a new account
// (name, language, password) or, for an e-mail that already has one, that account's password. Public; on success
// the person is signed in. A link that no longer works says why.

import { ApiError } from "../api";
import { authPage } from "../components/authPage";
import { h } from "../dom";
import { formatMoment } from "../format";
import { getLanguage, LANGUAGES, t, type MessageKey } from "../i18n";
import { roleLabel } from "../roles";
import type { Me } from "../types";
import { busyButton, errorText, loading, showFieldError } from "../ui";
import { ssoButtons } from "../sso";
import { acceptLink, openLink, type InvitationLink } from "../invitations/data";
import "../messages/invitations"; // this area's strings

export interface InvitationPageOptions {
  token: string;
  signedIn: Me | null;
  onAccepted: (me: Me) => void;
}

function layout(...content: (HTMLElement | null)[]): HTMLElement {
  return authPage({ class: "stack" }, ...content);
}

function gone(error: unknown): HTMLElement {
  const code = error instanceof ApiError ? error.code : "network_error";
  return h(
    "div",
    { class: "stack", "data-testid": "invitation-gone", "data-code": code },
    h("h1", { class: "auth__title", id: "invitation-title" }, t("invite.gone")),
    h("div", { class: "alert alert--error", role: "alert" }, errorText(error)),
    h("p", null, h("a", { href: "#/login" }, t("invite.toLogin"))),
  );
}

function field(id: string, label: string, input: HTMLInputElement | HTMLSelectElement, help?: string) {
  const error = h("p", { class: "field__error", id: `${id}-error`, role: "alert", hidden: true });
  if (help) input.setAttribute("aria-describedby", `${id}-help`);
  const node = h(
    "div",
    { class: "field" },
    h("label", { class: "field__label", for: id }, label),
    input,
    help ? h("p", { class: "field__hint muted", id: `${id}-help` }, help) : null,
    error,
  );
  const show = (messages: string[]) => void showFieldError(input, error, messages);
  return { node, show };
}

function acceptForm(link: InvitationLink, { token, signedIn, onAccepted }: InvitationPageOptions): HTMLElement {
  const sameAccount = signedIn !== null && signedIn.email.toLowerCase() === link.email.toLowerCase();
  const isNew = !link.existing_account;
  const general = h("div", { class: "alert alert--error", role: "alert", hidden: true });
  const first = h("input", {
    id: "invite-first",
    class: "input",
    maxlength: "150",
    autocomplete: "given-name",
    "data-testid": "invite-first-name",
  });
  const last = h("input", {
    id: "invite-last",
    class: "input",
    maxlength: "150",
    autocomplete: "family-name",
    "data-testid": "invite-last-name",
  });
  const language = h(
    "select",
    { id: "invite-language", class: "input", "data-testid": "invite-language" },
    LANGUAGES.map((lang) =>
      h("option", { value: lang, selected: lang === getLanguage() }, t(`language.${lang}` as MessageKey)),
    ),
  );
  const password = h("input", {
    id: "invite-password",
    class: "input",
    type: "password",
    maxlength: "128",
    autocomplete: isNew ? "new-password" : "current-password",
    "data-testid": "invite-password",
  });
  const fields = {
    first_name: field(first.id, t("invite.firstName"), first),
    last_name: field(last.id, t("invite.lastName"), last),
    language: field(language.id, t("invite.language"), language),
    password: field(password.id, t("invite.password"), password, isNew ? t("invite.passwordHelp") : undefined),
  };
  const submit = busyButton(
    t("invite.accept"),
    { class: "btn btn--primary btn--block", "data-testid": "invite-accept" },
    async () => {
      general.hidden = true;
      for (const each of Object.values(fields)) each.show([]);
      try {
        const me = await acceptLink({
          token,
          password: password.value,
          ...(isNew ? { first_name: first.value.trim(), last_name: last.value.trim(), language: language.value } : {}),
        });
        onAccepted(me);
      } catch (error) {
        const apiError = error instanceof ApiError ? error : null;
        const target =
          apiError?.body && typeof apiError.body === "object" ? (apiError.body as { field?: string }).field : undefined;
        let placed = false;
        for (const [name, each] of Object.entries(fields)) {
          const messages = apiError?.field(name) ?? [];
          const domain = target === name && apiError ? [apiError.message] : [];
          if (messages.length || domain.length) {
            each.show(messages.length ? messages : domain);
            placed = true;
          }
        }
        if (!placed || (apiError && apiError.status === 410)) {
          general.textContent = errorText(error);
          general.hidden = false;
        }
        (target === "first_name" ? first : password).focus();
      }
    },
  );
  return h(
    "form",
    {
      class: "form stack",
      novalidate: true,
      "aria-labelledby": "invitation-title",
      "data-testid": "invitation-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        submit.click();
      },
    },
    h(
      "p",
      { "data-testid": "invitation-mode" },
      isNew
        ? t("invite.newAccount")
        : sameAccount
          ? t("invite.signedInAs", { email: link.email })
          : t("invite.existingAccount", { email: link.email }),
    ),
    general,
    isNew ? [fields.first_name.node, fields.last_name.node, fields.language.node] : null,
    sameAccount && !isNew ? null : fields.password.node,
    submit,
  );
}

function invitation(link: InvitationLink, options: InvitationPageOptions): HTMLElement {
  const role = roleLabel(link.role);
  return h(
    "div",
    { class: "stack", "data-testid": "invitation" },
    h(
      "h1",
      { class: "auth__title", id: "invitation-title" },
      link.member_name ? t("invite.joinMember", { member: link.member_name }) : t("invite.joinCluster"),
    ),
    h(
      "p",
      { class: "auth__subtitle" },
      link.invited_by_name
        ? t("invite.invitedBy", { name: link.invited_by_name, email: link.email, role })
        : t("invite.invitedAs", { email: link.email, role }),
    ),
    h("p", { class: "muted small" }, t("invite.expires", { when: formatMoment(link.expires_at) })),
    acceptForm(link, options),
    // The provider vouches for the invited address: the invitation is accepted as the person signs in.
    options.signedIn ? null : ssoButtons("/", (name) => t("invite.ssoWith", { name }), t("invite.ssoOr")),
  );
}

export function renderInvitationPage(options: InvitationPageOptions): HTMLElement {
  document.title = t("invite.docTitle");
  const slot = h("div", { class: "stack" }, loading(t("invite.checking")));
  openLink(options.token).then(
    (link) => slot.replaceChildren(invitation(link, options)),
    (error) => slot.replaceChildren(gone(error)),
  );
  return layout(slot);
}
