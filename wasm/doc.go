// Command cognitowasm is both halves of the app. Built with GOOS=js GOARCH=wasm
// it is web/app.wasm, the single-page app. Built natively it is the
// cognitowasm command: `serve` (the default) serves that app, and the other
// subcommands run the local user pool and account flows from a terminal, and
// publish the app as a static site (`static` writes it, `deploy` uploads it to S3).
package main
