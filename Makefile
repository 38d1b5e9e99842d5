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

test: bootstrap
	$(SWIFT) test --disable-xctest

# Loopback throughput against C and boto3, signing, memory, micro-benchmarks (docs/PERFORMANCE.md).
bench: bootstrap
	@bash scripts/bench/run.sh

# libFuzzer targets (Fuzz/), 60 s each (FUZZ_SECONDS to change): see docs/HARDENING.md.
fuzz: bootstrap
	@bash scripts/fuzz.sh

# Unit and transport tests under AddressSanitizer, then ThreadSanitizer.
sanitize: bootstrap
	@bash scripts/sanitize.sh
