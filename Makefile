# cognitowasm: `make run` starts the app on the local pool, `make test` runs every test.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/wasm_exec.js
JS_EXEC   := $(GOROOT)/lib/wasm/go_js_wasm_exec
# Packages whose tests also run as js/wasm under node (no network there).
WASM_TEST_PKGS := ./srp/ ./app/token/ ./app/storage/
TESTTOOLS := .ci/testtools/node_modules/.package-lock.json
BENCH_OUT := $(CURDIR)/bin/bench.tsv

.PHONY: run build wasm test test-native test-wasm bench lint testtools clean

run: wasm build
	./bin/cognitowasm serve

build:
	$(GO) build -o bin/cognitowasm ./wasm

# No inlining outside the runtime: the inlined copies cost 11% of app.wasm with
# brotli (3.00 MB with them, 2.66 MB without; 2.61 MB without the runtime's too,
# whose fast paths every allocation and map access takes). Except in the
# arithmetic of a sign-in (SRP's math/big, the RS256 check's filippo.io/bigmod),
# whose inner loops otherwise call math/bits out of line: +16 KB with brotli
# for about 20 ms less per sign-in in Chromium. wasm/browser_test.go builds
# the tests' app.wasm with the same flags.
WASM_BUILD_FLAGS := -trimpath -gcflags=all=-l -gcflags=runtime/...= -gcflags=internal/runtime/...= \
	-gcflags=math/big= -gcflags=filippo.io/bigmod= -gcflags=github.com/cognitowasm/cognitowasm/srp= -ldflags="-s -w"

# Also writes .br and .gz copies, which `cognitowasm serve` sends to browsers that accept them.
wasm:
	GOOS=js GOARCH=wasm $(GO) build $(WASM_BUILD_FLAGS) -o web/app.wasm ./wasm
	cp "$(WASM_EXEC)" web/wasm_exec.js
	$(GO) run ./wasm precompress web/app.wasm

$(TESTTOOLS): .ci/testtools/package-lock.json
	cd .ci/testtools && npm ci --no-audit --no-fund --loglevel=error

testtools: $(TESTTOOLS)

test: lint wasm testtools test-native test-wasm

test-native:
	$(GO) test -count=1 ./...

test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(JS_EXEC)" $(WASM_TEST_PKGS)

# Each package's BenchReport test appends tab-separated rows (area, metric, ours, peer, ratio) to $(BENCH_OUT).
bench: wasm testtools
	@mkdir -p bin && rm -f $(BENCH_OUT)
	COGNITOWASM_BENCH=$(BENCH_OUT) $(GO) test -p 1 -count=1 -run 'BenchReport' ./... >/dev/null
	@awk -F'\t' 'BEGIN{printf "%-10s %-84s %-12s %-28s %s\n","area","metric","ours","peer","ratio"} {printf "%-10s %-84s %-12s %-28s %s\n",$$1,$$2,$$3,$$4,$$5}' $(BENCH_OUT)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null; git ls-files -o --exclude-standard '*.go' 2>/dev/null)); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./srp/... ./app/... ./wasm/...

clean:
	rm -rf bin web/app.wasm web/app.wasm.gz web/app.wasm.br web/wasm_exec.js
