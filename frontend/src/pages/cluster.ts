// Cluster page (cluster admins): member companies, assets and groups, quotas, standalone rates and people.

import { apiGet } from "../api";
import { assetsSection } from "../cluster/assets";
import { invitationsSection } from "../company/invitations";
import { membersSection } from "../cluster/members";
import { peopleSection } from "../cluster/people";
import { quotasSection } from "../cluster/quotas";
import { ratesSection } from "../cluster/rates";
import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import type { PageContext } from "../pageContext";
import { pageTitle } from "../ui";
import { section } from "../cluster/parts";
import "../messages/cluster"; // this area's strings

const SECTIONS: [string, MessageKey][] = [
  ["cluster-members", "cluster.members.title"],
  ["cluster-assets", "cluster.assets.title"],
  ["cluster-quotas", "cluster.quotas.title"],
  ["cluster-rates", "cluster.rates.title"],
  ["cluster-people", "cluster.people.title"],
  ["cluster-invitations", "invite.clusterTitle"],
];

export function renderClusterPage({ user }: Pick<PageContext, "user">): HTMLElement {
  document.title = t("cluster.docTitle");
  const contents = h(
    "nav",
    { class: "chips", "aria-label": t("cluster.sections") },
    SECTIONS.map(([id, label]) =>
      h(
        "a",
        {
          class: "chip",
          href: `#${id}`,
          onClick: (event: Event) => {
            // The hash is the router's: scroll to the section without leaving the page.
            event.preventDefault();
            document.getElementById(id)?.scrollIntoView({ behavior: "smooth", block: "start" });
          },
        },
        t(label),
      ),
    ),
  );
  return h(
    "div",
    { class: "stack", "data-testid": "cluster-page" },
    pageTitle(t("cluster.title"), t("cluster.subtitle")),
    contents,
    membersSection(),
    assetsSection(),
    quotasSection(),
    ratesSection(),
    peopleSection(user.id),
    section(
      "cluster-invitations",
      t("invite.clusterTitle"),
      invitationsSection({ companies: () => apiGet<{ id: number; name: string }[]>("/members/") }),
    ),
  );
}
