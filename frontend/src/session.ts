import { apiGet, apiPost, isNotAuthenticated } from "./api";
import { hasStoredLanguage, setLanguage } from "./i18n";
import type { Me } from "./types";

/** undefined = not checked yet, null = logged out. */
let user: Me | null | undefined;

export function currentUser(): Me | null | undefined {
  return user;
}

export function setCurrentUser(next: Me | null): void {
  user = next;
  // The profile language applies unless the person picked one with the switch.
  if (next && !hasStoredLanguage()) setLanguage(next.language, { persist: false });
}

/** Ask the backend who is logged in. Network/server errors propagate. */
export async function loadCurrentUser(): Promise<Me | null> {
  try {
    setCurrentUser(await apiGet<Me>("/me/"));
  } catch (error) {
    if (!isNotAuthenticated(error)) throw error;
    setCurrentUser(null);
  }
  return user ?? null;
}

export async function login(username: string, password: string): Promise<Me> {
  const me = await apiPost<Me>("/auth/login/", { username, password });
  setCurrentUser(me);
  return me;
}

export async function logout(): Promise<void> {
  try {
    await apiPost<null>("/auth/logout/");
  } catch (error) {
    // Already logged out on the server: fine. Anything else keeps the session.
    if (!isNotAuthenticated(error)) throw error;
  }
  user = null;
}
