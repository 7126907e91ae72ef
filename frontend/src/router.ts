// Hash routing (#/login, #/home) so Django only has to serve "/".

export type Page = "login" | "home";
export type Path = `/${Page}`;

export type RouteDecision = { kind: "render"; page: Page } | { kind: "redirect"; to: Path };

const PUBLIC_PAGES: readonly Page[] = ["login"];
const PRIVATE_PAGES: readonly Page[] = ["home"];

/** "#/home?x=1" → "/home"; "", "#", "#/" → "/". */
export function pathFromHash(hash: string): string {
  const raw = hash.replace(/^#/, "").split(/[?#]/)[0].trim();
  const path = `/${raw.replace(/^\/+/, "")}`.replace(/\/+$/, "");
  return path === "" ? "/" : path.toLowerCase();
}

/** Pure guard: which page to show (or where to go) for a hash and auth state. */
export function resolveRoute(hash: string, isAuthenticated: boolean): RouteDecision {
  const home: Path = isAuthenticated ? "/home" : "/login";
  const page = pathFromHash(hash).slice(1) as Page;

  if (PUBLIC_PAGES.includes(page)) {
    return isAuthenticated ? { kind: "redirect", to: "/home" } : { kind: "render", page };
  }
  if (PRIVATE_PAGES.includes(page)) {
    return isAuthenticated ? { kind: "render", page } : { kind: "redirect", to: "/login" };
  }
  return { kind: "redirect", to: home };
}
