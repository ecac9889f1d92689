// Package srp implements the Secure Remote Password protocol (SRP-6a) the
// way Amazon Cognito user pools use it, bit for bit compatible with
// amazon-cognito-identity-js.
//
// The group is the RFC 3526 3072-bit MODP group with g = 2 and SHA-256.
// Integers are hashed in the form of Java's BigInteger.toByteArray: two's
// complement big-endian with the fewest bytes that keep a sign bit (see
// pad). With H = SHA-256 and | for concatenation:
//
//	k = H(pad(N) | pad(g))
//	u = H(pad(A) | pad(B))
//	x = H(pad(salt) | H(Realm | Name | ":" | password))
//	S = (B - k*g^x) ^ (a + u*x) mod N      (client)
//	  = (A * v^u) ^ b mod N                (server, v = g^x mod N)
//	K = HKDF-SHA256(ikm pad(S), salt pad(u), info "Caldera Derived Key"), 16 bytes
//	PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(K, Realm | Name | SECRET_BLOCK | TIMESTAMP))
//
// A user signs in with [UserIdentity] (Realm is the pool name after the "_"
// of the pool ID, Name is USER_ID_FOR_SRP); a remembered device with
// [DeviceIdentity]. [Client] computes SRP_A and the claim, [NewDeviceSecret]
// makes the verifier for ConfirmDevice, and [Verifier] with [Server] (and
// [CheckA] for the SRP_A that starts a sign-in) is the pool's side.
//
// g^e goes through fixed-base combs (tables of powers of g built once, about
// 600 KB), so A and g^x cost a fraction of a full exponentiation. On amd64
// with BMI2 and ADX every product modulo N is a Montgomery multiplication
// or squaring in assembly (mont_amd64.s), and other exponentiations use a
// 5-bit sliding window: about 1.6 times as fast as math/big's Exp, which
// serves other CPUs. In the js build the exponentiations run in the
// engine's BigInt (bigint.js) unless the page forbids building a function
// from source, and then in math/big. None is constant time, as in
// amazon-cognito-identity-js.
//
// Every error is an [*Error] that matches [ErrInvalidInput] or [ErrBadClaim]
// through [errors.Is]; inputs are bounded in length and never cause a panic.
package srp
