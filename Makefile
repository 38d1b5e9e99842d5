# The two commands a new machine needs: `make demo` (the main job) and `make test` (every test).
# Both install what is missing first (scripts/bootstrap.sh).
SWIFT ?= swift

.PHONY: demo test bootstrap build bench fuzz sanitize

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build

demo: bootstrap
	@bash scripts/demo.sh

# Every test, from one build in two runs: first the unit, transport and hardening suites (many
# with time bounds) and the allocation guard (KMSAllocationTests: allocations per call against
# Tests/KMSAllocationTests/AllocationThresholds.swift), then the integration suites, which start local KMS servers and run the
# Python and AWS CLI peers; together on 2 cores, the peers took the CPU those bounds measure.
test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest --skip '^KMSIntegrationTests\.'
	$(SWIFT) test --skip-build --disable-xctest --filter '^KMSIntegrationTests\.'

# Loopback throughput against C and boto3, signing, memory, micro-benchmarks (docs/PERFORMANCE.md).
bench: bootstrap
	@bash scripts/bench/run.sh

# libFuzzer targets (Fuzz/), 60 s each (FUZZ_SECONDS to change): see docs/HARDENING.md.
fuzz: bootstrap
	@bash scripts/fuzz.sh

# Unit and transport tests under AddressSanitizer, then ThreadSanitizer.
sanitize: bootstrap
	@bash scripts/sanitize.sh
