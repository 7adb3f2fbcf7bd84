# The project's commands; each is safe to re-run. Settings come from DGPLAN_* environment variables.
.PHONY: install serve test lint stop status reset bench
install: ; @stack/dgplan.sh install
serve: ; @stack/dgplan.sh serve
test: ; @stack/dgplan.sh test $(PYTEST_ARGS)
lint: ; @stack/dgplan.sh lint
stop: ; @stack/dgplan.sh stop
status: ; @stack/dgplan.sh status
reset: ; @stack/dgplan.sh reset
bench: ; @stack/dgplan.sh bench $(BENCH_ARGS)
