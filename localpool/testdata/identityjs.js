// Drives the local pool with amazon-cognito-identity-js and checks its tokens
// with aws-jwt-verify: implementations we did not write.
// Env: NODE_PATH (the testtools node_modules), ENDPOINT, POOL_ID, CLIENT_ID,
// USERNAME, PASSWORD, NEW_PASSWORD. NODE_EXTRA_CA_CERTS trusts the test TLS certificate.
'use strict';
const { env, pass, run } = require('./harness');
const {
	CognitoUserPool,
	CognitoUser,
	AuthenticationDetails,
} = require('amazon-cognito-identity-js');
const { JwtRsaVerifier } = require('aws-jwt-verify');

const endpoint = env('ENDPOINT');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const username = env('USERNAME');
const password = env('PASSWORD');
const newPassword = env('NEW_PASSWORD');

const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });
const issuer = `${endpoint}/${poolId}`;
const jwksUri = `${issuer}/.well-known/jwks.json`;
const idVerifier = JwtRsaVerifier.create({ issuer, audience: clientId, jwksUri });
const accessVerifier = JwtRsaVerifier.create({
	issuer,
	audience: null,
	jwksUri,
	customJwtCheck: ({ payload }) => {
		if (payload.token_use !== 'access') throw new Error('token_use is not access');
		if (payload.client_id !== clientId) throw new Error('client_id mismatch');
	},
});

function signIn(pw) {
	const user = new CognitoUser({ Username: username, Pool: pool });
	return new Promise((resolve, reject) => {
		user.authenticateUser(new AuthenticationDetails({ Username: username, Password: pw }), {
			onSuccess: session => resolve({ user, session }),
			onFailure: reject,
			newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
		});
	});
}

async function expectError(promise, code, message) {
	try {
		await promise;
	} catch (err) {
		if (err.code !== code || (message && err.message !== message)) {
			throw new Error(`got ${err.code}: ${err.message}, want ${code}${message ? ': ' + message : ''}`);
		}
		return err;
	}
	throw new Error(`succeeded, want ${code}`);
}

async function verifyTokens(step, session) {
	const id = await idVerifier.verify(session.getIdToken().getJwtToken());
	const access = await accessVerifier.verify(session.getAccessToken().getJwtToken());
	if (id.token_use !== 'id' || id.email !== username || id['cognito:username'] !== access.username) {
		throw new Error(`${step}: unexpected claims ${JSON.stringify(id)}`);
	}
	if (access.scope !== 'aws.cognito.signin.user.admin' || id.origin_jti !== access.origin_jti) {
		throw new Error(`${step}: unexpected access claims ${JSON.stringify(access)}`);
	}
	pass(`${step} tokens verify with aws-jwt-verify`, `sub ${id.sub}`);
}

async function main() {
	await expectError(signIn('Wrong-passw0rd'), 'NotAuthorizedException', 'Incorrect username or password.');
	pass('SRP sign-in with a wrong password is refused');

	const { user, session } = await signIn(password);
	if (!session.isValid()) throw new Error('session not valid');
	pass('SRP sign-in');
	await verifyTokens('sign-in', session);

	const refreshed = await new Promise((resolve, reject) =>
		user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
	);
	if (refreshed.getAccessToken().getJwtToken() === session.getAccessToken().getJwtToken()) {
		throw new Error('refresh returned the same access token');
	}
	pass('refreshSession');
	await verifyTokens('refresh', refreshed);

	await new Promise((resolve, reject) =>
		user.changePassword(password, newPassword, (err, res) => (err ? reject(err) : resolve(res))),
	);
	pass('changePassword');
	await expectError(signIn(password), 'NotAuthorizedException');
	const second = await signIn(newPassword);
	pass('SRP sign-in with the new password');

	const oldAccess = second.session.getAccessToken().getJwtToken();
	const oldRefresh = second.session.getRefreshToken();
	await new Promise((resolve, reject) =>
		second.user.globalSignOut({ onSuccess: resolve, onFailure: reject }),
	);
	pass('globalSignOut');
	await expectError(
		new Promise((resolve, reject) =>
			second.user.refreshSession(oldRefresh, (err, s) => (err ? reject(err) : resolve(s))),
		),
		'NotAuthorizedException',
	);
	pass('refresh after globalSignOut fails');
	await expectError(
		new Promise((resolve, reject) =>
			pool.client.request('GetUser', { AccessToken: oldAccess }, (err, d) => (err ? reject(err) : resolve(d))),
		),
		'NotAuthorizedException',
		'Access Token has been revoked',
	);
	pass('old access token is revoked');
}

run(main);
