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
# One service at a time (fault drills: the portal keeps datasets saved while Solr is down).
.PHONY: start-solr stop-solr start-redis stop-redis start-postgres stop-postgres
# (DGPLAN_SOLR_MODE=cloud: ZooKeeper, both Solr nodes and their entry; one node: stack/solrcloud.sh kill-node N / start-node N)
start-solr: ; @bash -c 'source stack/env.sh && exec stack/$$DGPLAN_SOLR_SCRIPT start'
stop-solr: ; @bash -c 'source stack/env.sh && exec stack/$$DGPLAN_SOLR_SCRIPT stop'
start-redis: ; @stack/redis.sh start
stop-redis: ; @stack/redis.sh stop
start-postgres: ; @stack/postgres.sh start
stop-postgres: ; @stack/postgres.sh stop
