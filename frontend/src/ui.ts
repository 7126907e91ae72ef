// Small building blocks shared by the pages: loading, errors, badges, shell.

import { ApiError } from "./api";
import { appHeader } from "./components/header";
import { append, h, type Child } from "./dom";
import { formatDay } from "./format";
import { t, type MessageKey } from "./i18n";
import { adminOf, canBook, isAccountant, isAssetManager, isClusterAdmin } from "./roles";
import type { Page } from "./router";
import type { Me } from "./types";

export function loading(message: string = t("app.loading")): HTMLElement {
  return h(
    "p",
    { class: "loading", role: "status" },
    h("span", { class: "spinner spinner--dark", "aria-hidden": "true" }),
    message,
  );
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : t("error.network");
}

/** An inline error next to what caused it. */
export function errorBox(error: unknown, testid = "error"): HTMLElement {
  return h("div", { class: "alert alert--error", role: "alert", "data-testid": testid }, errorText(error));
}

/** Show `messages` in a field's error line (hidden when there are none) and mark the field invalid, naming the
 * line in aria-errormessage. Returns whether there was an error. */
export function showFieldError(control: HTMLElement, node: HTMLElement, messages: string[]): boolean {
  node.textContent = messages.join(" ");
  node.hidden = !messages.length;
  if (messages.length) {
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-errormessage", node.id);
  } else {
    control.removeAttribute("aria-invalid");
    control.removeAttribute("aria-errormessage");
  }
  return messages.length > 0;
}

export function empty(title: string, body?: string): HTMLElement {
  return h(
    "div",
    { class: "empty", "data-testid": "empty" },
    h("p", { class: "empty__title" }, title),
    body ? h("p", { class: "muted" }, body) : null,
  );
}

export function statusBadge(status: string): HTMLElement {
  const key = `status.${status}` as MessageKey;
  const label = t(key) === key ? status : t(key);
  return h("span", { class: `status-badge status-badge--${status}`, "data-testid": "status" }, label);
}

export function pageTitle(title: string, subtitle?: string, ...actions: Child[]): HTMLElement {
  return h(
    "div",
    { class: "page-head" },
    h(
      "div",
      null,
      h("h1", { class: "page-head__title" }, title),
      subtitle ? h("p", { class: "page-head__subtitle muted" }, subtitle) : null,
    ),
    actions.length ? h("div", { class: "page-head__actions" }, actions) : null,
  );
}

interface NavItem {
  page: Page;
  label: MessageKey;
  show: (user: Me) => boolean;
}

const NAV: NavItem[] = [
  { page: "calendar", label: "nav.calendar", show: () => true },
  { page: "book", label: "nav.book", show: canBook },
  { page: "reservations", label: "nav.reservations", show: canBook },
  { page: "waitlist", label: "nav.waitlist", show: canBook },
  { page: "inbox", label: "nav.inbox", show: isAssetManager },
  { page: "consent", label: "nav.consent", show: (user) => adminOf(user).length > 0 },
  { page: "accounting", label: "nav.accounting", show: isAccountant },
  { page: "insights", label: "nav.insights", show: (user) => isAccountant(user) || adminOf(user).length > 0 },
  { page: "manage", label: "nav.manage", show: isAssetManager },
  { page: "company", label: "nav.company", show: (user) => adminOf(user).length > 0 },
  { page: "cluster", label: "nav.cluster", show: isClusterAdmin },
  { page: "changes", label: "nav.changes", show: (user) => isClusterAdmin(user) || isAccountant(user) },
  { page: "incidents", label: "nav.incidents", show: (user) => canBook(user) || isAssetManager(user) },
];

/** Pages without a tab of their own belong to another's: a booking to My reservations, a statement to Accounting. */
const NAV_PARENT: Partial<Record<Page, Page>> = { reservation: "reservations", statement: "accounting" };

export function visiblePages(user: Me): Page[] {
  return NAV.filter((item) => item.show(user)).map((item) => item.page);
}

export interface ShellOptions {
  user: Me;
  page: Page;
  onLogout: () => Promise<void>;
  notice?: HTMLElement | null;
}

/** Header, navigation tabs and the page's main area. */
export function shell({ user, page, onLogout, notice }: ShellOptions, ...content: Child[]): HTMLElement {
  const nav = h(
    "nav",
    { class: "tabs", "aria-label": t("nav.label") },
    h(
      "div",
      { class: "tabs__inner container" },
      NAV.filter((item) => item.show(user)).map((item) =>
        h(
          "a",
          {
            class: "tabs__link",
            href: `#/${item.page}`,
            "aria-current": item.page === (NAV_PARENT[page] ?? page) ? "page" : null,
            "data-testid": `nav-${item.page}`,
          },
          t(item.label),
        ),
      ),
    ),
  );
  return h(
    "div",
    { class: "app" },
    appHeader({ user, onLogout }),
    nav,
    h("main", { class: "container page", id: "main" }, notice ?? null, content),
  );
}

/** Render into `slot` what `load` resolves to; a loading line meanwhile and the error in words on failure. */
export async function fill<T>(
  slot: HTMLElement,
  load: () => Promise<T>,
  render: (value: T) => Child,
  onError?: (error: unknown) => Child,
): Promise<void> {
  slot.replaceChildren(loading());
  slot.setAttribute("aria-busy", "true");
  try {
    const value = await load();
    slot.replaceChildren();
    append(slot, [render(value)]);
  } catch (error) {
    slot.replaceChildren();
    append(slot, [onError?.(error) ?? errorBox(error)]);
  } finally {
    slot.removeAttribute("aria-busy");
  }
}

/** A button that shows a spinner and stays disabled while `action` runs. */
export function busyButton(
  label: string,
  attrs: Record<string, string>,
  action: () => Promise<void>,
): HTMLButtonElement {
  const text = h("span", null, label);
  const button: HTMLButtonElement = h(
    "button",
    {
      type: "button",
      ...attrs,
      onClick: async () => {
        if (button.disabled) return;
        button.disabled = true;
        button.classList.add("is-loading");
        try {
          await action();
        } finally {
          button.disabled = false;
          button.classList.remove("is-loading");
        }
      },
    },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    text,
  );
  return button;
}

/**
 * The chosen day written out in the user's language under a date field: the browser draws the field in its
 * own locale (12/03/2026 or 03/12/2026), the words below say which day it is.
 */
export function dateSaid(input: HTMLInputElement): HTMLElement {
  const said = h("p", { class: "field__hint muted", id: `${input.id}-said`, "data-testid": `${input.id}-said` });
  const update = () => (said.textContent = /^\d{4}-\d{2}-\d{2}$/.test(input.value) ? formatDay(input.value) : "");
  input.setAttribute("aria-describedby", said.id);
  input.addEventListener("change", update);
  input.addEventListener("input", update);
  update();
  return said;
}
