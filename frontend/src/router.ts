// Hash routing (#/login, #/calendar, #/book?asset=1…) so Django only has to serve "/".

export const PAGES = ["login", "calendar", "book", "reservations", "inbox", "consent", "accounting", "insights"] as const;
export type Page = (typeof PAGES)[number];
export type Path = `/${Page}` | `/${Page}?${string}`;

export type RouteDecision = { kind: "render"; page: Page } | { kind: "redirect"; to: Path };

export const HOME: Path = "/calendar";
const PUBLIC_PAGES: readonly Page[] = ["login"];

/** "#/home?x=1" → "/home"; "", "#", "#/" → "/". */
export function pathFromHash(hash: string): string {
  const raw = hash.replace(/^#/, "").split(/[?#]/)[0].trim();
  const path = `/${raw.replace(/^\/+/, "")}`.replace(/\/+$/, "");
  return path === "" ? "/" : path.toLowerCase();
}

/** "#/book?asset=1&start=10:00" → URLSearchParams. */
export function queryFromHash(hash: string): URLSearchParams {
  const at = hash.indexOf("?");
  return new URLSearchParams(at === -1 ? "" : hash.slice(at + 1));
}

/** Build "/book?asset=1&date=…" from parameters, dropping empty ones. */
export function pathWithQuery(page: Page, params: Record<string, string | number | null | undefined> = {}): Path {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  const text = query.toString();
  return text ? `/${page}?${text}` : `/${page}`;
}

function isPage(value: string): value is Page {
  return (PAGES as readonly string[]).includes(value);
}

/** Pure guard: which page to show (or where to go) for a hash and auth state. */
export function resolveRoute(hash: string, isAuthenticated: boolean): RouteDecision {
  const page = pathFromHash(hash).slice(1);
  if (!isPage(page)) return { kind: "redirect", to: isAuthenticated ? HOME : "/login" };
  if (PUBLIC_PAGES.includes(page)) return isAuthenticated ? { kind: "redirect", to: HOME } : { kind: "render", page };
  return isAuthenticated ? { kind: "render", page } : { kind: "redirect", to: "/login" };
}
