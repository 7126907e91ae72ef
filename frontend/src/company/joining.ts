// Who joins the company by single sign-on: the people waiting for approval (approve with a role, or refuse) and
// the e-mail domains whose people may ask to join on their first sign-in.

import { ApiError } from "../api";
import { h } from "../dom";
import { formatMoment } from "../format";
import { t } from "../i18n";
import { roleLabel } from "../roles";
import { busyButton, empty, errorBox, errorText, fill, showFieldError } from "../ui";
import {
  addEmailDomain,
  approveJoin,
  getEmailDomains,
  getJoinRequests,
  refuseJoin,
  removeEmailDomain,
  type EmailDomain,
  type JoinRequest,
  type MemberRole,
} from "./data";
import "../messages/company"; // this area's strings

const ROLES: MemberRole[] = ["booker", "member_admin"];

function waitingSection(member: number): HTMLElement {
  const status = h("p", { class: "muted", role: "status", "data-testid": "joining-status" });
  const list = h("div");
  const reload = () =>
    fill(
      list,
      () => getJoinRequests(member),
      (requests) =>
        requests.length ? requestTable(requests) : empty(t("company.joinNone"), t("company.joinNoneBody")),
      (error) => errorBox(error, "joining-error"),
    );

  function decide(error: HTMLElement, action: () => Promise<unknown>, done: string) {
    return async () => {
      error.hidden = true;
      try {
        await action();
        status.textContent = done;
        await reload();
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    };
  }

  function requestRow(request: JoinRequest): HTMLElement {
    const error = h("span", { class: "field__error", role: "alert", hidden: true });
    const role = h(
      "select",
      {
        class: "input input--compact",
        "aria-label": t("company.roleOf", { name: request.name }),
        "data-testid": `join-role-${request.email}`,
      },
      ROLES.map((r) => h("option", { value: r }, roleLabel(r))),
    );
    const approve = busyButton(
      t("company.joinApprove"),
      {
        class: "btn btn--primary btn--small",
        "aria-label": t("company.joinApproveOf", { name: request.name }),
        "data-testid": `join-approve-${request.email}`,
      },
      decide(
        error,
        () => approveJoin(request.id, role.value as MemberRole),
        t("company.joinApproved", { name: request.name }),
      ),
    );
    const refuse = busyButton(
      t("company.joinRefuse"),
      {
        class: "btn btn--danger-ghost btn--small",
        "aria-label": t("company.joinRefuseOf", { name: request.name }),
        "data-testid": `join-refuse-${request.email}`,
      },
      decide(error, () => refuseJoin(request.id), t("company.joinRefused", { name: request.name })),
    );
    return h(
      "tr",
      { "data-testid": `join-${request.email}` },
      h(
        "td",
        { "data-label": t("company.person") },
        h("span", { class: "strong" }, request.name),
        h("br"),
        h("span", { class: "muted small" }, request.email),
      ),
      h("td", { "data-label": t("company.joinAsked") }, formatMoment(request.created_at)),
      h("td", { "data-label": t("company.role") }, role),
      h("td", { class: "num", "data-label": "" }, h("div", { class: "actions" }, approve, refuse), error),
    );
  }

  function requestTable(requests: JoinRequest[]): HTMLElement {
    return h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "table table--stack", "data-testid": "join-requests" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, t("company.person")),
            h("th", { scope: "col" }, t("company.joinAsked")),
            h("th", { scope: "col" }, t("company.role")),
            h("th", { scope: "col", class: "num" }, h("span", { class: "visually-hidden" }, t("company.actions"))),
          ),
        ),
        h("tbody", null, requests.map(requestRow)),
      ),
    );
  }

  void reload();
  return h(
    "section",
    { class: "stack", "aria-labelledby": "joining-waiting-title" },
    h("h3", { class: "card__title", id: "joining-waiting-title" }, t("company.joinWaiting")),
    h("div", { class: "card card--flush" }, list),
    status,
  );
}

function domainsSection(member: number): HTMLElement {
  const status = h("p", { class: "muted", role: "status", "data-testid": "domains-status" });
  const list = h("div");
  const reload = () =>
    fill(
      list,
      () => getEmailDomains(member),
      (domains) => (domains.length ? domainList(domains) : empty(t("company.domainsNone"), t("company.domainsHelp"))),
      (error) => errorBox(error, "domains-error"),
    );

  function domainList(domains: EmailDomain[]): HTMLElement {
    return h(
      "ul",
      { class: "plain-list stack", "data-testid": "email-domains" },
      domains.map((domain) => {
        const error = h("span", { class: "field__error", role: "alert", hidden: true });
        return h(
          "li",
          { class: "actions", "data-testid": `domain-${domain.domain}` },
          h("span", { class: "strong" }, domain.domain),
          busyButton(
            t("company.domainRemove"),
            {
              class: "btn btn--ghost btn--small",
              "aria-label": t("company.domainRemoveOf", { domain: domain.domain }),
              "data-testid": `domain-remove-${domain.domain}`,
            },
            async () => {
              try {
                await removeEmailDomain(domain.id);
                status.textContent = t("company.domainRemoved", { domain: domain.domain });
                await reload();
              } catch (err) {
                error.textContent = errorText(err);
                error.hidden = false;
              }
            },
          ),
          error,
        );
      }),
    );
  }

  const input = h("input", {
    id: "domain-new",
    class: "input",
    maxlength: "253",
    autocapitalize: "none",
    spellcheck: "false",
    placeholder: "example.com",
    "aria-describedby": "domain-new-help",
    "data-testid": "domain-new",
  });
  const inputError = h("p", { class: "field__error", id: "domain-new-error", role: "alert", hidden: true });
  const add = busyButton(
    t("company.domainAdd"),
    { class: "btn btn--primary", "data-testid": "domain-add" },
    async () => {
      status.textContent = "";
      try {
        const created = await addEmailDomain(member, input.value.trim());
        showFieldError(input, inputError, []);
        input.value = "";
        status.textContent = t("company.domainAdded", { domain: created.domain });
        await reload();
      } catch (error) {
        const messages =
          error instanceof ApiError
            ? error.field("domain").length
              ? error.field("domain")
              : [error.message]
            : [errorText(error)];
        showFieldError(input, inputError, messages);
        input.focus();
      }
    },
  );
  const form = h(
    "form",
    {
      class: "stack",
      novalidate: true,
      "data-testid": "domain-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        add.click();
      },
    },
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: input.id }, t("company.domainNew")),
      input,
      h("p", { class: "field__hint muted", id: "domain-new-help" }, t("company.domainsHelp")),
      inputError,
    ),
    h("div", { class: "actions" }, add),
  );
  void reload();
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "joining-domains-title" },
    h("h3", { class: "card__title", id: "joining-domains-title" }, t("company.domains")),
    list,
    status,
    form,
  );
}

export function joiningSection(member: number): HTMLElement {
  return h("div", { class: "stack", "data-testid": "joining" }, waitingSection(member), domainsSection(member));
}
