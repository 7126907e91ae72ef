// Single sign-on with the OpenID Connect providers the server is configured with (allauth's headless config).
// Signing in is a real form POST (the browser leaves for the provider and comes back to `callback`); a failure
// comes back as ?error=<code> on the app's URL, read once here and turned into a message.

import { csrfToken } from "./api";
import { AUTH_BASE, authRequest } from "./allauth";
import { h } from "./dom";
import type { MessageKey } from "./i18n";

export interface SsoProvider {
  id: string;
  name: string;
}

interface ConfigBody {
  data?: { socialaccount?: { providers?: SsoProvider[] } };
}

let providers: Promise<SsoProvider[]> | null = null;

/** The configured providers (none when single sign-on is off or the config cannot be read). */
export function ssoProviders(): Promise<SsoProvider[]> {
  providers ??= authRequest("GET", "/config")
    .then((body) => ((body as ConfigBody).data?.socialaccount?.providers ?? []).map(({ id, name }) => ({ id, name })))
    .catch(() => []);
  return providers;
}

/** Leave for the provider's sign-in page; it sends the browser back to `callback` (a path of this app). */
export async function startSso(provider: string, callback = "/"): Promise<void> {
  const token = (await csrfToken()) ?? "";
  const field = (name: string, value: string) => h("input", { type: "hidden", name, value });
  const form = h(
    "form",
    { method: "post", action: `${AUTH_BASE}/auth/provider/redirect`, hidden: true },
    field("provider", provider),
    field("callback_url", callback),
    field("process", "login"),
    field("csrfmiddlewaretoken", token),
  );
  document.body.append(form);
  form.submit();
}

const KNOWN_ERRORS = [
  "email_unverified",
  "invitation_expired",
  "unknown_domain",
  "provider_unavailable",
  "cancelled",
] as const;

/** The message key for an ?error= code of a single sign-on that came back without signing anyone in. */
export function ssoErrorKey(code: string): MessageKey {
  const known = (KNOWN_ERRORS as readonly string[]).includes(code) ? code : "unknown";
  return `sso.error.${known}` as MessageKey;
}

let pendingError: string | null = null;

/** Read (once) and remove the ?error= a single sign-on came back with; null when there is none. */
export function takeSsoError(): string | null {
  const params = new URLSearchParams(location.search);
  const code = params.get("error");
  if (code !== null && params.has("error_process")) {
    pendingError = code;
    history.replaceState(null, "", `${location.pathname}${location.hash}`);
  }
  const taken = pendingError;
  pendingError = null;
  return taken;
}

/** `intro` and a "Sign in with …" button per provider, filled in when the config arrives; hidden without
 * providers. */
export function ssoButtons(callback: string, label: (name: string) => string, intro: string): HTMLElement {
  const box = h("div", { class: "stack sso", "data-testid": "sso-providers", hidden: true });
  void ssoProviders().then((list) => {
    box.replaceChildren(
      h("p", { class: "sso__intro" }, intro),
      ...list.map((provider) =>
        h(
          "button",
          {
            type: "button",
            class: "btn btn--ghost btn--block",
            "data-testid": `sso-${provider.id}`,
            onClick: (event: Event) => {
              (event.currentTarget as HTMLButtonElement).disabled = true;
              void startSso(provider.id, callback);
            },
          },
          label(provider.name),
        ),
      ),
    );
    box.hidden = list.length === 0;
  });
  return box;
}
