# The two commands a new machine needs: `make demo` (the main job) and `make test` (every test).
# Both install what is missing first (scripts/bootstrap.sh).
SWIFT ?= swift

.PHONY: demo test bootstrap build

bootstrap:
	@bash scripts/bootstrap.sh

build: bootstrap
	$(SWIFT) build

demo: bootstrap
	@bash scripts/demo.sh

test: bootstrap
	$(SWIFT) test --disable-xctest
