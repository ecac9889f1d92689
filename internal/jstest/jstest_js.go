//go:build js

package jstest

import (
	"encoding/json"
	"path/filepath"
	"syscall/js"
	"testing"
)

// Run loads script into the node process that runs the js/wasm test (node
// cannot start processes for it), or into the Chromium page of
// wasm/testdata/gotest.html, which has a require of its own, and calls its exported
// run(node_modules, args..., input JSON), which returns the answer as JSON.
func Run(t testing.TB, script string, in, out any, args ...string) {
	t.Helper()
	input, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(script)
	if err != nil {
		t.Fatal(err)
	}
	require := js.Global().Get("require")
	if require.Type() != js.TypeFunction {
		t.Fatal("jstest: no require: the js/wasm tests run under node (go_js_wasm_exec) or in wasm/testdata/gotest.html")
	}
	callArgs := []any{Modules(t)}
	for _, a := range args {
		callArgs = append(callArgs, a)
	}
	callArgs = append(callArgs, string(input))
	var output string
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("%s %v: %v", filepath.Base(script), args, r)
			}
		}()
		output = require.Invoke(abs).Call("run", callArgs...).String()
	}()
	if err := json.Unmarshal([]byte(output), out); err != nil {
		t.Fatalf("%s %v: bad output: %v\n%s", filepath.Base(script), args, err, output)
	}
}
