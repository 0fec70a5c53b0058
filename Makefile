# One entry point for developers, CI and operators. Every target works from a fresh clone with
# only Go installed; tools the targets need are installed into ./.tools by the targets themselves.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

MODULES := platform migrations auth/contract orders/contract payments/contract auth orders payments admin gateway tools deploy
# every package of every module, as go patterns from the repository root (a nested module such
# as orders/contract is not part of ./orders/..., hence one pattern per module)
PACKAGES := $(foreach m,$(MODULES),./$(m)/...)
# binary → its main package
BINARIES := gateway=./gateway/cmd/gateway auth-service=./auth/cmd/auth-service orders-service=./orders/cmd/orders-service payments-service=./payments/cmd/payments-service
GOLANGCI_VERSION := v2.15.0
TOOLS := $(CURDIR)/.tools
FUZZTIME ?= 3s
# Every go command of every target (and of the tests they run) uses this Go: it carries standard
# library security fixes that the machine's Go 1.26.8 lacks. The machine's go command downloads it
# once from the Go module proxy (about 76 MB). deploy/Dockerfile's GO_VERSION follows it (checked
# by deploy/dockerfile_test.go); the go.mod files keep their `go` lines.
export GOTOOLCHAIN ?= go1.27.3
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
export TEST_DATABASE_URL

.PHONY: stage1 split stage2 stage3 down run build test test-modules test-unit test-fuzz lint vulncheck bench tidy clean help

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

run: build ## start the gateway with every context on SQLite under ./var
	LOG_FORMAT=$${LOG_FORMAT:-text} ./bin/gateway

build: ## build every binary into ./bin
	@mkdir -p bin
	@for b in $(BINARIES); do CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o bin/$${b%%=*} $${b#*=}; done
	@echo "built: $$(ls bin | tr '\n' ' ')"

test: ## every module vets alone (GOWORK=off), then every test in one run (race detector on), then a report
	@start=$$(date +%s.%N); $(MAKE) --no-print-directory test-modules && $(MAKE) --no-print-directory test-unit TEST_STARTED=$$start

# go vet builds every package and its test files, so it alone proves that a module builds on its
# own. -race makes it compile the dependencies exactly as test-unit's go test -race does, so the
# two share the build cache instead of compiling everything twice.
test-modules: ## every module builds and vets on its own, test files included (GOWORK=off), as an extracted service would
	@for m in $(MODULES); do echo "== GOWORK=off go vet $$m"; (cd $$m && GOWORK=off go vet -race ./...); done

# One go test over every module (workspace mode) rather than one per module: compiling and
# running overlap across modules. tools/cmd/testreport shows a line per package and what failed,
# then lists the tests skipped for a missing service (PostgreSQL, NATS, Redis, Chromium…) and a
# summary line. The seed corpus of every fuzz target runs here as an ordinary test. -vet=off:
# test-modules has just vetted every package with its test files, with every analyzer, and go
# test's own vet pass (a subset) would analyse them all again on a cold cache.
#
# gateway/e2e and deploy's Dockerfile test build the binaries (-trimpath, CGO off) from inside
# their tests, at the same time: compiling their packages once beforehand (go list -export
# compiles without linking) spares a cold build cache compiling them twice.
test-unit: ## every test of every module in one go test run (race detector on), then the report
	@scripts/check-postgres.sh
	@go build -o $(TOOLS)/testreport ./tools/cmd/testreport
	@CGO_ENABLED=0 go list -trimpath -export -deps $(foreach b,$(BINARIES),$(lastword $(subst =, ,$(b)))) >/dev/null
	@go test -race -count=1 -vet=off -json $(PACKAGES) | $(TOOLS)/testreport -since "$(or $(TEST_STARTED),$$(date +%s.%N))"

# Each target needs its own instrumented build, which costs far more than its few seconds of
# fuzzing: CI runs this after `make test` (.ci/run).
test-fuzz: ## fuzz each target for FUZZTIME (CI runs it; longer by hand: make test-fuzz FUZZTIME=2m)
	@scripts/fuzz-all.sh $(FUZZTIME) $(MODULES)

lint: $(TOOLS)/golangci-lint ## gofmt, go vet, golangci-lint, then vulncheck
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@for m in $(MODULES); do (cd $$m && go vet ./... && $(TOOLS)/golangci-lint run --config $(CURDIR)/.golangci.yml ./...); done
	@$(MAKE) --no-print-directory vulncheck

# The vulnerability database is built locally from the golang.org/x/vulndb module (served by the
# Go module proxy), because vuln.go.dev itself is not reachable from every build machine.
VULNDB_VERSION := v0.0.0-20261105234957-e22db6528018
VULNDB := $(TOOLS)/vulndb

# tools/cmd/vulncheck runs govulncheck (golang.org/x/vuln, its version pinned by tools/go.mod) on
# every module and fails on any reached advisory that is not a reviewed exception in its
# accepted.json, on an exception whose fix now exists, and on an exception nothing reaches.
vulncheck: $(VULNDB)/index/db.json ## govulncheck every module against the local database and the reviewed exceptions
	go run ./tools/cmd/vulncheck -db file://$(VULNDB) $(MODULES)

$(VULNDB)/index/db.json:
	go mod download golang.org/x/vulndb@$(VULNDB_VERSION)
	go run golang.org/x/vulndb/cmd/indexdb@$(VULNDB_VERSION) \
		-vulns "$$(go env GOMODCACHE)/golang.org/x/vulndb@$(VULNDB_VERSION)/data/osv" -out $(VULNDB)

$(TOOLS)/golangci-lint:
	GOBIN=$(TOOLS) go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)

bench: build ## measure the running gateway on PostgreSQL with a load generator (see README)
	go run ./tools/cmd/bench -binary bin/gateway -database-url "$(TEST_DATABASE_URL)"

stage1: build ## start the gateway alone on loopback (SQLite under var/stage1) and wait until ready
	@scripts/topology.sh up stage1

split: build ## start three services (own PostgreSQL databases, NATS) and the gateway on loopback
	@scripts/topology.sh up split

stage2: build ## start REPLICAS gateways (default 3) on one PostgreSQL database behind HAProxy on loopback
	@REPLICAS=$(or $(REPLICAS),3) scripts/topology.sh up stage2

stage3: build ## a PostgreSQL primary, a streaming replica of it and a Redis (under var/stage3), and the gateway on them
	@scripts/topology.sh up stage3

down: ## stop what `make stage1`, `make split`, `make stage2` or `make stage3` started
	@scripts/topology.sh down

tidy: ## go mod tidy in every module
	@for m in $(MODULES); do (cd $$m && go mod tidy); done

clean: ## remove binaries and the local SQLite store
	rm -rf bin var
