# legcnet: build, test and run the experiment. `make demo` and `make test` install what is
# missing (Debian packages), build, and run; see README.md.
BUILD   ?= build
JOBS    ?= 2
# A local copy of the datasets (CI: ../shared/data); empty means download.
MIRROR  ?= $(firstword $(LEGCNET_DATA_MIRROR) $(wildcard ../shared/data))
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release $(if $(CI),-DLEGCNET_WERROR=ON)
LEGCNET := $(BUILD)/legcnet
FETCH   := bash scripts/fetch-data.sh $(if $(MIRROR),--from $(MIRROR))

.PHONY: all deps build data demo test bench clean
all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

data:
	$(FETCH)

test: build data
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@for b in $(BUILD)/bench_*; do echo "== $$b"; $$b; done

# The whole LEGCNet chain on iris, FT (the full dense run) and PT (its first pt-epochs epochs):
# dense and perturbed runs, difference series, windowed LEs, Granger tests, masks, and the
# sparse retraining; the dense row is retrain-sparse without a mask (same stopping rule).
DEMO := runs/demo/iris
DEMO_CONFIG := configs/iris.toml
toml_value = $(shell sed -n 's/^$(1)[[:space:]]*=[[:space:]]*//p' $(2))
demo: build
	@$(FETCH) iris || echo "demo: no UCI Iris.csv; using the committed data/iris-fisher.csv"
	$(LEGCNET) train-dense     --config $(DEMO_CONFIG) --seed 1 --out $(DEMO)/dense
	$(LEGCNET) perturb-retrain --config $(DEMO_CONFIG) --seed 1 --init $(DEMO)/dense/init.csv --out $(DEMO)/perturbed
	$(LEGCNET) diff-series     --base $(DEMO)/dense/weights.csv --perturbed $(DEMO)/perturbed/weights.csv --out $(DEMO)/diff.csv
	$(LEGCNET) retrain-sparse  --config $(DEMO_CONFIG) --seed 1 --init $(DEMO)/dense/init.csv --method dense --out $(DEMO)/dense-retrain
	$(LEGCNET) windowed-le     --config $(DEMO_CONFIG) --series $(DEMO)/diff.csv --out $(DEMO)/ft/le.csv
	$(LEGCNET) windowed-le     --config $(DEMO_CONFIG) --series $(DEMO)/diff.csv --max-epoch $(call toml_value,pt-epochs,$(DEMO_CONFIG)) \
	                           --metrics $(DEMO)/dense/metrics.csv --out $(DEMO)/pt/le.csv
	@for v in ft pt; do \
	  $(LEGCNET) granger --le $(DEMO)/$$v/le.csv --metrics $(DEMO)/dense/metrics.csv --out $(DEMO)/$$v/granger.csv && \
	  $(LEGCNET) prune --method legc --granger $(DEMO)/$$v/granger.csv --out $(DEMO)/$$v/mask.csv && \
	  $(LEGCNET) retrain-sparse --config $(DEMO_CONFIG) --seed 1 --init $(DEMO)/dense/init.csv --mask $(DEMO)/$$v/mask.csv \
	             --method legcnet-$$v --out $(DEMO)/$$v/sparse || exit 1; \
	done
	@echo; cat $(DEMO)/dense-retrain/summary.csv; tail -n 1 $(DEMO)/ft/sparse/summary.csv; tail -n 1 $(DEMO)/pt/sparse/summary.csv

clean:
	rm -rf $(BUILD) runs
