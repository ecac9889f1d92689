// Runs amazon-cognito-identity-js on cases read as JSON from stdin and
// writes its results as JSON to stdout. Usage:
//   node cognito_srp.js <node_modules dir> claims|pad|timestamps|bench
// The js/wasm tests, which run inside node or Chromium, call the exported
// run(<node_modules dir>, mode, input JSON) instead.
'use strict';

const path = require('path');
let AuthenticationHelper, BigInteger, DateHelper, Sha256, Buffer, shared;

function load(modules) {
	if (shared) return;
	const lib = path.join(modules, 'amazon-cognito-identity-js', 'lib');
	AuthenticationHelper = require(path.join(lib, 'AuthenticationHelper')).default;
	BigInteger = require(path.join(lib, 'BigInteger')).default;
	DateHelper = require(path.join(lib, 'DateHelper')).default;
	({ Sha256 } = require(path.join(modules, '@aws-crypto', 'sha256-js')));
	({ Buffer } = require(path.join(modules, 'buffer')));
	// One helper serves every case: its constructor spends a modPow on a
	// random A we do not use. helperWithA resets it to realm and the secret aHex.
	shared = new AuthenticationHelper('');
}

// feedRandom makes the library's random source return the given bytes, in
// order: it reads crypto.getRandomValues one Uint32 at a time and uses the
// word big-endian.
const realGetRandomValues = globalThis.crypto.getRandomValues;
function feedRandom(hex) {
	const bytes = Buffer.from(hex, 'hex');
	let pos = 0;
	globalThis.crypto.getRandomValues = arr => {
		for (let i = 0; i < arr.length; i++) {
			if (pos + 4 > bytes.length) throw new Error('random bytes exhausted');
			arr[i] = bytes.readUInt32BE(pos);
			pos += 4;
		}
		return arr;
	};
}

function helperWithA(realm, aHex) {
	const helper = shared;
	helper.poolName = realm;
	helper.smallAValue = new BigInteger(aHex, 16);
	helper.largeAValue = null;
	let largeA;
	helper.getLargeAValue((err, A) => {
		if (err) throw err;
		largeA = A;
	});
	return { helper, largeA };
}

// claim does what CognitoUser does for PASSWORD_VERIFIER.
function claim(c) {
	const { helper, largeA } = helperWithA(c.realm, c.a);
	let hkdf;
	helper.getPasswordAuthenticationKey(
		c.name, c.password, new BigInteger(c.b, 16), new BigInteger(c.salt, 16),
		(err, key) => {
			if (err) throw err;
			hkdf = key;
		});
	const msg = Buffer.concat([
		Buffer.from(c.realm, 'utf8'),
		Buffer.from(c.name, 'utf8'),
		Buffer.from(c.secretBlock, 'base64'),
		Buffer.from(c.timestamp, 'utf8'),
	]);
	const mac = new Sha256(hkdf);
	mac.update(msg);
	return {
		A: largeA.toString(16),
		key: Buffer.from(hkdf).toString('hex'),
		signature: Buffer.from(mac.digestSync()).toString('base64'),
	};
}

// device does what CognitoUser does before ConfirmDevice.
function device(c) {
	const helper = shared;
	helper.poolName = c.group;
	feedRandom(c.random);
	let done = false;
	helper.generateHashDevice(c.group, c.key, err => {
		if (err) throw err;
		done = true;
	});
	globalThis.crypto.getRandomValues = realGetRandomValues;
	if (!done) throw new Error('generateHashDevice did not finish');
	return {
		password: helper.getRandomPassword(),
		salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
		verifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
	};
}

// timestamp runs DateHelper with the clock stopped at ms.
function timestamp(ms) {
	const RealDate = Date;
	globalThis.Date = class extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(ms);
			else super(...args);
		}
	};
	try {
		return new DateHelper().getNowString();
	} finally {
		globalThis.Date = RealDate;
	}
}

function main(mode, input) {
	const cases = JSON.parse(input);
	const helper = shared;
	switch (mode) {
	case 'claims':
		return cases.map(c => ({ claim: claim(c.claim), device: c.device ? device(c.device) : null }));
	case 'pad':
		return cases.map(n => helper.padHex(new BigInteger(n, 16)).toLowerCase());
	case 'timestamps':
		return cases.map(timestamp);
	case 'bench': {
		// cases: {claim, iterations}; times A + key + signature.
		const start = performance.now();
		for (let i = 0; i < cases.iterations; i++) claim(cases.claim);
		return { nsPerOp: (performance.now() - start) * 1e6 / cases.iterations };
	}
	default:
		throw new Error('unknown mode ' + mode);
	}
}

exports.run = (modules, mode, input) => {
	load(modules);
	return JSON.stringify(main(mode, input));
};

if (require.main === module) {
	load(process.argv[2]);
	let input = '';
	process.stdin.setEncoding('utf8');
	process.stdin.on('data', d => { input += d; });
	process.stdin.on('end', () => { process.stdout.write(JSON.stringify(main(process.argv[3], input))); });
}
