// Hash routing (#/login, #/calendar, #/book?asset=1, #/reservations/12…) so Django only has to serve "/".

export const PAGES = [
  "login",
  "calendar",
  "book",
  "reservations",
  "reservation",
  "inbox",
  "consent",
  "accounting",
  "insights",
] as const;
export type Page = (typeof PAGES)[number];
/** Pages reached by their own name; "reservation" is reached as /reservations/{id}. */
type NamedPage = Exclude<Page, "reservation">;
export type Path =
  `/${NamedPage}` | `/${NamedPage}?${string}` | `/reservations/${number}` | `/reservations/${number}?${string}`;

export type RouteDecision = { kind: "render"; page: Page; id?: number } | { kind: "redirect"; to: Path };

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
export function pathWithQuery(page: NamedPage, params: Record<string, string | number | null | undefined> = {}): Path {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  const text = query.toString();
  return text ? `/${page}?${text}` : `/${page}`;
}

/** The booking page of reservation `id`. */
export function reservationPath(id: number): Path {
  return `/reservations/${id}`;
}

function isNamedPage(value: string): value is NamedPage {
  return value !== "reservation" && (PAGES as readonly string[]).includes(value);
}

/** Pure guard: which page to show (or where to go) for a hash and auth state. */
export function resolveRoute(hash: string, isAuthenticated: boolean): RouteDecision {
  const path = pathFromHash(hash);
  const booking = /^\/reservations\/(\d{1,12})$/.exec(path);
  if (booking)
    return isAuthenticated
      ? { kind: "render", page: "reservation", id: Number(booking[1]) }
      : { kind: "redirect", to: "/login" };
  const page = path.slice(1);
  if (!isNamedPage(page)) return { kind: "redirect", to: isAuthenticated ? HOME : "/login" };
  if (PUBLIC_PAGES.includes(page)) return isAuthenticated ? { kind: "redirect", to: HOME } : { kind: "render", page };
  return isAuthenticated ? { kind: "render", page } : { kind: "redirect", to: "/login" };
}

/** Where to return after signing in: a private page the person asked for (never the login page itself). */
export function returnPath(hash: string): Path | null {
  const decision = resolveRoute(hash, true);
  if (decision.kind !== "render") return null;
  return hash.replace(/^#/, "") as Path;
}
