// When the session expires the app goes to the login page; what the person was typing is kept here
// (sessionStorage: this tab only, gone when it closes) and handed back once, to the same person, on the
// same page, after signing in again.

import { onLeave } from "./lifecycle";
import { returnPath, type Path } from "./router";

const KEY = "sinergia.resume";

interface Draft {
  page: string;
  data: unknown;
}

interface Resume {
  user: number | null; // null: anybody (a link opened while signed out)
  path: Path;
  draft: Draft | null;
}

let provider: (() => Draft | null) | null = null;

/** While the current page is shown, `capture` says what to keep if the session expires. */
export function provideDraft(page: string, capture: () => unknown): void {
  provider = () => ({ page, data: capture() });
  onLeave(() => (provider = null));
}

function read(): Resume | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Resume) : null;
  } catch {
    return null;
  }
}

function write(value: Resume | null): void {
  try {
    if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the person starts again on the calendar
  }
}

/** Keep where `user` was (the hash) and the current page's draft. */
export function rememberWhereWeWere(user: number | null, hash: string): void {
  const path = returnPath(hash);
  if (!path) return;
  write({ user, path, draft: user === null ? null : (provider?.() ?? null) });
}

/** The page to return to after `user` signs in (null: the home page). Another person's entry is dropped. */
export function resumePath(user: number): Path | null {
  const saved = read();
  if (!saved) return null;
  if (saved.user !== null && saved.user !== user) {
    write(null);
    return null;
  }
  if (!saved.draft) write(null);
  return saved.path;
}

/** The draft kept for `page` and `user`, once. */
export function takeDraft<T>(page: string, user: number): T | null {
  const saved = read();
  if (!saved?.draft || saved.user !== user || saved.draft.page !== page) return null;
  write(null);
  return saved.draft.data as T;
}
