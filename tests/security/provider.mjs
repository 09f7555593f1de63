// A real OpenID provider for the security tests: oidc-provider (a certified implementation),
// configured from the JSON file named as the first argument. Its development sign-in pages take
// any password for the accounts listed; the dashboard is a confidential client using the
// authorization code flow with PKCE; the tests' own public client asks for access tokens for the
// API, issued as JWTs for its resource indicator (the API's audience), with the person's name
// and groups in them. Consent is given in advance for both clients, as an organisation's
// administrator does for its own applications. It prints "listening" once it serves.
import { readFileSync } from 'node:fs';

import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { accounts, audience } = config;

const provider = new Provider(config.issuer, {
  clients: [
    {
      client_id: config.dashboard.client_id,
      client_secret: config.dashboard.client_secret,
      redirect_uris: config.dashboard.redirect_uris,
      post_logout_redirect_uris: config.dashboard.post_logout_redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
    {
      client_id: config.tester.client_id,
      token_endpoint_auth_method: 'none',
      redirect_uris: [config.tester.redirect_uri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: config.jwks,
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: account.name, groups: account.groups };
      },
    };
  },
  claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'groups'],
  // The dashboard reads the person from the ID token, as it does from Entra ID's.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => true,
      async getResourceServerInfo(_ctx, resource) {
        if (resource !== audience) throw new errors.InvalidTarget();
        return {
          scope: 'interventions',
          audience,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  async extraTokenClaims(_ctx, token) {
    const account = accounts[token.accountId];
    return account ? { name: account.name, groups: account.groups } : undefined;
  },
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const existing = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
    if (existing) return oidc.provider.Grant.find(existing);
    const grant = new oidc.provider.Grant({
      clientId: oidc.client.clientId,
      accountId: oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile groups');
    grant.addOIDCClaims(['name', 'groups']);
    grant.addResourceScope(audience, 'interventions');
    await grant.save();
    return grant;
  },
});

const server = provider.listen(config.port, '127.0.0.1', () => {
  console.log(`listening on ${config.issuer}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
