// Signing in without the password: "Forgot password" asks for a link by e-mail, "Set a new password" is where the
// link leads (#/reset-password/{key}). Both talk to django-allauth (../allauth.ts).

import { authRequest } from "../allauth";
import { ApiError } from "../api";
import { authPage } from "../components/authPage";
import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import "../messages/account"; // this area's strings

function authLayout(titleKey: MessageKey, ...content: (HTMLElement | null)[]): HTMLElement {
  const title = h("h1", { class: "auth__title", id: "auth-title" }, t(titleKey));
  return authPage({ "aria-labelledby": "auth-title" }, title, ...content);
}

function field(id: string, label: MessageKey, attrs: Record<string, string>, hint?: MessageKey) {
  const error = h("p", { class: "field__error", id: `${id}-error`, hidden: true });
  const hintEl = hint ? h("p", { class: "field__hint muted", id: `${id}-hint` }, t(hint)) : null;
  const input = h("input", {
    id,
    class: "input",
    required: true,
    "aria-describedby": hint ? `${id}-hint ${id}-error` : `${id}-error`,
    "data-testid": id,
    ...attrs,
  });
  const wrap = h(
    "div",
    { class: "field" },
    h("label", { class: "field__label", for: id }, t(label)),
    input,
    hintEl,
    error,
  );
  const setError = (message: string | null) => {
    error.textContent = message ?? "";
    error.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };
  return { wrap, input, setError };
}

function submitButton(label: MessageKey, testid: string): HTMLButtonElement {
  return h("button", { type: "submit", class: "btn btn--primary btn--block", "data-testid": testid }, t(label));
}

const backToLogin = () =>
  h("p", { class: "auth__help" }, h("a", { href: "#/login", "data-testid": "back-to-login" }, t("forgot.back")));

export function renderForgotPasswordPage(): HTMLElement {
  document.title = t("forgot.docTitle");
  const email = field("forgot-email", "forgot.email", { type: "email", autocomplete: "email", name: "email" });
  const alert = h("div", { class: "alert alert--error", role: "alert", hidden: true, "data-testid": "forgot-error" });
  const done = h("div", { class: "alert alert--ok", role: "status", hidden: true, "data-testid": "forgot-sent" });
  const submit = submitButton("forgot.submit", "forgot-submit");
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      "data-testid": "forgot-form",
      onSubmit: async (event: Event) => {
        event.preventDefault();
        const address = email.input.value.trim();
        email.setError(address ? null : t("forgot.emailRequired"));
        alert.hidden = true;
        if (!address) return email.input.focus();
        submit.disabled = true;
        try {
          await authRequest("POST", "/auth/password/request", { email: address });
          form.hidden = true;
          done.textContent = t("forgot.sent");
          done.hidden = false;
        } catch (error) {
          const apiError = error instanceof ApiError ? error : null;
          const onField = apiError?.field("email") ?? [];
          if (onField.length) email.setError(onField.join(" "));
          else {
            alert.textContent = apiError ? apiError.message : t("error.network");
            alert.hidden = false;
          }
        } finally {
          submit.disabled = false;
        }
      },
    },
    alert,
    email.wrap,
    submit,
  );
  return authLayout("forgot.title", h("p", { class: "auth__subtitle" }, t("forgot.intro")), done, form, backToLogin());
}

export function renderResetPasswordPage(key: string): HTMLElement {
  document.title = t("reset.docTitle");
  const invalid = h(
    "div",
    { class: "stack", hidden: true, "data-testid": "reset-invalid" },
    h("div", { class: "alert alert--error", role: "alert" }, t("reset.invalid")),
    h("a", { class: "btn btn--primary btn--block", href: "#/forgot-password" }, t("reset.askAgain")),
  );
  const done = h(
    "div",
    { class: "stack", hidden: true, "data-testid": "reset-done" },
    h("div", { class: "alert alert--ok", role: "status" }, t("reset.done")),
    h(
      "a",
      { class: "btn btn--primary btn--block", href: "#/login", "data-testid": "reset-sign-in" },
      t("login.submit"),
    ),
  );
  const password = field(
    "reset-password",
    "reset.password",
    { type: "password", autocomplete: "new-password", name: "password" },
    "reset.passwordHelp",
  );
  const submit = submitButton("reset.submit", "reset-submit");
  const showInvalid = () => {
    form.hidden = true;
    invalid.hidden = false;
  };
  const form = h(
    "form",
    {
      class: "form",
      novalidate: true,
      "data-testid": "reset-form",
      onSubmit: async (event: Event) => {
        event.preventDefault();
        const value = password.input.value;
        password.setError(value ? null : t("reset.passwordRequired"));
        if (!value) return password.input.focus();
        submit.disabled = true;
        try {
          await authRequest("POST", "/auth/password/reset", { key, password: value });
          finished();
        } catch (error) {
          if (error instanceof ApiError && error.status === 401)
            finished(); // changed; signing in comes next
          else if (error instanceof ApiError && error.field("key").length) showInvalid();
          else {
            password.setError(error instanceof ApiError ? error.message : t("error.network"));
            password.input.focus();
          }
        } finally {
          submit.disabled = false;
        }
      },
    },
    password.wrap,
    submit,
  );
  const finished = () => {
    form.hidden = true;
    done.hidden = false;
  };
  if (!key) showInvalid();
  else
    authRequest("GET", "/auth/password/reset", undefined, { "X-Password-Reset-Key": key }).catch((error) => {
      if (error instanceof ApiError && error.status === 400) showInvalid();
    });
  return authLayout("reset.title", invalid, done, form, backToLogin());
}
