# The two commands a new machine needs: `make demo` (the main job) and `make test` (every test).
# Both install what is missing first (scripts/bootstrap.sh).
SWIFT ?= swift

.PHONY: demo test bootstrap build bench fuzz sanitize docs

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
# The build enables the package trait ServiceLifecycleSupport (off for users unless they ask), so
# that KMSClient's Service conformance and its ServiceGroup tests (KMSLifecycleTests) are built
# and run: it adds swift-service-lifecycle and swift-async-algorithms to the one build.
TEST_TRAITS = --traits ServiceLifecycleSupport
test: bootstrap
	$(SWIFT) build --build-tests $(TEST_TRAITS)
	$(SWIFT) test --skip-build --disable-xctest $(TEST_TRAITS) --skip '^KMSIntegrationTests\.'
	$(SWIFT) test --skip-build --disable-xctest $(TEST_TRAITS) --filter '^KMSIntegrationTests\.'
	@bash scripts/docs.sh

# DocC for every library product, warnings as errors (every symbol link resolves); part of
# `make test`. Archives in .build/docs/.
docs: bootstrap
	@bash scripts/docs.sh

# Loopback throughput against C and boto3, signing, memory, micro-benchmarks (docs/PERFORMANCE.md).
bench: bootstrap
	@bash scripts/bench/run.sh

# libFuzzer targets (Fuzz/), 60 s each (FUZZ_SECONDS to change): see docs/HARDENING.md.
fuzz: bootstrap
	@bash scripts/fuzz.sh

# Unit and transport tests under AddressSanitizer, then ThreadSanitizer.
sanitize: bootstrap
	@bash scripts/sanitize.sh
