// Package staticsite serves and publishes a go-app app as static files.
//
// [Generate] writes the app as a static website with go-app's own
// app.GenerateStaticWebsite: a page for every route, the single-page
// fallback (index.html), app.js, the service worker and the manifest, plus
// the toolchain's wasm_exec.js, config.json, and the app's web/ files under
// a directory named for their content, so those can be cached forever.
// Compressible files are stored coded for the [Target]: gzip for an S3
// website endpoint (plain HTTP, where browsers refuse brotli), brotli for
// CloudFront, keeping their names. The [Manifest] it writes beside the site
// (objects.json) lists every object with its Content-Type,
// Content-Encoding, Cache-Control and MD5, for any uploader.
//
// A [Handler] serves a directory the way `cognitowasm serve` needs it: each
// compressible file coded with the best content coding the browser accepts,
// from a precompressed sibling (name.br, name.gz) when one is current, else
// compressed once on the fly and kept in memory. [Precompress] writes those
// siblings ahead of time at the slow, best settings.
package staticsite
