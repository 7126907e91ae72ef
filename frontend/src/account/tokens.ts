// API tokens: the person's own (list, create with the password again, revoke) and, for a member admin, its
// company's people's (list, revoke). `renderTokens` fills a container; the Account page hosts it.

import { ApiError, apiDelete, apiGet, apiPost } from "../api";
import { h } from "../dom";
import { formatMoment } from "../format";
import { t } from "../i18n";
import type { components } from "../openapi";
import { busyButton, empty, errorBox, errorText, fill, showFieldError } from "../ui";
import "../messages/tokens"; // this area's strings

type Schemas = components["schemas"];
export type ApiToken = Schemas["ApiToken"];
export type CreatedToken = Schemas["ApiTokenCreated"];
export type CompanyToken = Schemas["CompanyToken"];

export const getMyTokens = () => apiGet<ApiToken[]>("/me/tokens/");
export const createToken = (name: string, password: string, code: string) =>
  apiPost<CreatedToken>("/me/tokens/", { name, password, code });

/** The answers that mean "this account has an authenticator app: send a code from it". */
const CODE_ERRORS = new Set(["mfa_required", "invalid_code"]);
export const revokeToken = (id: number) => apiDelete(`/tokens/${id}/`);
export const getCompanyTokens = (member: number) => apiGet<CompanyToken[]>(`/members/${member}/tokens/`);

/** A table of tokens with a Revoke button each; the confirmation opens in `panel`. */
function tokenTable<T extends ApiToken>(
  tokens: T[],
  {
    panel,
    notice,
    reload,
    person,
  }: {
    panel: HTMLElement;
    notice: HTMLElement;
    reload: () => Promise<void>;
    person?: (token: T) => string;
  },
): HTMLElement {
  function confirmPanel(token: ApiToken): HTMLElement {
    const error = h("div", { class: "field__error", role: "alert", hidden: true });
    const confirm = busyButton(
      t("tokens.revokeConfirm"),
      { class: "btn btn--danger", "data-testid": "token-revoke-confirm" },
      async () => {
        error.hidden = true;
        try {
          await revokeToken(token.id);
          panel.replaceChildren();
          notice.textContent = t("tokens.revoked", { name: token.name });
          await reload();
        } catch (err) {
          error.textContent = errorText(err);
          error.hidden = false;
        }
      },
    );
    return h(
      "section",
      { class: "card stack", "aria-labelledby": "token-revoke-title", "data-testid": "token-revoke-panel" },
      h(
        "h3",
        { class: "card__title", id: "token-revoke-title", tabindex: "-1" },
        t("tokens.revokeTitle", { name: token.name }),
      ),
      h("p", null, t("tokens.revokeBody")),
      error,
      h(
        "div",
        { class: "actions" },
        confirm,
        h(
          "button",
          { type: "button", class: "btn btn--ghost", onClick: () => panel.replaceChildren() },
          t("tokens.cancel"),
        ),
      ),
    );
  }

  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "table table--stack", "data-testid": "tokens" },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          person ? h("th", { scope: "col" }, t("tokens.person")) : null,
          h("th", { scope: "col" }, t("tokens.name")),
          h("th", { scope: "col" }, t("tokens.key")),
          h("th", { scope: "col" }, t("tokens.created")),
          h("th", { scope: "col" }, t("tokens.lastUsed")),
          h("th", { scope: "col", class: "num" }, h("span", { class: "visually-hidden" }, t("tokens.actions"))),
        ),
      ),
      h(
        "tbody",
        null,
        tokens.map((token) =>
          h(
            "tr",
            { "data-testid": `token-${token.id}` },
            person ? h("td", { "data-label": t("tokens.person") }, person(token)) : null,
            h("td", { "data-label": t("tokens.name") }, h("span", { class: "strong" }, token.name)),
            h("td", { "data-label": t("tokens.key") }, h("code", null, `${token.prefix}…`)),
            h("td", { "data-label": t("tokens.created") }, formatMoment(token.created_at)),
            h(
              "td",
              { "data-label": t("tokens.lastUsed") },
              token.last_used_at ? formatMoment(token.last_used_at) : t("tokens.never"),
            ),
            h(
              "td",
              { class: "num", "data-label": "" },
              h(
                "button",
                {
                  type: "button",
                  class: "btn btn--danger-ghost btn--small",
                  "aria-label": t("tokens.revokeOf", { name: token.name }),
                  "data-testid": `token-revoke-${token.id}`,
                  onClick: () => {
                    panel.replaceChildren(confirmPanel(token));
                    panel.querySelector<HTMLElement>("h3")?.focus();
                  },
                },
                t("tokens.revoke"),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The form that makes a named token; the key it answers is shown once in `shown`. */
function createForm(shown: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const name = h("input", {
    id: "token-name",
    class: "input",
    maxlength: "100",
    placeholder: t("tokens.namePlaceholder"),
    "data-testid": "token-name",
  });
  const password = h("input", {
    id: "token-password",
    class: "input",
    type: "password",
    maxlength: "128",
    autocomplete: "current-password",
    "aria-describedby": "token-password-help",
    "data-testid": "token-password",
  });
  // Asked only once the server says the account has an authenticator app (400 `mfa_required`).
  const code = h("input", {
    id: "token-code",
    class: "input",
    inputmode: "numeric",
    maxlength: "64",
    autocomplete: "one-time-code",
    "aria-describedby": "token-code-help",
    "data-testid": "token-code",
  });
  const codeError = h("p", { class: "field__error", id: "token-code-error", role: "alert", hidden: true });
  const codeField = h(
    "div",
    { class: "field", hidden: true, "data-testid": "token-code-field" },
    h("label", { class: "field__label", for: code.id }, t("tokens.code")),
    code,
    h("p", { class: "field__hint muted", id: "token-code-help" }, t("tokens.codeHelp")),
    codeError,
  );
  const nameError = h("p", { class: "field__error", id: "token-name-error", role: "alert", hidden: true });
  const passwordError = h("p", { class: "field__error", id: "token-password-error", role: "alert", hidden: true });
  const general = h("div", { class: "alert alert--error", role: "alert", hidden: true });
  const mark = (input: HTMLInputElement, node: HTMLElement, messages: string[]) =>
    void showFieldError(input, node, messages);
  const create = busyButton(
    t("tokens.create"),
    { class: "btn btn--primary", "data-testid": "token-create" },
    async () => {
      general.hidden = true;
      shown.replaceChildren();
      try {
        const made = await createToken(name.value.trim(), password.value, code.value.replace(/\s+/g, ""));
        mark(name, nameError, []);
        mark(password, passwordError, []);
        mark(code, codeError, []);
        name.value = "";
        password.value = "";
        code.value = "";
        shown.replaceChildren(keyShownOnce(made));
        shown.querySelector<HTMLElement>("h3")?.focus();
        await reload();
      } catch (error) {
        const fields = error instanceof ApiError ? error.fieldErrors : {};
        const wrongPassword = error instanceof ApiError && error.code === "wrong_password" ? [error.message] : [];
        const passwordMessages = fields.password ?? wrongPassword;
        const codeAsked = error instanceof ApiError && CODE_ERRORS.has(error.code);
        const codeMessages = fields.code ?? (codeAsked ? [error.message] : []);
        if (codeAsked) codeField.hidden = false;
        mark(name, nameError, fields.name ?? []);
        mark(password, passwordError, passwordMessages);
        mark(code, codeError, codeMessages);
        if (!fields.name && !passwordMessages.length && !codeMessages.length) {
          general.textContent = errorText(error);
          general.hidden = false;
        }
        (fields.name ? name : passwordMessages.length || !codeMessages.length ? password : code).focus();
      }
    },
  );
  return h(
    "form",
    {
      class: "card stack",
      novalidate: true,
      "aria-labelledby": "token-create-title",
      "data-testid": "token-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        create.click();
      },
    },
    h("h3", { class: "card__title", id: "token-create-title" }, t("tokens.createTitle")),
    general,
    h(
      "div",
      { class: "row2" },
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: name.id }, t("tokens.name")),
        name,
        nameError,
      ),
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: password.id }, t("tokens.password")),
        password,
        h("p", { class: "field__hint muted", id: "token-password-help" }, t("tokens.passwordHelp")),
        passwordError,
      ),
    ),
    codeField,
    h("div", { class: "actions" }, create),
  );
}

function keyShownOnce(made: CreatedToken): HTMLElement {
  const key = h("input", {
    id: "token-key",
    class: "input",
    readonly: true,
    value: made.key,
    "aria-label": t("tokens.key"),
    "data-testid": "token-key",
    onFocus: () => key.select(),
  });
  const copied = h("span", { class: "muted", role: "status" });
  const copy = h(
    "button",
    {
      type: "button",
      class: "btn btn--ghost",
      onClick: async () => {
        key.select();
        try {
          await navigator.clipboard.writeText(made.key);
          copied.textContent = t("tokens.copied");
        } catch {
          copied.textContent = "";
        }
      },
    },
    t("tokens.copy"),
  );
  return h(
    "section",
    { class: "alert alert--ok stack", "aria-labelledby": "token-made-title", "data-testid": "token-made" },
    h(
      "h3",
      { class: "card__title", id: "token-made-title", tabindex: "-1" },
      t("tokens.createdTitle", { name: made.name }),
    ),
    h("p", null, t("tokens.createdBody")),
    h("div", { class: "actions" }, key, copy, copied),
  );
}

/** The person's own tokens, a form to make one, and revoking, rendered into `container`. */
export function renderTokens(container: HTMLElement): HTMLElement {
  const notice = h("p", { class: "muted", role: "status", "data-testid": "tokens-status" });
  const panel = h("div");
  const shown = h("div");
  const list = h("div");
  const reload = () =>
    fill(
      list,
      getMyTokens,
      (tokens) =>
        tokens.length ? tokenTable(tokens, { panel, notice, reload }) : empty(t("tokens.none"), t("tokens.noneBody")),
      (error) => errorBox(error, "tokens-error"),
    );
  void reload();
  container.replaceChildren(
    h("p", { class: "muted" }, t("tokens.intro")),
    h("div", { class: "card card--flush" }, list),
    notice,
    panel,
    shown,
    createForm(shown, reload),
  );
  return container;
}

/** A member admin's view of its company's people's tokens: who has which, and revoking any of them. */
export function companyTokensSection(member: number): HTMLElement {
  const notice = h("p", { class: "muted", role: "status", "data-testid": "company-tokens-status" });
  const panel = h("div");
  const list = h("div");
  const reload = () =>
    fill(
      list,
      () => getCompanyTokens(member),
      (tokens) =>
        tokens.length
          ? tokenTable(tokens, { panel, notice, reload, person: (token) => token.person })
          : h("p", { class: "muted", "data-testid": "company-tokens-none" }, t("tokens.companyNone")),
      (error) => errorBox(error, "company-tokens-error"),
    );
  void reload();
  return h(
    "section",
    { class: "stack", "aria-labelledby": "company-tokens-title", "data-testid": "company-tokens" },
    h("h3", { class: "card__title", id: "company-tokens-title" }, t("tokens.companyTitle")),
    h("p", { class: "muted small" }, t("tokens.companyIntro")),
    h("div", { class: "card card--flush" }, list),
    notice,
    panel,
  );
}
