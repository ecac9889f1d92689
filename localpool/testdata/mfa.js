// Drives the local pool's MFA and remembered devices with
// amazon-cognito-identity-js and Amplify v6, with TOTP codes from otplib:
// implementations we did not write.
// Env: NODE_PATH (the testtools node_modules), ENDPOINT, POOL_ID, CLIENT_ID,
// PASSWORD, and the users ACIJ_TOTP, ACIJ_SMS, ACIJ_SELECT, AMP_TOTP,
// AMP_SMS, AMP_SELECT (each with a phone number; the SMS and SELECT users
// have SMS MFA turned on, the SELECT users also a software token whose
// secret is in ACIJ_SELECT_SECRET and AMP_SELECT_SECRET).
// The pool's clock is the real one plus an offset the test moves with
// POST ENDPOINT/_test/advance?seconds=N, so each TOTP code is of a new step.
'use strict';
const { env, pass, check, inboxCode: findCode, run } = require('./harness');
const acij = require('amazon-cognito-identity-js');
const { Amplify } = require('aws-amplify');
const auth = require('aws-amplify/auth');
const otplib = require('otplib');

const endpoint = env('ENDPOINT');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const password = env('PASSWORD');

// poolEpoch moves the pool's clock 30 s on and answers its time in seconds,
// so every code below is of a step the pool has not seen.
async function nextStep() {
	const res = await fetch(`${endpoint}/_test/advance?seconds=30`, { method: 'POST' });
	check(res.ok, 'advance the clock');
	return Number(await res.text());
}
async function totp(secret) {
	const epoch = await nextStep();
	return otplib.generate({ secret, epoch });
}
const inboxCode = username => findCode(username, m => m.purpose === 'mfa', 'an MFA code');

// ---- amazon-cognito-identity-js ----
const pool = new acij.CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint });

// acijSignIn runs authenticateUser, answering each callback with handlers[name].
function acijSignIn(username, handlers = {}) {
	const user = new acij.CognitoUser({ Username: username, Pool: pool });
	return new Promise((resolve, reject) => {
		const cb = {
			onSuccess: (session, confirmationNecessary) => resolve({ user, session, confirmationNecessary, asked: cb.asked }),
			onFailure: reject,
			asked: [],
		};
		for (const name of ['mfaRequired', 'totpRequired', 'selectMFAType', 'mfaSetup', 'newPasswordRequired']) {
			cb[name] = (...args) => {
				cb.asked.push(name);
				if (!handlers[name]) return reject(new Error(`unexpected ${name}`));
				Promise.resolve(handlers[name](user, cb, ...args)).catch(reject);
			};
		}
		user.authenticateUser(new acij.AuthenticationDetails({ Username: username, Password: password }), cb);
	});
}
const call = (fn) => new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data))));

async function acijTOTP() {
	const username = env('ACIJ_TOTP');
	const { user } = await acijSignIn(username);
	const secret = await new Promise((resolve, reject) =>
		user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
	const code = await totp(secret);
	await new Promise((resolve, reject) => user.verifySoftwareToken(code, 'node', { onSuccess: resolve, onFailure: reject }));
	await call(cb => user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb));
	pass('acij TOTP setup');
	const second = await acijSignIn(username, {
		totpRequired: async (u, cb) => u.sendMFACode(await totp(secret), cb, 'SOFTWARE_TOKEN_MFA'),
	});
	check(second.asked.join() === 'totpRequired', 'asked for the TOTP code');
	pass('acij TOTP sign-in');
	return secret;
}

async function acijSMS() {
	const username = env('ACIJ_SMS');
	const { asked } = await acijSignIn(username, {
		mfaRequired: async (u, cb, name, params) => {
			check(name === 'SMS_MFA' && params.CODE_DELIVERY_DELIVERY_MEDIUM === 'SMS', 'SMS_MFA parameters');
			u.sendMFACode(await inboxCode(username), cb);
		},
	});
	check(asked.join() === 'mfaRequired', 'asked for the SMS code');
	pass('acij SMS sign-in');
}

async function acijSelect() {
	const username = env('ACIJ_SELECT');
	const secret = env('ACIJ_SELECT_SECRET');
	const { asked } = await acijSignIn(username, {
		selectMFAType: (u, cb, name, params) => {
			check(JSON.parse(params.MFAS_CAN_CHOOSE).join() === 'SMS_MFA,SOFTWARE_TOKEN_MFA', 'MFAS_CAN_CHOOSE');
			u.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', cb);
		},
		totpRequired: async (u, cb) => u.sendMFACode(await totp(secret), cb, 'SOFTWARE_TOKEN_MFA'),
	});
	check(asked.join() === 'selectMFAType,totpRequired', `asked ${asked}`);
	pass('acij SELECT_MFA_TYPE');
}

async function acijDevice(secret) {
	const username = env('ACIJ_TOTP');
	const answer = { totpRequired: async (u, cb) => u.sendMFACode(await totp(secret), cb, 'SOFTWARE_TOKEN_MFA') };
	// The earlier sign-ins confirmed a device the user did not ask to remember: MFA is still asked.
	const first = await acijSignIn(username, answer);
	check(first.asked.join() === 'totpRequired', 'a device not remembered still asks for MFA');
	await call(cb => first.user.setDeviceStatusRemembered({ onSuccess: r => cb(null, r), onFailure: cb }));
	const keyName = `CognitoIdentityServiceProvider.${clientId}.${first.user.getUsername()}.deviceKey`;
	const stored = pool.storage.getItem(keyName);
	check(stored, `${keyName} is stored`);
	const listed = await call(cb => first.user.listDevices(60, null, { onSuccess: r => cb(null, r), onFailure: cb }));
	check(listed.Devices.some(d => d.DeviceKey === stored), 'ListDevices shows the device');
	pass('acij remember device', stored);
	const again = await acijSignIn(username);
	check(again.asked.length === 0, 'no MFA on the remembered device');
	check(again.session.getAccessToken().decodePayload().device_key === stored, 'device_key in the access token');
	pass('acij sign-in on the remembered device');
}

// ---- Amplify v6 ----
Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: endpoint } } });

async function ampTOTP() {
	const username = env('AMP_TOTP');
	let res = await auth.signIn({ username, password });
	check(res.isSignedIn, `signed in without MFA, got ${res.nextStep.signInStep}`);
	const setup = await auth.setUpTOTP();
	const uri = setup.getSetupUri('cognitowasm').href;
	check(uri.startsWith('otpauth://totp/cognitowasm:'), `setup URI ${uri}`);
	await auth.verifyTOTPSetup({ code: await totp(setup.sharedSecret) });
	await auth.updateMFAPreference({ totp: 'PREFERRED' });
	const pref = await auth.fetchMFAPreference();
	check(pref.preferred === 'TOTP' && pref.enabled.join() === 'TOTP', `fetchMFAPreference ${JSON.stringify(pref)}`);
	pass('amplify TOTP setup');
	await auth.signOut();
	res = await auth.signIn({ username, password });
	check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `step ${res.nextStep.signInStep}`);
	res = await auth.confirmSignIn({ challengeResponse: await totp(setup.sharedSecret) });
	check(res.isSignedIn, 'signed in with TOTP');
	pass('amplify TOTP sign-in');
	return setup.sharedSecret;
}

async function ampSMS() {
	await auth.signOut();
	const username = env('AMP_SMS');
	let res = await auth.signIn({ username, password });
	check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_SMS_CODE', `step ${res.nextStep.signInStep}`);
	check(res.nextStep.codeDeliveryDetails.deliveryMedium === 'SMS', 'delivery medium');
	res = await auth.confirmSignIn({ challengeResponse: await inboxCode(username) });
	check(res.isSignedIn, 'signed in with SMS');
	pass('amplify SMS sign-in');
}

async function ampSelect() {
	await auth.signOut();
	const username = env('AMP_SELECT');
	let res = await auth.signIn({ username, password });
	check(res.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', `step ${res.nextStep.signInStep}`);
	check(res.nextStep.allowedMFATypes.join() === 'SMS,TOTP', `allowedMFATypes ${res.nextStep.allowedMFATypes}`);
	res = await auth.confirmSignIn({ challengeResponse: 'TOTP' });
	check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `step ${res.nextStep.signInStep}`);
	res = await auth.confirmSignIn({ challengeResponse: await totp(env('AMP_SELECT_SECRET')) });
	check(res.isSignedIn, 'signed in after the selection');
	pass('amplify SELECT_MFA_TYPE');
}

async function ampDevice(secret) {
	await auth.signOut();
	const username = env('AMP_TOTP');
	let res = await auth.signIn({ username, password });
	check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `a device not remembered asks for MFA: ${res.nextStep.signInStep}`);
	res = await auth.confirmSignIn({ challengeResponse: await totp(secret) });
	check(res.isSignedIn, 'signed in');
	await auth.rememberDevice();
	const devices = await auth.fetchDevices();
	check(devices.length === 1, `fetchDevices ${JSON.stringify(devices)}`);
	pass('amplify remember device', devices[0].id);
	await auth.signOut();
	res = await auth.signIn({ username, password });
	check(res.isSignedIn && res.nextStep.signInStep === 'DONE', `no MFA on the remembered device: ${res.nextStep.signInStep}`);
	const session = await auth.fetchAuthSession();
	check(session.tokens.accessToken.payload.device_key === devices[0].id, 'device_key in the access token');
	pass('amplify sign-in on the remembered device');
	await auth.forgetDevice();
	await auth.signOut();
	res = await auth.signIn({ username, password });
	check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `a forgotten device asks for MFA again: ${res.nextStep.signInStep}`);
	pass('amplify forget device');
}

run(async () => {
	const acijSecret = await acijTOTP();
	await acijSMS();
	await acijSelect();
	await acijDevice(acijSecret);
	const ampSecret = await ampTOTP();
	await ampSMS();
	await ampSelect();
	await ampDevice(ampSecret);
});
