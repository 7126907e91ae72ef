// What a signed-in person who belongs to no company and has no cluster role, but asked to join one on their first
// single sign-on, sees instead of the app: their request waiting for the company's member admins, or refused.

import { apiGet } from "../api";
import { authPage } from "../components/authPage";
import { h } from "../dom";
import { t } from "../i18n";
import type { components } from "../openapi";

type JoinRequest = components["schemas"]["JoinRequest"];

export interface PendingPageOptions {
  onCheck: () => void;
  onLogout: () => void;
}

function message(requests: JoinRequest[]): HTMLElement {
  const waiting = requests.filter((r) => r.status === "pending");
  const refused = requests.filter((r) => r.status === "refused");
  const text = waiting.length
    ? waiting.map((r) => t("pending.waiting", { member: r.member_name })).join(" ")
    : refused.length
      ? t("pending.refused", { member: refused[0].member_name })
      : t("pending.none");
  return h("p", { "data-testid": "pending-message", "data-state": waiting.length ? "waiting" : "none" }, text);
}

/** The person's requests to join companies (none for someone made another way, who gets the app as before). */
export const joinRequestsOfMine = () => apiGet<JoinRequest[]>("/me/join-requests/");

export function renderPendingPage(requests: JoinRequest[], { onCheck, onLogout }: PendingPageOptions): HTMLElement {
  const title = h("h1", { class: "auth__title", id: "pending-title" }, t("pending.title"));
  document.title = t("pending.docTitle");
  if (!requests.some((r) => r.status === "pending")) title.textContent = t("pending.noAccessTitle");
  const slot = h("div", { class: "stack", role: "status" }, message(requests));
  const actions = h(
    "div",
    { class: "actions" },
    h(
      "button",
      { type: "button", class: "btn btn--primary", onClick: onCheck, "data-testid": "pending-check" },
      t("pending.check"),
    ),
    h(
      "button",
      { type: "button", class: "btn btn--ghost", onClick: onLogout, "data-testid": "pending-logout" },
      t("pending.signOut"),
    ),
  );
  return authPage(
    { class: "stack", "aria-labelledby": "pending-title", "data-testid": "pending-page" },
    title,
    slot,
    actions,
  );
}
