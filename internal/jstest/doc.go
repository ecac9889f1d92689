// Package jstest runs the independent JavaScript implementations the tests
// check our protocol code against: the official amazon-cognito-identity-js
// and aws-jwt-verify, installed by `make testtools` into .ci/testtools.
//
// A script gets the node_modules directory as its first argument, then the
// caller's arguments, reads one JSON value on stdin and writes one on stdout.
// A missing installation fails the test: it is never skipped.
package jstest
