import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import { setLanguage } from "../src/i18n";
import { renderLoginPage, resetLoginState } from "../src/pages/login";
import type { Me } from "../src/types";

const me: Me = {
  id: 1,
  username: "ana",
  first_name: "Ana",
  last_name: "García",
  email: "ana@example.org",
  language: "es",
  memberships: [],
  cluster_roles: [],
};

function mount(login: (u: string, p: string) => Promise<Me>, onSuccess = vi.fn()) {
  const page = renderLoginPage({ login, onSuccess });
  document.body.replaceChildren(page);
  const get = <T extends HTMLElement>(id: string) => page.querySelector<T>(`[data-testid="${id}"]`)!;
  return {
    onSuccess,
    form: get<HTMLFormElement>("login-form"),
    username: get<HTMLInputElement>("login-username"),
    password: get<HTMLInputElement>("login-password"),
    submit: get<HTMLButtonElement>("login-submit"),
    error: get<HTMLElement>("login-error"),
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  resetLoginState();
  setLanguage("en", { persist: false });
  document.body.replaceChildren();
});

describe("login page", () => {
  it("renders labelled fields with test ids and no error", () => {
    const ui = mount(vi.fn());
    expect(ui.form).toBeTruthy();
    expect(document.querySelector(`label[for="${ui.username.id}"]`)?.textContent).toBe("Username or e-mail");
    expect(document.querySelector(`label[for="${ui.password.id}"]`)?.textContent).toBe("Password");
    expect(ui.password.type).toBe("password");
    expect(ui.error.hidden).toBe(true);
    expect(document.querySelector('[data-testid="language-switch"]')).toBeTruthy();
  });

  it("validates empty fields without calling the API", async () => {
    const login = vi.fn();
    const ui = mount(login);
    ui.form.dispatchEvent(new Event("submit", { cancelable: true }));
    await flush();
    expect(login).not.toHaveBeenCalled();
    expect(ui.username.getAttribute("aria-invalid")).toBe("true");
    expect(document.body.textContent).toContain("Enter your username or e-mail address.");
  });

  it("shows a loading state, then the API error inline", async () => {
    let reject!: (e: unknown) => void;
    const login = vi.fn(() => new Promise<Me>((_, r) => (reject = r)));
    const ui = mount(login);
    ui.username.value = " ana ";
    ui.password.value = "wrong";
    ui.form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(login).toHaveBeenCalledWith("ana", "wrong");
    expect(ui.submit.disabled).toBe(true);
    expect(ui.submit.textContent).toBe("Signing in…");

    reject(new ApiError(400, "invalid_credentials", "Usuario o contraseña incorrectos."));
    await flush();
    expect(ui.submit.disabled).toBe(false);
    expect(ui.submit.textContent).toBe("Sign in");
    expect(ui.error.hidden).toBe(false);
    expect(ui.error.textContent).toBe("Usuario o contraseña incorrectos.");
    expect(ui.password.value).toBe("");
    expect(ui.username.value).toBe(" ana "); // kept as typed
  });

  it("calls onSuccess with the user", async () => {
    const ui = mount(vi.fn(async () => me));
    ui.username.value = "ana";
    ui.password.value = "secret";
    ui.form.dispatchEvent(new Event("submit", { cancelable: true }));
    await flush();
    expect(ui.onSuccess).toHaveBeenCalledWith(me);
  });

  it("asks for the second factor when the account has one, then signs in with the code", async () => {
    const login = vi.fn(async () => {
      throw new ApiError(401, "mfa_required", "");
    });
    const confirm = vi.fn(async () => me);
    const onSuccess = vi.fn();
    const page = renderLoginPage({ login, confirm, onSuccess });
    document.body.replaceChildren(page);
    const get = <T extends HTMLElement>(id: string) => page.querySelector<T>(`[data-testid="${id}"]`)!;
    get<HTMLInputElement>("login-username").value = "carla";
    get<HTMLInputElement>("login-password").value = "demo";
    get<HTMLFormElement>("login-form").dispatchEvent(new Event("submit", { cancelable: true }));
    await flush();
    expect(get("login-form").hidden).toBe(true);
    expect(get("login-code-form").hidden).toBe(false);
    get<HTMLInputElement>("login-code").value = "123 456";
    get<HTMLFormElement>("login-code-form").dispatchEvent(new Event("submit", { cancelable: true }));
    await flush();
    expect(confirm).toHaveBeenCalledWith("123456");
    expect(onSuccess).toHaveBeenCalledWith(me);
  });

  it("renders in Spanish", () => {
    setLanguage("es", { persist: false });
    const ui = mount(vi.fn());
    expect(ui.submit.textContent).toBe("Entrar");
    expect(document.querySelector(`label[for="${ui.password.id}"]`)?.textContent).toBe("Contraseña");
  });
});
