// A drop or a resize in the calendar is a proposal: a dialog shows the new times, the new price and any
// fee before anything is sent; "Move" sends the PATCH. A refusal puts the block back and says why (a
// conflict with its alternatives, a late-change fee, a rule).

import { apiGet, apiPatch, apiPost } from "../api";
import { moveBody, readConflict, readRefusal } from "../booking";
import { h } from "../dom";
import { formatMoney, formatRange } from "../format";
import { t } from "../i18n";
import { errorBox } from "../ui";
import type { Asset, CancellationFee, Quote, Reservation } from "../types";

export interface MoveProposal {
  reservation: number;
  title: string;
  asset: Asset;
  member: number | null;
  status: string;
  /** Instants (ISO with offset). */
  oldStart: string;
  oldEnd: string;
  newStart: string;
  newEnd: string;
}

export interface MoveOutcome {
  /** Put the block back where it was. */
  revert: () => void;
  /** The server took the move. */
  moved: (reservation: Reservation) => void;
  /** The server refused: show `view` (a conflict with alternatives, or the reason and the fee). */
  refused: (view: HTMLElement) => void;
  zoneOf: (asset: number) => string;
}

/** The new period gives up time that was booked (a move or a shortening, not an extension). */
export function givesUpTime(proposal: Pick<MoveProposal, "oldStart" | "oldEnd" | "newStart" | "newEnd">): boolean {
  return (
    new Date(proposal.newStart) > new Date(proposal.oldStart) || new Date(proposal.newEnd) < new Date(proposal.oldEnd)
  );
}

async function pricePreview(proposal: MoveProposal, slot: HTMLElement): Promise<void> {
  try {
    const quote = await apiPost<Quote>("/quotes/", {
      asset: proposal.asset.id,
      start: proposal.newStart,
      end: proposal.newEnd,
      member: proposal.member ?? undefined,
    });
    slot.replaceChildren(
      h("span", null, t("move.newPrice"), " ", h("strong", { "data-testid": "move-price" }, formatMoney(quote.total))),
    );
  } catch (error) {
    slot.replaceChildren(h("span", { class: "field__error" }, readRefusal(error)?.detail ?? t("move.noPrice")));
  }
}

async function feePreview(proposal: MoveProposal, slot: HTMLElement): Promise<void> {
  try {
    const info = await apiGet<CancellationFee>(`/reservations/${proposal.reservation}/cancellation-fee/`);
    const late = info.fee !== null && Number(info.fee.amount) > 0;
    if (late && givesUpTime(proposal)) {
      slot.replaceChildren(
        h(
          "p",
          { class: "alert alert--warn", "data-testid": "move-fee" },
          t("move.lateWindow", { fee: formatMoney(info.fee) }),
          " ",
          h("span", { class: "muted" }, info.policy),
        ),
      );
    } else {
      slot.replaceChildren(h("p", { class: "muted small" }, info.policy));
    }
  } catch {
    slot.replaceChildren();
  }
}

function refusalView(detail: string, fee: string | null): HTMLElement {
  return h(
    "section",
    { class: "card result-card result-card--conflict", role: "alert", "data-testid": "move-refused" },
    h("h2", { class: "card__title" }, t("move.refusedTitle")),
    h("p", null, detail),
    fee ? h("p", null, t("move.fee"), " ", h("strong", { "data-testid": "move-refused-fee" }, fee)) : null,
  );
}

async function sendMove(reservation: number, body: ReturnType<typeof moveBody>): Promise<Reservation> {
  return apiPatch<Reservation>(`/reservations/${reservation}/`, body);
}

/** What to show when the server says no: the conflict and its alternatives (their view loads with the first
 * conflict: the calendar's first paint does without it), or the reason (and fee). */
async function refusal(error: unknown, proposal: MoveProposal, outcome: MoveOutcome): Promise<HTMLElement> {
  const conflict = readConflict(error);
  if (conflict) {
    const { conflictView } = await import("../components/conflictView");
    const zone = outcome.zoneOf(proposal.asset.id);
    return conflictView({
      report: conflict,
      requestedAsset: proposal.asset.id,
      zoneOf: outcome.zoneOf,
      testid: "move-conflict",
      actionLabel: () => t("move.moveHere"),
      onChoose: async (choice) => {
        try {
          outcome.moved(await sendMove(proposal.reservation, moveBody(choice)));
        } catch (next) {
          outcome.refused(await refusal(next, { ...proposal, newStart: choice.start, newEnd: choice.end }, outcome));
        }
      },
      extra: h(
        "p",
        { class: "muted small" },
        t("move.keptAt", { when: formatRange(proposal.oldStart, proposal.oldEnd, zone) }),
      ),
    });
  }
  const refused = readRefusal(error);
  if (refused) return refusalView(refused.detail, refused.fee ? formatMoney(refused.fee) : null);
  return errorBox(error, "move-error");
}

/** Ask before moving; send the move when confirmed. */
export function proposeMove(proposal: MoveProposal, outcome: MoveOutcome, host: HTMLElement): void {
  const zone = outcome.zoneOf(proposal.asset.id);
  const price = h(
    "p",
    { class: "move__price", "aria-live": "polite" },
    h("span", { class: "loading small" }, t("book.quoteLoading")),
  );
  const fee = h("div", { "aria-live": "polite" });
  let settled = false;
  const confirm = h(
    "button",
    { type: "button", class: "btn btn--primary", "data-testid": "move-confirm" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    t("move.confirm"),
  );
  const keep = h("button", { type: "button", class: "btn btn--ghost", "data-testid": "move-cancel" }, t("move.keep"));
  const dialog = h(
    "dialog",
    { class: "dialog", "aria-labelledby": "move-title", "data-testid": "move-dialog" },
    h("h2", { class: "card__title", id: "move-title" }, t("move.title", { title: proposal.title })),
    h(
      "dl",
      { class: "move__facts" },
      h("dt", null, t("move.from")),
      h("dd", null, formatRange(proposal.oldStart, proposal.oldEnd, zone)),
      h("dt", null, t("move.to")),
      h("dd", { "data-testid": "move-to" }, formatRange(proposal.newStart, proposal.newEnd, zone)),
    ),
    price,
    proposal.asset.requires_approval ? h("p", { class: "muted small" }, t("move.needsApproval")) : null,
    fee,
    h("div", { class: "actions" }, confirm, keep),
  );
  const close = () => {
    dialog.close();
    dialog.remove();
  };
  const cancel = () => {
    if (settled) return;
    settled = true;
    close();
    outcome.revert();
  };
  keep.addEventListener("click", cancel);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    cancel();
  });
  confirm.addEventListener("click", async () => {
    if (settled) return;
    confirm.disabled = true;
    confirm.classList.add("is-loading");
    try {
      const moved = await sendMove(proposal.reservation, { start: proposal.newStart, end: proposal.newEnd });
      settled = true;
      close();
      outcome.moved(moved);
    } catch (error) {
      settled = true;
      close();
      outcome.revert();
      outcome.refused(await refusal(error, proposal, outcome));
    }
  });
  host.append(dialog);
  dialog.showModal();
  void pricePreview(proposal, price);
  void feePreview(proposal, fee);
}
