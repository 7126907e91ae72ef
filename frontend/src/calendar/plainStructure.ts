const TABLE_ROLES = new Set([
  "table",
  "grid",
  "row",
  "rowgroup",
  "cell",
  "gridcell",
  "columnheader",
  "rowheader",
  "list",
  "listitem",
]);
const TABLE_ATTRIBUTES = ["aria-colindex", "aria-colspan", "aria-rowindex", "aria-rowspan"];

/**
 * The library marks its grid up as a table whose rows and cells do not nest as ARIA requires (cells without
 * rows, a table holding a toolbar). Assistive technology reads that as broken, so the calendar is kept as
 * plain labelled content instead: dates and assets keep their labels, events stay buttons, and free time
 * is reachable as a list of links below.
 */
export function plainStructure(host: HTMLElement): () => void {
  const strip = (root: Element) => {
    for (const el of [root, ...root.querySelectorAll("[role], [aria-colindex], [aria-colspan]")]) {
      if (TABLE_ROLES.has(el.getAttribute("role") ?? "")) el.removeAttribute("role");
      TABLE_ATTRIBUTES.forEach((name) => el.removeAttribute(name));
    }
  };
  strip(host);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") strip(record.target as Element);
      record.addedNodes.forEach((node) => node instanceof Element && strip(node));
    }
  });
  observer.observe(host, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["role", ...TABLE_ATTRIBUTES],
  });
  return () => observer.disconnect();
}
