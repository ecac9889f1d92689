// Package staticsite serves and publishes the app as static files.
//
// A [Handler] serves a directory the way `cognitowasm serve` needs it: each
// compressible file coded with the best content coding the browser accepts,
// from a precompressed sibling (name.br, name.gz) when one is current, else
// compressed once on the fly and kept in memory. [Precompress] writes those
// siblings ahead of time at the slow, best settings.
package staticsite
