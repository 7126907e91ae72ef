import { confirmSecondFactor, signIn, signOut } from "./allauth";
import { apiGet, isNotAuthenticated } from "./api";
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

/** Sign in through django-allauth, then read who we are. Rejects with code "mfa_required" when the account
 * asks for a second factor: confirmCode() finishes the sign-in. */
export async function login(username: string, password: string): Promise<Me> {
  await signIn(username, password);
  return signedIn();
}

export async function confirmCode(code: string): Promise<Me> {
  await confirmSecondFactor(code);
  return signedIn();
}

async function signedIn(): Promise<Me> {
  const me = await apiGet<Me>("/me/");
  setCurrentUser(me);
  return me;
}

export async function logout(): Promise<void> {
  await signOut();
  user = null;
}
