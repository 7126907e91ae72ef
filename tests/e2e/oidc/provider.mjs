// A real OpenID Connect provider for the end-to-end journeys: node-oidc-provider (a certified implementation) with
// its development sign-in and consent pages, a few people, and one client, the e2e server.
//   node provider.mjs <port> <client_id> <client_secret> <redirect_uri>
// Prints "ready <issuer>" once it listens on 127.0.0.1:<port>. Any password is accepted; the login is the account.

import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

// The package is a dev dependency of the frontend: resolve it from there.
const frontend = new URL("../../../frontend/package.json", import.meta.url);
const { default: Provider } = await import(
  pathToFileURL(createRequire(fileURLToPath(frontend)).resolve("oidc-provider")).href
);

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

// login → claims. The e2e journeys register norte-films.example for Norte Films and invite ines@freelance.example
// (and olga@late.example, whose invitation expires before she accepts).
const PEOPLE = {
  nora: { email: "nora@norte-films.example", email_verified: true, given_name: "Nora", family_name: "Vidal" },
  ugo: { email: "ugo@norte-films.example", email_verified: false, given_name: "Ugo", family_name: "Sanz" },
  zoe: { email: "zoe@unknown.example", email_verified: true, given_name: "Zoe", family_name: "Ruiz" },
  ines: { email: "ines@freelance.example", email_verified: true, given_name: "Inés", family_name: "Pardo" },
  olga: { email: "olga@late.example", email_verified: true, given_name: "Olga", family_name: "Marín" },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "given_name", "family_name"] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const person = PEOPLE[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `${person.given_name} ${person.family_name}`, ...person };
      },
    };
  },
});
provider.proxy = false;

provider.listen(Number(port), "127.0.0.1", () => console.log(`ready ${issuer}`));
