import "./styles.css";
import { ApiError, onUnauthenticated } from "./api";
import { forgetCatalog } from "./catalog";
import { brand } from "./components/brand";
import { h } from "./dom";
import { getLanguage, onLanguageChange, setLanguage, t } from "./i18n";
import { renderAccountingPage } from "./pages/accounting";
import { renderInsightsPage } from "./pages/insights";
import { renderBookPage } from "./pages/book";
import { disposeCalendar, renderCalendarPage } from "./pages/calendar";
import { renderConsentPage } from "./pages/consent";
import { renderInboxPage } from "./pages/inbox";
import { renderLoginPage } from "./pages/login";
import { renderReservationsPage } from "./pages/reservations";
import { HOME, queryFromHash, resolveRoute, type Page, type Path } from "./router";
import type { Me } from "./types";
import { shell } from "./ui";
import { currentUser, loadCurrentUser, logout, setCurrentUser } from "./session";

const root = document.getElementById("app")!;
/** A one-off message shown above the page (e.g. a failed logout). */
let notice: string | null = null;
/** Shared so that overlapping renders wait for the same /me/ request. */
let loadingUser: Promise<unknown> | null = null;

function navigate(to: Path, { replace = false } = {}): void {
  const hash = `#${to}`;
  if (location.hash === hash) void render();
  else if (replace) location.replace(hash);
  else location.hash = hash;
}

function show(view: HTMLElement): void {
  // Keep keyboard focus on the "same" control across re-renders (e.g. language switch).
  const focusedId = document.activeElement?.getAttribute("data-testid");
  root.replaceChildren(view);
  if (focusedId) root.querySelector<HTMLElement>(`[data-testid="${focusedId}"]`)?.focus();
}

function statusView(message: string, retry?: () => void): HTMLElement {
  return h(
    "div",
    { class: "status" },
    brand(),
    retry
      ? h(
          "div",
          { class: "card status__card", role: "alert" },
          h("h1", { class: "card__title" }, t("app.loadErrorTitle")),
          h("p", { class: "muted" }, message),
          h("button", { type: "button", class: "btn btn--primary", onClick: retry }, t("app.retry")),
        )
      : h("p", { class: "status__loading", role: "status" }, h("span", { class: "spinner spinner--dark", "aria-hidden": "true" }), message),
  );
}

async function handleLogout(): Promise<void> {
  try {
    await logout();
    forgetCatalog();
    notice = null;
    navigate("/login");
  } catch (error) {
    notice = error instanceof ApiError ? error.message : t("error.network");
    void render();
  }
}

async function render(): Promise<void> {
  if (currentUser() === undefined) {
    show(statusView(t("app.loading")));
    try {
      loadingUser ??= loadCurrentUser().finally(() => (loadingUser = null));
      await loadingUser;
    } catch (error) {
      const message = error instanceof ApiError ? error.message : t("error.network");
      show(statusView(message, () => void render()));
      return;
    }
  }

  const user = currentUser() ?? null;
  const decision = resolveRoute(location.hash, user !== null);
  if (decision.kind === "redirect") {
    navigate(decision.to, { replace: true });
    return;
  }

  disposeCalendar();
  if (decision.page === "login") {
    show(renderLoginPage({ onSuccess: () => navigate(HOME) }));
  } else if (user) {
    const banner = notice ? h("div", { class: "alert alert--error", role: "alert" }, notice) : null;
    show(shell({ user, page: decision.page, onLogout: handleLogout, notice: banner }, pageView(decision.page, user)));
  }
}

function pageView(page: Exclude<Page, "login">, user: Me): HTMLElement {
  const query = queryFromHash(location.hash);
  switch (page) {
    case "calendar":
      return renderCalendarPage({ user, query, navigate });
    case "book":
      return renderBookPage({ user, query, navigate });
    case "reservations":
      return renderReservationsPage({ user, query });
    case "inbox":
      return renderInboxPage();
    case "consent":
      return renderConsentPage();
    case "accounting":
      return renderAccountingPage({ query });
    case "insights":
      return renderInsightsPage({ query });
  }
}

// The session expired while using the app: go back to the login page.
onUnauthenticated(() => {
  if (currentUser()) {
    setCurrentUser(null);
    navigate("/login", { replace: true });
  }
});

setLanguage(getLanguage(), { persist: false }); // sets <html lang>
onLanguageChange(() => void render());
window.addEventListener("hashchange", () => void render());
void render();
