// Hash routing (#/login, #/calendar, #/book?asset=1, #/reservations/12…) so Django only has to serve "/".

export const PAGES = [
  "login",
  "forgot-password",
  "reset-password",
  "account",
  "calendar",
  "book",
  "reservations",
  "reservation",
  "inbox",
  "consent",
  "accounting",
  "insights",
  "manage",
  "company",
  "cluster",
  "changes",
  "statement",
  "invitation",
  "kiosk",
  "incidents",
  "waitlist",
] as const;
export type Page = (typeof PAGES)[number];
/** Pages reached by their own name; the others by an id: /reservations/{id}, /statements/{id}. */
const PAGES_BY_ID = { reservation: "reservations", statement: "statements", kiosk: "kiosk/assets" } as const;
type PageById = keyof typeof PAGES_BY_ID;
type NamedPage = Exclude<Page, PageById | "reset-password" | "invitation">;
type IdPath = `/${(typeof PAGES_BY_ID)[PageById]}/${number}`;
export type Path =
  `/${NamedPage}` | `/${NamedPage}?${string}` | IdPath | `${IdPath}?${string}` | `/reset-password/${string}`;

export type RouteDecision =
  { kind: "render"; page: Page; id?: number; key?: string; token?: string } | { kind: "redirect"; to: Path };

export const HOME: Path = "/calendar";
const PUBLIC_PAGES: readonly Page[] = ["login"];
/** Shown whether or not someone is signed in: a reset link may be opened in a browser that is. */
const OPEN_PAGES: readonly Page[] = ["forgot-password"];
/** The key of a password reset link: #/reset-password/{key}. */
const RESET_KEY = /^\/reset-password\/([0-9a-z]{1,13}-[0-9a-z]{1,13}-[0-9a-f]{1,64})$/;

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

/** The kiosk of asset `id`: today's schedule and the check-in of its current booking. */
export function kioskPath(id: number): Path {
  return `/kiosk/assets/${id}`;
}

/** The page of statement `id`. */
export function statementPath(id: number): Path {
  return `/statements/${id}`;
}

function isNamedPage(value: string): value is NamedPage {
  return (
    !(value in PAGES_BY_ID) &&
    value !== "reset-password" &&
    value !== "invitation" &&
    (PAGES as readonly string[]).includes(value)
  );
}

/** "/invitations/<64 hex>": an invitation link from an e-mail, opened signed in or not. */
const INVITATION_LINK = /^\/invitations\/([0-9a-f]{64})$/;

/** "/reservations/12" → the reservation page with id 12; null for any other path. */
function pageById(path: string): { page: PageById; id: number } | null {
  for (const [page, prefix] of Object.entries(PAGES_BY_ID) as [PageById, string][]) {
    const match = new RegExp(`^/${prefix}/(\\d{1,12})$`).exec(path);
    if (match) return { page, id: Number(match[1]) };
  }
  return null;
}

/** Pure guard: which page to show (or where to go) for a hash and auth state. */
export function resolveRoute(hash: string, isAuthenticated: boolean): RouteDecision {
  const path = pathFromHash(hash);
  const reset = RESET_KEY.exec(path);
  if (reset) return { kind: "render", page: "reset-password", key: reset[1] };
  if (/^\/reset-password(\/|$)/.test(path)) return { kind: "render", page: "reset-password", key: "" }; // a broken link
  const link = INVITATION_LINK.exec(path);
  if (link) return { kind: "render", page: "invitation", token: link[1] };
  const byId = pageById(path);
  // The kiosk is for a tablet at the door: signed out, it takes the booker's PIN.
  if (byId)
    return isAuthenticated || byId.page === "kiosk" ? { kind: "render", ...byId } : { kind: "redirect", to: "/login" };
  const page = path.slice(1);
  if (!isNamedPage(page)) return { kind: "redirect", to: isAuthenticated ? HOME : "/login" };
  if (OPEN_PAGES.includes(page)) return { kind: "render", page };
  if (PUBLIC_PAGES.includes(page)) return isAuthenticated ? { kind: "redirect", to: HOME } : { kind: "render", page };
  return isAuthenticated ? { kind: "render", page } : { kind: "redirect", to: "/login" };
}

/** Where to return after signing in: a private page the person asked for (never the login page itself). */
export function returnPath(hash: string): Path | null {
  const decision = resolveRoute(hash, true);
  if (decision.kind !== "render") return null;
  return hash.replace(/^#/, "") as Path;
}
