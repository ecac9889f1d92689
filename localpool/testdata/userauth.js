// Drives the local pool's choice-based sign-in and refresh-token rotation
// with Amplify v6, an implementation we did not write.
// Env: NODE_PATH (the testtools node_modules), ENDPOINT, POOL_ID, CLIENT_ID
// (allows USER_AUTH), ROTATING_CLIENT_ID (rotates refresh tokens, grace
// period 0), PASSWORD, and USERNAME (a user with a verified email address).
'use strict';
const { env, pass, check, inboxCode: findCode, run } = require('./harness');
const { Amplify } = require('aws-amplify');
const auth = require('aws-amplify/auth');

const endpoint = env('ENDPOINT');
const poolId = env('POOL_ID');
const password = env('PASSWORD');
const username = env('USERNAME');

const configure = clientId =>
	Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: endpoint } } });

const inboxCode = () => findCode(username, m => m.purpose === 'sign_in' && m.attribute === 'email', 'a sign-in code');

async function emailOTP() {
	let res = await auth.signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
	check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `step ${res.nextStep.signInStep}`);
	check(res.nextStep.codeDeliveryDetails.deliveryMedium === 'EMAIL', 'delivery medium');
	res = await auth.confirmSignIn({ challengeResponse: await inboxCode() });
	check(res.isSignedIn, 'signed in with the email code');
	const session = await auth.fetchAuthSession();
	check(session.tokens.idToken.payload.email === username, 'the ID token names the user');
	pass('amplify USER_AUTH EMAIL_OTP');
	await auth.signOut();
}

async function selectChallenge() {
	for (const choice of ['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']) {
		let res = await auth.signIn({ username, options: { authFlowType: 'USER_AUTH' } });
		check(res.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', `step ${res.nextStep.signInStep}`);
		const offered = res.nextStep.availableChallenges.join();
		check(offered === 'PASSWORD,PASSWORD_SRP,EMAIL_OTP', `availableChallenges ${offered}`);
		res = await auth.confirmSignIn({ challengeResponse: choice });
		if (choice === 'EMAIL_OTP') {
			check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `step ${res.nextStep.signInStep}`);
			res = await auth.confirmSignIn({ challengeResponse: await inboxCode() });
		} else {
			check(res.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_PASSWORD', `step ${res.nextStep.signInStep}`);
			res = await auth.confirmSignIn({ challengeResponse: password });
		}
		check(res.isSignedIn, `signed in after choosing ${choice}`);
		pass(`amplify SELECT_CHALLENGE ${choice}`);
		await auth.signOut();
	}
}

// With a grace period of 0, a second refresh works only if Amplify kept the
// refresh token the first one returned.
async function rotation() {
	configure(env('ROTATING_CLIENT_ID'));
	let res = await auth.signIn({ username, password, options: { authFlowType: 'USER_SRP_AUTH' } });
	check(res.isSignedIn, 'signed in on the rotating client');
	const first = (await auth.fetchAuthSession()).tokens.accessToken.toString();
	const second = (await auth.fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString();
	const third = (await auth.fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString();
	check(second && third && second !== first && third !== second, 'each refresh gave new tokens');
	pass('amplify GetTokensFromRefreshToken rotation');
	await auth.signOut();
}

run(async () => {
	configure(env('CLIENT_ID'));
	await emailOTP();
	await selectChallenge();
	await rotation();
});
