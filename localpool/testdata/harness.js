// What the node scripts that drive the local pool share: settings from the
// environment, the steps passed, checks, the local inbox, and the run that
// reports the count of steps passed (the Go test looks for it) or the failure.
'use strict';
if (typeof globalThis.navigator === 'undefined') {
	// Amplify names the device after navigator.userAgent.
	globalThis.navigator = { userAgent: 'node' };
}

const env = name => {
	const v = process.env[name];
	if (!v) throw new Error(`missing env ${name}`);
	return v;
};

const results = [];
const pass = (step, detail) => {
	results.push(step);
	console.log(`ok ${step}${detail ? ': ' + detail : ''}`);
};
const check = (cond, what) => {
	if (!cond) throw new Error(`check failed: ${what}`);
};

// inboxCode is the code of the first message in username's local inbox
// that matches, named what in the failure.
async function inboxCode(username, matches, what) {
	const q = new URLSearchParams({ pool: env('POOL_ID'), username });
	const res = await fetch(`${env('ENDPOINT')}/_local/inbox?${q}`);
	const body = await res.json();
	const msg = (body.messages || []).find(matches);
	check(msg, `${what} in the inbox of ${username}`);
	return msg.code;
}

function run(main) {
	main()
		.then(() => console.log(JSON.stringify({ passed: results.length })))
		.catch(err => {
			console.error('FAILED:', err && (err.code || err.name), err && err.message);
			process.exit(1);
		});
}

module.exports = { env, pass, check, inboxCode, run };
