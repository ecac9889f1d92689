// The js build's exponentiations modulo N in the engine's BigInt (see
// exp_js.go): a function of N in hex (odd) and the comb shapes [bits, rows,
// tables] of group.go. Numbers cross in hex, which costs little next to one
// multiplication.
(function (mHex, shapes) {
	'use strict';
	const m = BigInt('0x' + mHex);
	// Numbers are kept in Montgomery's form x*R mod N with R = 2^k > N. The
	// reduction of a product runs in four steps of a quarter of k bits each:
	// a step multiplies a quarter-width number by N, and four of them cost
	// less than the two full-width multiplications of a reduction in one
	// step (a multiplication modulo N takes about a fifth less in Chromium).
	const width = m.toString(2).length, quarter = Math.ceil(width / 4);
	const k = BigInt(4 * quarter), q = BigInt(quarter);
	const toMont = x => (x << k) % m;
	// mInv = -1/N mod 2^quarter, by Newton's iteration (each step doubles
	// the correct low bits; N is odd, so 1 is right mod 2).
	let inv = 1n;
	for (let bits = 1; bits < quarter; bits *= 2) inv = BigInt.asUintN(quarter, inv * (2n - m * inv));
	const mInv = BigInt.asUintN(quarter, -inv);
	// mul returns x*y/R mod N for 0 <= x, y < N. Each step adds the multiple
	// of N that clears the low quarter bits of the low half, and drops them;
	// the high half is added back at the end: (x*y + Q*N)/R, less than 2N.
	function mul(x, y) {
		const t = x * y;
		let r = BigInt.asUintN(4 * quarter, t);
		for (let i = 0; i < 4; i++) r = (r + BigInt.asUintN(quarter, BigInt.asUintN(quarter, r) * mInv) * m) >> q;
		r += t >> k;
		return r >= m ? r - m : r;
	}
	const fromMont = x => mul(x, 1n);
	const one = toMont(1n);

	// bitsOf returns the bits of a hex number, least significant first,
	// padded with zeros to at least n bits.
	function bitsOf(hex, n) {
		const bits = new Uint8Array(Math.max(hex.length * 4, n));
		for (let i = 0; i < hex.length; i++) {
			const d = parseInt(hex[hex.length - 1 - i], 16);
			bits[4 * i] = d & 1;
			bits[4 * i + 1] = (d >> 1) & 1;
			bits[4 * i + 2] = (d >> 2) & 1;
			bits[4 * i + 3] = (d >> 3) & 1;
		}
		return bits;
	}

	// Lim and Lee's fixed-base comb for g = 2, as group.go's comb: bit j of
	// row i is bit i*cols+j of e, and table[k][s] is the product of
	// g^(2^(i*cols+k*span)) over the rows i in the set s.
	function newComb([bits, rows, tables]) {
		const cols = bits / rows, span = cols / tables;
		const bases = Array.from({ length: tables }, () => []);
		let base = toMont(2n);
		for (let i = 0; i < rows * tables; i++) {
			bases[i % tables].push(base);
			if (i + 1 < rows * tables) for (let j = 0; j < span; j++) base = mul(base, base); // the last needs no successor
		}
		const table = bases.map(rowBases => {
			const entries = [one];
			rowBases.forEach((b, i) => {
				entries.push(b);
				for (let s = (1 << i) + 1; s < 1 << (i + 1); s++) entries.push(mul(entries[s - (1 << i)], b));
			});
			return entries;
		});
		return { bits, rows, cols, span, table };
	}

	function combExp(c, e) {
		let r = one, first = true;
		for (let j = c.span - 1; j >= 0; j--) {
			if (!first) r = mul(r, r);
			for (let t = 0; t < c.table.length; t++) {
				let s = 0;
				for (let i = 0, at = t * c.span + j; i < c.rows; i++, at += c.cols) s |= e[at] << i;
				if (s !== 0) {
					r = first ? c.table[t][s] : mul(r, c.table[t][s]);
					first = false;
				}
			}
		}
		return r;
	}

	// modPow returns b^e mod N for 0 <= b < N, both in Montgomery's form,
	// by sliding windows of up to 5 bits over odd powers of b.
	function modPow(b, e) {
		const b2 = mul(b, b);
		const odd = [b];
		for (let i = 1; i < 16; i++) odd.push(mul(odd[i - 1], b2));
		let r = one, first = true;
		for (let i = e.length - 1; i >= 0;) {
			if (e[i] === 0) {
				if (!first) r = mul(r, r);
				i--;
				continue;
			}
			let low = Math.max(i - 4, 0);
			while (e[low] === 0) low++;
			let w = 0;
			for (let j = i; j >= low; j--) {
				w = 2 * w + e[j];
				if (!first) r = mul(r, r);
			}
			r = first ? odd[w >> 1] : mul(r, odd[w >> 1]);
			first = false;
			i = low - 1;
		}
		return r;
	}

	let combs; // built on first use
	function prepare() {
		if (!combs) combs = shapes.map(newComb);
		return combs;
	}
	return {
		prepare() { prepare(); },
		// powG returns g^e mod N in hex, for e in hex.
		powG(eHex) {
			const n = eHex.length * 4; // at least e's bit length
			const c = prepare().find(c => n <= c.bits);
			return fromMont(c ? combExp(c, bitsOf(eHex, c.bits)) : modPow(toMont(2n), bitsOf(eHex, 0))).toString(16);
		},
		// modPow returns b^e mod N in hex, for b and e in hex.
		modPow(bHex, eHex) {
			return fromMont(modPow(toMont(BigInt('0x' + bHex) % m), bitsOf(eHex, 0))).toString(16);
		},
	};
})
