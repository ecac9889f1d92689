// Reads and writes a session with the official amazon-cognito-identity-js, for
// comparison with package storage's key layout.
// Usage: node cognito_storage.js <node_modules dir> <mode>  (JSON request on stdin, JSON answer on stdout)
//   read:    {userPoolId, clientId, store}  -> the session getSession restores from store
//   write:   {userPoolId, clientId, store, username, idToken, accessToken, refreshToken, clockDrift}
//            -> the store after CognitoUser.setSignInUserSession (which caches the tokens)
//   signout: {userPoolId, clientId, store}  -> the store after CognitoUser.signOut() (no token revocation)
"use strict";
const path = require("path");
const [modules, mode] = process.argv.slice(2);
const {
  CognitoUserPool,
  CognitoUser,
  CognitoUserSession,
  CognitoIdToken,
  CognitoAccessToken,
  CognitoRefreshToken,
} = require(path.join(modules, "amazon-cognito-identity-js"));

// mapStorage is the Storage interface amazon-cognito-identity-js expects,
// backed by a plain object that goes back to the test as JSON.
function mapStorage(items) {
  return {
    setItem(k, v) { items[k] = String(v); },
    getItem(k) { return Object.prototype.hasOwnProperty.call(items, k) ? items[k] : null; },
    removeItem(k) { delete items[k]; },
    clear() { for (const k of Object.keys(items)) delete items[k]; },
  };
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const req = JSON.parse(input);
  const items = req.store || {};
  const Storage = mapStorage(items);
  const pool = new CognitoUserPool({ UserPoolId: req.userPoolId, ClientId: req.clientId, Storage });

  switch (mode) {
    case "read": {
      const user = pool.getCurrentUser();
      if (!user) return { found: false };
      const session = await new Promise((resolve, reject) =>
        user.getSession((err, s) => (err ? reject(err) : resolve(s))),
      );
      return {
        found: true,
        username: user.getUsername(),
        idToken: session.getIdToken().getJwtToken(),
        accessToken: session.getAccessToken().getJwtToken(),
        refreshToken: session.getRefreshToken().getToken(),
        clockDrift: session.getClockDrift(),
        valid: session.isValid(),
      };
    }
    case "write": {
      const user = new CognitoUser({ Username: req.username, Pool: pool, Storage });
      user.setSignInUserSession(
        new CognitoUserSession({
          IdToken: new CognitoIdToken({ IdToken: req.idToken }),
          AccessToken: new CognitoAccessToken({ AccessToken: req.accessToken }),
          RefreshToken: new CognitoRefreshToken({ RefreshToken: req.refreshToken }),
          ClockDrift: req.clockDrift,
        }),
      );
      return { store: items };
    }
    case "signout": {
      const user = pool.getCurrentUser();
      if (user) user.signOut();
      return { store: items };
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

main().then(
  (answer) => process.stdout.write(JSON.stringify(answer)),
  (err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err));
    process.exit(1);
  },
);
