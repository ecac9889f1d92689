// An independent relying party against the local pool's hosted UI:
// openid-client (a certified OpenID Connect client) does discovery, the
// authorization code flow with PKCE S256, userInfo, refresh and revocation.
// The login form is filled by this script's own HTTP client (fetch with a
// hand-kept cookie jar), as a browser would.
//
// argv[2] is the node_modules directory; the settings come in env:
// ISSUER, BASE, CLIENT_ID, REDIRECT_URI, USERNAME, PASSWORD.
'use strict';
const path = require('path');
const { createRequire } = require('module');

const req = createRequire(path.join(process.argv[2], 'noop.js'));
const env = process.env;
let passed = 0;
function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
  passed++;
}

// A browser just good enough for the hosted UI: cookies, manual redirects.
const jar = new Map();
async function browse(url, init = {}) {
  const headers = Object.assign({}, init.headers);
  if (jar.size) headers.cookie = [...jar].map(([k, v]) => k + '=' + v).join('; ');
  const res = await fetch(url, Object.assign({}, init, { headers, redirect: 'manual' }));
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    const name = pair.slice(0, i), value = pair.slice(i + 1);
    if (/Max-Age=-1|Max-Age=0/i.test(c) || value === '') jar.delete(name); else jar.set(name, value);
  }
  return res;
}

// signIn follows authorize to the login form, submits it, and returns the callback URL.
async function signIn(authURL) {
  let res = await browse(authURL);
  let url = new URL(res.headers.get('location'), authURL);
  check(res.status === 302 && url.pathname === '/login', 'authorize redirects to /login');
  res = await browse(url);
  const page = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page);
  const action = /<form method="post" action="([^"]+)"/.exec(page);
  check(res.status === 200 && csrf && action, 'the login page has a form with a CSRF token');
  const unescape = (s) => s.replace(/&amp;/g, '&').replace(/&#43;/g, '+').replace(/&#34;/g, '"').replace(/&#39;/g, "'");
  res = await browse(new URL(unescape(action[1]), url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: unescape(csrf[1]), username: env.USERNAME, password: env.PASSWORD }).toString(),
  });
  check(res.status === 302, 'the form redirects back to the app, got ' + res.status);
  return new URL(res.headers.get('location'));
}

async function main() {
  const client = await import(req.resolve('openid-client'));
  const insecure = { execute: [client.allowInsecureRequests] }; // the pool serves http on 127.0.0.1

  // Discovery.
  const config = await client.discovery(new URL(env.ISSUER), env.CLIENT_ID, undefined, client.None(), insecure);
  const meta = config.serverMetadata();
  check(meta.issuer === env.ISSUER, 'discovered issuer');
  check(meta.authorization_endpoint === env.BASE + '/oauth2/authorize', 'authorization_endpoint');
  check(meta.token_endpoint === env.BASE + '/oauth2/token', 'token_endpoint');
  check(meta.userinfo_endpoint === env.BASE + '/oauth2/userInfo', 'userinfo_endpoint');

  // Authorization code + PKCE.
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authURL = client.buildAuthorizationUrl(config, {
    redirect_uri: env.REDIRECT_URI, scope: 'openid email profile', state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const callback = await signIn(authURL);
  const tokens = await client.authorizationCodeGrant(config, callback,
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
  const claims = tokens.claims();
  check(claims.nonce === nonce && claims.aud === env.CLIENT_ID && claims.email === env.USERNAME, 'ID token claims');
  check(tokens.token_type.toLowerCase() === 'bearer' && tokens.refresh_token, 'a bearer token and a refresh token');
  check(tokens.scope === undefined || tokens.scope.includes('openid'), 'scope');

  // userInfo.
  const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  check(info.sub === claims.sub && info.email === env.USERNAME && info.email_verified === true, 'userInfo claims');

  // Refresh.
  const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
  check(refreshed.access_token && refreshed.access_token !== tokens.access_token, 'refreshed access token');
  check(refreshed.claims().sub === claims.sub, 'refreshed ID token of the same user');

  // Revocation: Cognito's discovery document names no revocation endpoint,
  // so the relying party is configured with it, as for Cognito.
  const revoking = new client.Configuration(Object.assign({}, meta, { revocation_endpoint: env.BASE + '/oauth2/revoke' }),
    env.CLIENT_ID, undefined, client.None());
  client.allowInsecureRequests(revoking);
  await client.tokenRevocation(revoking, tokens.refresh_token);
  let refused = null;
  try { await client.refreshTokenGrant(config, tokens.refresh_token); } catch (e) { refused = e; }
  check(refused && refused.error === 'invalid_grant', 'refresh after revocation is invalid_grant');
  let unauthorized = null;
  try { await client.fetchUserInfo(config, refreshed.access_token, claims.sub); } catch (e) { unauthorized = e; }
  check(unauthorized && unauthorized.status === 401, 'userInfo after revocation is 401, got ' + (unauthorized && (unauthorized.status || unauthorized.message)));

  // A second exchange of the same code fails.
  let reused = null;
  try {
    await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  } catch (e) { reused = e; }
  check(reused && reused.error === 'invalid_grant', 'a reused code is invalid_grant, got ' + (reused && (reused.error || reused.message)));

  process.stdout.write(JSON.stringify({ passed }) + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e, e && e.cause ? e.cause : '');
  process.stdout.write(JSON.stringify({ passed, error: String(e && e.message) }) + '\n');
  process.exit(1);
});
