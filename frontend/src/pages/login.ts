import { MFA_REQUIRED } from "../allauth";
import { ApiError } from "../api";
import { authPage } from "../components/authPage";
import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import { confirmCode, login as apiLogin } from "../session";
import { ssoButtons, ssoErrorKey, takeSsoError } from "../sso";
import type { Me } from "../types";

type Field = "username" | "password";
/** A message is either a UI key (re-translated on language change) or server text. */
type Message = { key: MessageKey } | { text: string };

interface LoginState {
  username: string;
  password: string;
  error: Message | null;
  fieldErrors: Partial<Record<Field, Message>>;
  /** The password was right and the account asks for a code from its authenticator app. */
  needsCode: boolean;
}

// Survives re-renders (e.g. switching language) while the page is open.
let state: LoginState = emptyState();

function emptyState(): LoginState {
  return { username: "", password: "", error: null, fieldErrors: {}, needsCode: false };
}

export function resetLoginState(): void {
  state = emptyState();
}

const text = (message: Message) => ("key" in message ? t(message.key) : message.text);

export interface LoginPageOptions {
  login?: (username: string, password: string) => Promise<Me>;
  /** The second step for an account with two-factor: a TOTP or recovery code. */
  confirm?: (code: string) => Promise<Me>;
  onSuccess: (me: Me) => void;
  /** Why the person is asked to sign in (e.g. the session expired). */
  notice?: string | null;
}

export function renderLoginPage({
  login = apiLogin,
  confirm = confirmCode,
  onSuccess,
  notice = null,
}: LoginPageOptions): HTMLElement {
  document.title = t("login.docTitle");
  const ssoError = takeSsoError(); // a single sign-on that came back without signing anyone in
  if (ssoError !== null) state.error = { key: ssoErrorKey(ssoError) };

  const errorBox = h("div", { class: "alert alert--error", role: "alert", "data-testid": "login-error" });
  const inputs = {} as Record<Field, HTMLInputElement>;
  const fieldErrorEls = {} as Record<Field, HTMLElement>;

  const field = (name: Field, label: MessageKey, attrs: Record<string, string>) => {
    const id = `login-${name}`;
    const errorId = `${id}-error`;
    inputs[name] = h("input", {
      id,
      name,
      class: "input",
      value: state[name],
      required: true,
      "aria-describedby": errorId,
      "data-testid": `login-${name}`,
      onInput: () => {
        state[name] = inputs[name].value;
        if (state.fieldErrors[name]) {
          delete state.fieldErrors[name];
          sync();
        }
      },
      ...attrs,
    });
    fieldErrorEls[name] = h("p", { class: "field__error", id: errorId });
    return h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: id }, t(label)),
      inputs[name],
      fieldErrorEls[name],
    );
  };

  const submitLabel = h("span", null, t("login.submit"));
  const submit = h(
    "button",
    { type: "submit", class: "btn btn--primary btn--block", "data-testid": "login-submit" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    submitLabel,
  );

  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      "data-testid": "login-form",
      "aria-labelledby": "login-title",
      onSubmit: handleSubmit,
    },
    errorBox,
    field("username", "login.username", {
      type: "text",
      autocomplete: "username",
      autocapitalize: "none",
      spellcheck: "false",
    }),
    field("password", "login.password", { type: "password", autocomplete: "current-password" }),
    submit,
  );

  function sync(): void {
    errorBox.hidden = !state.error;
    errorBox.textContent = state.error ? text(state.error) : "";
    for (const name of ["username", "password"] as const) {
      const message = state.fieldErrors[name];
      fieldErrorEls[name].textContent = message ? text(message) : "";
      fieldErrorEls[name].hidden = !message;
      if (message) inputs[name].setAttribute("aria-invalid", "true");
      else inputs[name].removeAttribute("aria-invalid");
    }
  }

  function setLoading(loading: boolean): void {
    submit.disabled = loading;
    submit.classList.toggle("is-loading", loading);
    submit.setAttribute("aria-busy", String(loading));
    submitLabel.textContent = t(loading ? "login.submitting" : "login.submit");
  }

  async function handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (submit.disabled) return;
    state.username = inputs.username.value.trim();
    state.password = inputs.password.value;
    state.error = null;
    state.fieldErrors = {};
    if (!state.username) state.fieldErrors.username = { key: "login.usernameRequired" };
    if (!state.password) state.fieldErrors.password = { key: "login.passwordRequired" };
    sync();
    const invalid = (["username", "password"] as const).find((name) => state.fieldErrors[name]);
    if (invalid) {
      inputs[invalid].focus();
      return;
    }

    setLoading(true);
    try {
      const me = await login(state.username, state.password);
      resetLoginState();
      onSuccess(me);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : null;
      if (apiError?.code === MFA_REQUIRED) {
        state.needsCode = true;
        state.password = "";
        setLoading(false);
        showCodeStep();
        return;
      }
      for (const name of ["username", "password"] as const) {
        const messages = apiError?.field(name) ?? [];
        if (messages.length) state.fieldErrors[name] = { text: messages.join(" ") };
      }
      state.error = apiError ? { text: apiError.message } : { key: "error.network" };
      // Wrong credentials: keep the username, clear the password for a retry.
      if (apiError && apiError.status === 400 && !apiError.field("username").length) {
        state.password = "";
        inputs.password.value = "";
      }
      setLoading(false);
      sync();
      const target = state.fieldErrors.username ? inputs.username : inputs.password;
      target.focus();
    }
  }

  // The second step: a code from the authenticator app (or a recovery code).
  const codeError = h("div", { class: "alert alert--error", role: "alert", "data-testid": "login-code-error" });
  const codeInput = h("input", {
    id: "login-code",
    name: "code",
    class: "input",
    required: true,
    type: "text",
    inputmode: "text",
    autocomplete: "one-time-code",
    autocapitalize: "none",
    spellcheck: "false",
    "data-testid": "login-code",
  });
  const codeSubmit = h(
    "button",
    { type: "submit", class: "btn btn--primary btn--block", "data-testid": "login-code-submit" },
    t("login.codeSubmit"),
  );
  const codeForm = h(
    "form",
    { class: "form", novalidate: true, "data-testid": "login-code-form", onSubmit: handleCode },
    h("p", null, t("login.codeIntro")),
    codeError,
    h("div", { class: "field" }, h("label", { class: "field__label", for: "login-code" }, t("login.code")), codeInput),
    codeSubmit,
  );
  codeError.hidden = true;

  function showCodeStep(): void {
    form.hidden = state.needsCode;
    codeForm.hidden = !state.needsCode;
    if (state.needsCode) codeInput.focus();
  }

  async function handleCode(event: Event): Promise<void> {
    event.preventDefault();
    if (codeSubmit.disabled) return;
    const code = codeInput.value.replace(/\s+/g, "");
    codeError.hidden = true;
    if (!code) {
      codeError.textContent = t("login.codeRequired");
      codeError.hidden = false;
      codeInput.focus();
      return;
    }
    codeSubmit.disabled = true;
    try {
      const me = await confirm(code);
      resetLoginState();
      onSuccess(me);
    } catch (error) {
      codeError.textContent = error instanceof ApiError ? error.message : t("error.network");
      codeError.hidden = false;
      codeInput.value = "";
      codeSubmit.disabled = false;
      codeInput.focus();
    }
  }

  sync();
  showCodeStep();

  return authPage(
    {},
    h("h1", { class: "auth__title", id: "login-title" }, t("login.title")),
    h("p", { class: "auth__subtitle" }, t("login.subtitle")),
    notice ? h("div", { class: "alert alert--info", role: "status", "data-testid": "login-notice" }, notice) : null,
    form,
    codeForm,
    state.needsCode ? null : ssoButtons("/", (name) => t("login.ssoWith", { name }), t("login.or")),
    h(
      "p",
      { class: "auth__help" },
      h("a", { href: "#/forgot-password", "data-testid": "login-forgot" }, t("login.forgot")),
    ),
    h("p", { class: "auth__help" }, t("login.help")),
  );
}
