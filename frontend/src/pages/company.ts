// My company (member admins): overview, people, details and cost centres of one company; a member admin of several
// companies picks which. Cluster admins reach any company with ?member=.

import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import type { PageContext } from "../pageContext";
import { pathWithQuery } from "../router";
import { adminOf } from "../roles";
import { empty, pageTitle } from "../ui";
import { costCentresSection } from "../company/costCentres";
import { detailsSection } from "../company/details";
import { overviewSection } from "../company/overview";
import { joiningSection } from "../company/joining";
import { peopleSection } from "../company/people";
import "../company/company.css";
import "../messages/company"; // this area's strings

const SECTIONS = ["overview", "people", "joining", "details", "costCentres"] as const;
type Section = (typeof SECTIONS)[number];

export function renderCompanyPage({ user, query, navigate }: PageContext): HTMLElement {
  document.title = t("company.docTitle");
  const companies = user.memberships.filter((m) => adminOf(user).includes(m.member.id)).map((m) => m.member);
  const asked = Number(query.get("member")) || null;
  const member = companies.find((c) => c.id === asked) ?? companies[0];
  const section: Section = (SECTIONS as readonly string[]).includes(query.get("section") ?? "")
    ? (query.get("section") as Section)
    : "overview";
  if (!member) {
    return h("div", { class: "stack" }, pageTitle(t("company.title")), empty(t("company.title"), t("company.coming")));
  }

  const picker =
    companies.length > 1
      ? h(
          "div",
          { class: "field field--inline" },
          h("label", { class: "field__label", for: "company-pick" }, t("company.pick")),
          h(
            "select",
            {
              id: "company-pick",
              class: "input input--compact",
              "data-testid": "company-pick",
              onChange: (event: Event) =>
                navigate(pathWithQuery("company", { member: (event.target as HTMLSelectElement).value, section })),
            },
            companies.map((c) => h("option", { value: c.id, selected: c.id === member.id }, c.name)),
          ),
        )
      : null;

  const tabs = h(
    "nav",
    { class: "segmented company-tabs", "aria-label": t("company.sections") },
    SECTIONS.map((name) =>
      h(
        "a",
        {
          class: "segmented__item",
          href: `#${pathWithQuery("company", { member: member.id, section: name })}`,
          "aria-current": name === section ? "page" : null,
          "data-testid": `company-tab-${name}`,
        },
        t(`company.${name}` as MessageKey),
      ),
    ),
  );

  const content =
    section === "people"
      ? peopleSection(member.id, user)
      : section === "joining"
        ? joiningSection(member.id)
        : section === "details"
          ? detailsSection(member.id, user)
          : section === "costCentres"
            ? costCentresSection(member.id)
            : overviewSection(member.id);

  return h(
    "div",
    { class: "stack", "data-testid": "company-page" },
    pageTitle(t("company.title"), member.name, picker),
    tabs,
    h(
      "section",
      { class: "stack", "aria-labelledby": "company-section-title" },
      h("h2", { class: "visually-hidden", id: "company-section-title" }, t(`company.${section}` as MessageKey)),
      content,
    ),
  );
}
