// Verifies tokens with the official aws-jwt-verify, for comparison with package token.
// Usage: node aws_jwt_verify.js <node_modules dir>  (JSON request on stdin, JSON answer on stdout)
// Request: {issuer, clientId, jwksUri, tokens: [{name, token, use}], bench: {token, use, warmup, iterations}}
// Answer:  {results: [{name, ok, error}], bench: {nsPerOp}}
"use strict";
const path = require("path");
const modules = process.argv[2];
const { JwtRsaVerifier } = require(path.join(modules, "aws-jwt-verify"));
const { SimpleJwksCache } = require(path.join(modules, "aws-jwt-verify", "dist", "cjs", "jwk.js"));

// aws-jwt-verify's own fetcher speaks only https (node's https.request); the
// test pool serves its JWKS over plain http on 127.0.0.1, so plug in a fetcher
// through the library's documented jwksCache option. Everything else
// (JWKS parsing, key selection, signature and claim checks) is the library's.
const httpFetcher = {
  async fetch(uri) {
    const res = await fetch(uri);
    if (res.status !== 200) throw new Error(`GET ${uri}: status ${res.status}`);
    return res.arrayBuffer();
  },
};

function verifierFor(req, use) {
  return JwtRsaVerifier.create(
    {
      issuer: req.issuer,
      jwksUri: req.jwksUri,
      // ID tokens name the client in aud; access tokens have no aud but client_id.
      audience: use === "id" ? req.clientId : null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== use) throw new Error(`token_use ${payload.token_use}, want ${use}`);
        if (use === "access" && payload.client_id !== req.clientId) throw new Error(`client_id ${payload.client_id}`);
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: httpFetcher }) },
  );
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const req = JSON.parse(input);
  const verifiers = { id: verifierFor(req, "id"), access: verifierFor(req, "access") };
  const answer = { results: [] };
  for (const t of req.tokens || []) {
    try {
      await verifiers[t.use].verify(t.token);
      answer.results.push({ name: t.name, ok: true });
    } catch (err) {
      answer.results.push({ name: t.name, ok: false, error: `${err.name}: ${err.message}` });
    }
  }
  if (req.bench) {
    const v = verifiers[req.bench.use];
    // The first verify fetches and caches the JWKS; the rest let V8 optimize
    // the library's code before the timed batch.
    for (let i = 0; i < Math.max(1, req.bench.warmup || 0); i++) await v.verify(req.bench.token);
    const n = req.bench.iterations;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await v.verify(req.bench.token);
    answer.bench = { nsPerOp: Number(process.hrtime.bigint() - start) / n };
  }
  process.stdout.write(JSON.stringify(answer));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
