// The person's own account: language, password (keeping or revoking the API tokens), calendar feeds,
// two-factor authentication (django-allauth's TOTP with recovery codes) and the named API tokens.

import { renderTokens } from "../account/tokens";
import { authRequest, type AllauthBody } from "../allauth";
import { ApiError, apiGet, apiPatch, apiPost } from "../api";
import { feedsContent } from "../components/feedsPanel";
import { h } from "../dom";
import { LANGUAGES, setLanguage, t, type MessageKey } from "../i18n";
import type { PageContext } from "../pageContext";
import { setCurrentUser } from "../session";
import type { CalendarFeeds, Me } from "../types";
import { errorBox, errorText, loading, pageTitle } from "../ui";
import "../messages/account"; // this area's strings
import "../messages/tokens";

function card(titleKey: MessageKey, testid: string, ...content: (HTMLElement | null)[]): HTMLElement {
  const id = `${testid}-title`;
  return h(
    "section",
    { class: "card stack", "aria-labelledby": id, "data-testid": testid },
    h("h2", { class: "card__title", id }, t(titleKey)),
    ...content,
  );
}

function labelled(id: string, labelKey: MessageKey, input: HTMLElement): HTMLElement {
  return h("div", { class: "field" }, h("label", { class: "field__label", for: id }, t(labelKey)), input);
}

function languageSection(user: Me): HTMLElement {
  const status = h("p", { class: "muted small", role: "status", "data-testid": "account-language-status" });
  const select = h(
    "select",
    {
      id: "account-language",
      class: "input",
      "data-testid": "account-language",
      onChange: async () => {
        status.textContent = "";
        try {
          const me = await apiPatch<Me>("/me/", { language: select.value });
          setCurrentUser(me);
          setLanguage(me.language); // re-renders the page in the new language
        } catch (error) {
          status.textContent = errorText(error);
        }
      },
    },
    LANGUAGES.map((lang) =>
      h("option", { value: lang, lang, selected: lang === user.language }, t(`language.${lang}`)),
    ),
  );
  return card(
    "account.languageTitle",
    "account-language-card",
    h("p", { class: "muted small" }, t("account.languageHelp")),
    labelled("account-language", "account.languageTitle", select),
    status,
  );
}

function passwordSection(): HTMLElement {
  const input = (id: string, autocomplete: string) =>
    h("input", { id, type: "password", class: "input", autocomplete, required: true, "data-testid": id });
  const current = input("account-current-password", "current-password");
  const next = input("account-new-password", "new-password");
  const radio = (value: string, labelKey: MessageKey) =>
    h(
      "label",
      { class: "check" },
      h("input", {
        type: "radio",
        name: "tokens",
        value,
        checked: value === "keep",
        "data-testid": `account-tokens-${value}`,
      }),
      h("span", null, t(labelKey)),
    );
  const message = h("div", { role: "status", "data-testid": "account-password-status" });
  const submit = h(
    "button",
    { type: "submit", class: "btn btn--primary", "data-testid": "account-password-submit" },
    t("account.changePassword"),
  );
  const form: HTMLFormElement = h(
    "form",
    {
      class: "form",
      novalidate: true,
      onSubmit: async (event: Event) => {
        event.preventDefault();
        message.className = "";
        message.textContent = "";
        if (!current.value || !next.value) {
          message.className = "alert alert--error";
          message.textContent = t("account.fillBoth");
          return;
        }
        const revoke = form.querySelector<HTMLInputElement>('input[name="tokens"]:checked')?.value === "revoke";
        submit.disabled = true;
        try {
          await apiPost("/me/password/", {
            current_password: current.value,
            new_password: next.value,
            revoke_tokens: revoke,
          });
          form.reset();
          message.className = "alert alert--ok";
          message.textContent = t("account.passwordChanged");
        } catch (error) {
          message.className = "alert alert--error";
          message.textContent = errorText(error);
        } finally {
          submit.disabled = false;
        }
      },
    },
    labelled("account-current-password", "account.currentPassword", current),
    labelled("account-new-password", "account.newPassword", next),
    h(
      "fieldset",
      { class: "stack" },
      h("legend", { class: "field__label" }, t("account.tokensLegend")),
      radio("keep", "account.keepTokens"),
      radio("revoke", "account.revokeTokens"),
    ),
    submit,
  );
  return card("account.passwordTitle", "account-password-card", message, form);
}

function feedsSection(user: Me): HTMLElement {
  const body = h("div", { class: "stack" }, loading());
  apiGet<CalendarFeeds>("/me/calendar-token/")
    .then((feeds) => feedsContent(user, feeds, body))
    .catch((error) => body.replaceChildren(errorBox(error, "feeds-error")));
  return card("account.feedsTitle", "account-feeds-card", body);
}

interface Authenticator {
  type: string;
}

/** Two-factor: on or off, set up with a key shown as text, recovery codes, turned off. Steps that allauth wants
 * a fresh password for ask for it first, then go on. */
function mfaSection(mfaRequired: boolean): HTMLElement {
  const body = h("div", { class: "stack", "aria-live": "polite" }, loading());

  async function withReauth(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      await new Promise<void>((resolve, reject) => askPassword(resolve, reject));
      await action();
    }
  }

  function askPassword(resolve: () => void, reject: (error: unknown) => void): void {
    const password = h("input", {
      id: "mfa-reauth-password",
      type: "password",
      class: "input",
      autocomplete: "current-password",
      "data-testid": "mfa-reauth-password",
    });
    const problem = h("p", { class: "field__error", role: "alert" });
    const form = h(
      "form",
      {
        class: "form",
        onSubmit: async (event: Event) => {
          event.preventDefault();
          try {
            await authRequest("POST", "/auth/reauthenticate", { password: password.value });
            resolve();
          } catch (error) {
            if (error instanceof ApiError && error.status === 400) problem.textContent = error.message;
            else reject(error);
          }
        },
      },
      h("p", null, t("account.reauthIntro")),
      labelled("mfa-reauth-password", "login.password", password),
      problem,
      h(
        "button",
        { type: "submit", class: "btn btn--primary", "data-testid": "mfa-reauth-submit" },
        t("account.reauthSubmit"),
      ),
    );
    body.replaceChildren(form);
    password.focus();
  }

  function showCodes(codes: string[]): HTMLElement {
    return h(
      "div",
      { class: "stack" },
      h("p", null, t("account.mfaCodes")),
      h(
        "ul",
        { class: "mfa-codes", "data-testid": "mfa-recovery-codes" },
        codes.map((code) => h("li", null, h("code", null, code))),
      ),
    );
  }

  async function recoveryCodes(): Promise<string[]> {
    const answer = await authRequest("GET", "/account/authenticators/recovery-codes");
    return (answer.data?.unused_codes as string[] | undefined) ?? [];
  }

  async function refresh(extra: HTMLElement | null = null): Promise<void> {
    const answer = await authRequest("GET", "/account/authenticators");
    const kinds = ((answer.data as unknown as Authenticator[] | undefined) ?? []).map((a) => a.type);
    const on = kinds.includes("totp");
    const state = h("p", { "data-testid": "mfa-state" }, t(on ? "account.mfaOn" : "account.mfaOff"));
    const required =
      !on && mfaRequired
        ? h(
            "p",
            { class: "alert alert--warn", role: "status", "data-testid": "mfa-required" },
            t("account.mfaRequired"),
          )
        : null;
    const actions = on
      ? h(
          "div",
          { class: "actions" },
          h(
            "button",
            {
              type: "button",
              class: "btn btn--ghost",
              "data-testid": "mfa-new-codes",
              onClick: () => void run(newCodes),
            },
            t("account.mfaNewCodes"),
          ),
          h(
            "button",
            {
              type: "button",
              class: "btn btn--danger-ghost",
              "data-testid": "mfa-disable",
              onClick: () => void run(disable),
            },
            t("account.mfaDisable"),
          ),
        )
      : h(
          "button",
          { type: "button", class: "btn btn--primary", "data-testid": "mfa-start", onClick: () => void run(start) },
          t("account.mfaStart"),
        );
    body.replaceChildren(state, required ?? "", extra ?? "", actions);
  }

  async function run(step: () => Promise<void>): Promise<void> {
    try {
      await withReauth(step);
    } catch (error) {
      body.prepend(errorBox(error, "mfa-error"));
    }
  }

  async function start(): Promise<void> {
    // allauth wants a fresh password before a change to the factors; asked first, so a code typed later is not
    // spent on an attempt that would only be refused for want of it.
    await new Promise<void>((resolve, reject) => askPassword(resolve, reject));
    let secret = "";
    try {
      await authRequest("GET", "/account/authenticators/totp");
    } catch (error) {
      // 404: no authenticator yet; the answer carries a new key to set one up with.
      const meta = ((error as ApiError).body as AllauthBody | undefined)?.meta;
      if (!(error instanceof ApiError && error.status === 404 && meta?.secret)) throw error;
      secret = String(meta.secret);
    }
    const code = h("input", {
      id: "mfa-code",
      class: "input",
      inputmode: "numeric",
      autocomplete: "one-time-code",
      "data-testid": "mfa-code",
    });
    const problem = h("p", { class: "field__error", role: "alert", "data-testid": "mfa-code-error" });
    const form = h(
      "form",
      {
        class: "form",
        onSubmit: (event: Event) => {
          event.preventDefault();
          void run(async () => {
            try {
              await authRequest("POST", "/account/authenticators/totp", { code: code.value.replace(/\s+/g, "") });
            } catch (error) {
              if (error instanceof ApiError && error.status === 400) {
                problem.textContent = error.message;
                return;
              }
              throw error;
            }
            await refresh(showCodes(await recoveryCodes()));
            onEnrolled();
          });
        },
      },
      h("p", null, t("account.mfaSecretIntro")),
      h(
        "p",
        null,
        `${t("account.mfaSecret")}: `,
        h("code", { class: "mfa-secret", "data-testid": "mfa-secret" }, secret),
      ),
      labelled("mfa-code", "account.mfaCode", code),
      problem,
      h(
        "button",
        { type: "submit", class: "btn btn--primary", "data-testid": "mfa-activate" },
        t("account.mfaActivate"),
      ),
    );
    body.replaceChildren(form);
    code.focus();
  }

  async function newCodes(): Promise<void> {
    await authRequest("POST", "/account/authenticators/recovery-codes");
    await refresh(showCodes(await recoveryCodes()));
  }

  async function disable(): Promise<void> {
    if (!window.confirm(t("account.mfaDisableConfirm"))) return;
    await authRequest("DELETE", "/account/authenticators/totp");
    await refresh();
    onEnrolled();
  }

  /** /me/ says again whether the person must still enrol (the rest of the app is closed until they do). */
  function onEnrolled(): void {
    apiGet<Me>("/me/").then(
      (me) => {
        const wasHeld = mfaRequired && !me.mfa_required;
        setCurrentUser(me);
        if (wasHeld)
          body.append(
            h(
              "a",
              { class: "btn btn--primary", href: "#/calendar", "data-testid": "mfa-continue" },
              t("account.continue"),
            ),
          );
      },
      () => undefined,
    );
  }

  refresh().catch((error) => body.replaceChildren(errorBox(error, "mfa-error")));
  return card("account.mfaTitle", "account-mfa-card", body);
}

export function renderAccountPage({ user }: PageContext): HTMLElement {
  document.title = t("account.docTitle");
  return h(
    "div",
    { class: "stack account", "data-testid": "account-page" },
    pageTitle(t("account.title")),
    mfaSection(Boolean(user.mfa_required)),
    languageSection(user),
    // The rest of the API stays closed to a person who must set up two-factor first.
    user.mfa_required ? null : passwordSection(),
    user.mfa_required ? null : feedsSection(user),
    user.mfa_required ? null : card("tokens.title", "tokens-page", renderTokens(h("div", { class: "stack" }))),
  );
}
