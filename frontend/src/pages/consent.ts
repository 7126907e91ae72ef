import { apiPost } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { formatMoney, formatRange } from "../format";
import { t } from "../i18n";
import { loadCatalog } from "../catalog";
import { busyButton, empty, errorBox, errorText, fill, pageTitle, statusBadge } from "../ui";
import type { CostShare } from "../types";

export function renderConsentPage(): HTMLElement {
  document.title = t("consent.docTitle");
  const list = h("div", { class: "stack", "data-testid": "consent" });
  void fill(
    list,
    () => Promise.all([loadCatalog(), getAll<CostShare>("/cost-shares/?state=proposed")]),
    ([catalog, shares]) =>
      shares.length
        ? shares.map((share) => {
            const zone = catalog.assets.find((a) => a.name === share.reservation.asset_name)?.timezone ?? "UTC";
            const error = h("div", { class: "field__error", role: "alert", hidden: true });
            const state = h("span", null, statusBadge(share.state));
            const actions = h("div", { class: "actions" });
            const decide = (action: "accept" | "decline") => async () => {
              error.hidden = true;
              try {
                // Consent is to the amount shown: if the share changed meanwhile, the API refuses (409 amount_changed).
                const body = action === "accept" ? { expected_amount: share.amount } : undefined;
                const updated = await apiPost<CostShare>(`/cost-shares/${share.id}/${action}/`, body);
                state.replaceChildren(statusBadge(updated?.state ?? (action === "accept" ? "accepted" : "declined")));
                actions.replaceChildren();
              } catch (err) {
                error.textContent = errorText(err);
                error.hidden = false;
              }
            };
            actions.append(
              busyButton(
                t("consent.accept"),
                { class: "btn btn--primary btn--small", "data-testid": "accept-share" },
                decide("accept"),
              ),
              busyButton(
                t("consent.decline"),
                { class: "btn btn--danger-ghost btn--small", "data-testid": "decline-share" },
                decide("decline"),
              ),
            );
            return h(
              "article",
              { class: "card res-card", "data-testid": "share" },
              h(
                "div",
                { class: "res-card__main" },
                h("h2", { class: "res-card__title" }, share.reservation.title, " ", state),
                h(
                  "p",
                  { class: "res-card__when" },
                  h("strong", null, share.reservation.asset_name),
                  ` · ${formatRange(share.reservation.start, share.reservation.end, zone)}`,
                ),
                h(
                  "p",
                  { class: "muted small" },
                  t("consent.proposedBy", {
                    member: share.reservation.member.name,
                    payer: share.member.name,
                    weight: share.weight,
                  }),
                ),
              ),
              h(
                "div",
                { class: "res-card__side" },
                h("p", { class: "res-card__price", "data-testid": "share-amount" }, formatMoney(share.amount)),
                actions,
                error,
              ),
            );
          })
        : empty(t("consent.empty"), t("consent.emptyBody")),
    (error) => errorBox(error, "consent-error"),
  );
  return h("div", { class: "stack" }, pageTitle(t("consent.title"), t("consent.subtitle")), list);
}
