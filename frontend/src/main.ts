import "./styles.css";
import { ApiError, onUnauthenticated } from "./api";
import { forgetCatalog } from "./catalog";
import { brand } from "./components/brand";
import { h } from "./dom";
import { getLanguage, onLanguageChange, setLanguage, t } from "./i18n";
import { rememberWhereWeWere, resumePath } from "./drafts";
import { leavePage } from "./lifecycle";
import { renderLoginPage } from "./pages/login";
import { HOME, queryFromHash, resolveRoute, type Page, type Path } from "./router";
import type { PageContext } from "./pageContext";
import { loading, shell } from "./ui";
import { currentUser, loadCurrentUser, logout, setCurrentUser } from "./session";
import { userRoles } from "./roles";

type PageRenderer = (context: PageContext) => HTMLElement;

// Each page is its own chunk, fetched when first shown: the calendar never downloads Chart.js.
type ShellPage = Exclude<Page, "login" | "forgot-password" | "reset-password" | "invitation">;
const PAGE_MODULES: Record<ShellPage, () => Promise<PageRenderer>> = {
  account: () => import("./pages/account").then((m) => m.renderAccountPage),
  calendar: () => import("./pages/calendar").then((m) => m.renderCalendarPage),
  book: () => import("./pages/book").then((m) => m.renderBookPage),
  reservations: () => import("./pages/reservations").then((m) => m.renderReservationsPage),
  reservation: () => import("./pages/reservation").then((m) => m.renderReservationPage),
  inbox: () => import("./pages/inbox").then((m) => m.renderInboxPage),
  consent: () => import("./pages/consent").then((m) => m.renderConsentPage),
  accounting: () => import("./pages/accounting").then((m) => m.renderAccountingPage),
  insights: () => import("./pages/insights").then((m) => m.renderInsightsPage),
  manage: () => import("./pages/manage").then((m) => m.renderManagePage),
  company: () => import("./pages/company").then((m) => m.renderCompanyPage),
  cluster: () => import("./pages/cluster").then((m) => m.renderClusterPage),
  changes: () => import("./pages/changes").then((m) => m.renderChangesPage),
  statement: () => import("./pages/statement").then((m) => m.renderStatementPage),
  kiosk: () => import("./pages/kiosk").then((m) => m.renderKioskPage),
  incidents: () => import("./pages/incidents").then((m) => m.renderIncidentsPage),
  waitlist: () => import("./pages/waitlist").then((m) => m.renderWaitlistPage),
};

const root = document.getElementById("app")!;
/** A one-off message shown above the page (e.g. a failed logout). */
let notice: string | null = null;
/** Shared so that overlapping renders wait for the same /me/ request. */
let loadingUser: Promise<unknown> | null = null;
/** Why the login page is shown, when it is not the person's own choice (an expired session). */
let loginNotice: string | null = null;
/** Each render gets a number; a page chunk that arrives after a newer render is dropped. */
let renderCount = 0;

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

/** Put the page into the shell once its chunk has arrived (unless another render came meanwhile). */
async function mountPage(slot: HTMLElement, page: ShellPage, context: PageContext, count: number): Promise<void> {
  try {
    const renderPage = await PAGE_MODULES[page]();
    if (count !== renderCount) return;
    slot.replaceWith(renderPage(context));
  } catch (error) {
    if (count !== renderCount) return;
    slot.replaceWith(statusView(error instanceof ApiError ? error.message : t("error.network"), () => void render()));
  }
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
      : h(
          "p",
          { class: "status__loading", role: "status" },
          h("span", { class: "spinner spinner--dark", "aria-hidden": "true" }),
          message,
        ),
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
    // A private page asked for while signed out: come back to it after signing in.
    if (!user && decision.to === "/login") rememberWhereWeWere(null, location.hash);
    navigate(decision.to, { replace: true });
    return;
  }

  // A role that asks for two-factor, not set up yet: the Account page only, until it is.
  if (user?.mfa_required && decision.page !== "account") {
    navigate("/account", { replace: true });
    return;
  }

  const count = ++renderCount;
  leavePage();
  if (user && decision.page !== "login" && decision.page !== "invitation" && userRoles(user).length === 0) {
    // Nobody's member yet after a first single sign-on (waiting for approval, or refused): nothing else to show.
    show(statusView(t("app.loading")));
    const pending = await import("./pages/pending");
    const requests = await pending.joinRequestsOfMine().catch(() => []);
    if (count !== renderCount) return;
    if (requests.length) {
      const onCheck = () =>
        void loadCurrentUser()
          .catch(() => null)
          .then(() => render());
      show(pending.renderPendingPage(requests, { onCheck, onLogout: handleLogout }));
      return;
    }
  }

  if (decision.page === "login") {
    show(
      renderLoginPage({
        notice: loginNotice,
        onSuccess: (me) => ((loginNotice = null), navigate(resumePath(me.id) ?? HOME)),
      }),
    );
  } else if (decision.page === "forgot-password" || decision.page === "reset-password") {
    const key = decision.key ?? "";
    show(statusView(t("app.loading")));
    try {
      const pages = await import("./pages/password");
      if (count !== renderCount) return;
      show(decision.page === "forgot-password" ? pages.renderForgotPasswordPage() : pages.renderResetPasswordPage(key));
    } catch {
      if (count === renderCount) show(statusView(t("error.network"), () => void render()));
    }
  } else if (decision.page === "invitation") {
    show(statusView(t("app.loading")));
    const { renderInvitationPage } = await import("./pages/invitation");
    if (count !== renderCount) return;
    show(
      renderInvitationPage({
        token: decision.token ?? "",
        signedIn: user,
        onAccepted: (me) => {
          setCurrentUser(me);
          forgetCatalog();
          navigate(HOME, { replace: true });
        },
      }),
    );
  } else if (decision.page === "kiosk" && !user) {
    show(statusView(t("app.loading")));
    const { renderPublicKioskPage } = await import("./pages/kioskPublic");
    if (count !== renderCount) return;
    show(renderPublicKioskPage(decision.id ?? 0));
  } else if (user) {
    const banner = notice ? h("div", { class: "alert alert--error", role: "alert" }, notice) : null;
    const slot = h("div", { class: "page-slot" }, loading());
    show(shell({ user, page: decision.page, onLogout: handleLogout, notice: banner }, slot));
    const context: PageContext = { user, query: queryFromHash(location.hash), navigate, id: decision.id };
    await mountPage(slot, decision.page, context, count);
  }
}

// The session expired while using the app: say so, keep what was being typed, and come back after signing in.
onUnauthenticated(() => {
  const user = currentUser();
  if (user) {
    rememberWhereWeWere(user.id, location.hash);
    loginNotice = t("login.sessionExpired");
    setCurrentUser(null);
    navigate("/login", { replace: true });
  }
});

setLanguage(getLanguage(), { persist: false }); // sets <html lang>
onLanguageChange(() => void render());
window.addEventListener("hashchange", () => void render());
void render();
