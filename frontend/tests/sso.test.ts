import { afterEach, describe, expect, it, vi } from "vitest";
import { t } from "../src/i18n";
import { ssoButtons, ssoErrorKey, takeSsoError } from "../src/sso";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
  history.replaceState(null, "", "/");
  document.body.replaceChildren();
});

describe("single sign-on", () => {
  it("reads the error a sign-in came back with once, and takes it off the address", () => {
    history.replaceState(null, "", "/?error=unknown_domain&error_process=login#/login");
    expect(takeSsoError()).toBe("unknown_domain");
    expect(location.search).toBe("");
    expect(location.hash).toBe("#/login");
    expect(takeSsoError()).toBeNull();
  });

  it("ignores a query that is not a sign-in's answer", () => {
    history.replaceState(null, "", "/?error=x#/login");
    expect(takeSsoError()).toBeNull();
  });

  it("says each known failure in words and anything else as a general failure", () => {
    expect(t(ssoErrorKey("email_unverified"))).toContain("did not confirm your e-mail address");
    expect(t(ssoErrorKey("provider_unavailable"))).toContain("cannot be reached");
    expect(ssoErrorKey("something_new")).toBe("sso.error.unknown");
  });

  it("shows a button per configured provider", async () => {
    const providers = [{ id: "corp", name: "Corp ID", flows: ["provider_redirect"] }];
    const body = { status: 200, data: { socialaccount: { providers } } };
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify(body), { status: 200 })),
    );
    const box = ssoButtons("/", (name) => `Sign in with ${name}`, "or");
    await flush();
    await flush();
    expect(box.hidden).toBe(false);
    expect(box.querySelector('[data-testid="sso-corp"]')?.textContent).toBe("Sign in with Corp ID");
  });
});
