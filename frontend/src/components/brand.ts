import { h, svg } from "../dom";
import { t } from "../i18n";

/** Two overlapping rings: companies sharing what they have. */
export function logoMark(size = 32): SVGElement {
  return svg(
    "svg",
    { viewBox: "0 0 32 32", width: String(size), height: String(size), "aria-hidden": "true", class: "brand__mark" },
    svg("rect", { width: "32", height: "32", rx: "8", fill: "#0f5c63" }),
    svg("circle", { cx: "12.5", cy: "16", r: "7", fill: "none", stroke: "#ffffff", "stroke-width": "2.5" }),
    svg("circle", { cx: "19.5", cy: "16", r: "7", fill: "none", stroke: "#7ee0c8", "stroke-width": "2.5" }),
  );
}

export function brand(): HTMLElement {
  return h("span", { class: "brand" }, logoMark(), h("span", { class: "brand__name" }, t("app.name")));
}
