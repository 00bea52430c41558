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

# The pipeline on iris (FT): dense run, perturbed run, difference series, and the dense row
# retrained under the same stopping rule as the pruned nets.
DEMO := runs/demo/iris
demo: build
	@$(FETCH) iris || echo "demo: no UCI Iris.csv; using the committed data/iris-fisher.csv"
	$(LEGCNET) train-dense     --config configs/iris.toml --seed 1 --out $(DEMO)/dense
	$(LEGCNET) perturb-retrain --config configs/iris.toml --seed 1 --init $(DEMO)/dense/init.csv --out $(DEMO)/perturbed
	$(LEGCNET) diff-series     --base $(DEMO)/dense/weights.csv --perturbed $(DEMO)/perturbed/weights.csv --out $(DEMO)/diff.csv
	$(LEGCNET) retrain-sparse  --config configs/iris.toml --seed 1 --init $(DEMO)/dense/init.csv --method dense --out $(DEMO)/dense-retrain
	@cat $(DEMO)/dense-retrain/summary.csv

clean:
	rm -rf $(BUILD) runs
