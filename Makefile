# legcnet: build, test and run the experiment. `make demo` and `make test` install what is
# missing (Debian packages), build, and run; see README.md.
BUILD   ?= build
JOBS    ?= 2
# A local copy of the datasets (CI: ../shared/data); empty means download.
MIRROR  ?= $(firstword $(LEGCNET_DATA_MIRROR) $(wildcard ../shared/data))
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release $(if $(CI),-DLEGCNET_WERROR=ON)
LEGCNET := $(BUILD)/legcnet
FETCH   := bash scripts/fetch-data.sh $(if $(MIRROR),--from $(MIRROR))

.PHONY: all deps build build-tool data demo test bench install clean
all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Only the legcnet binary (and its man pages): what make demo and the experiment run.
build-tool: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target legcnet

# make install [PREFIX=/usr/local]: bin/legcnet, share/man/man1/legcnet*.1,
# share/bash-completion/completions/legcnet (and what else CMake's install rules list).
PREFIX ?= /usr/local
install: build-tool
	cmake --install $(BUILD) --prefix $(PREFIX)

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
# A key's value in a config (one key per line): quotes and a trailing comment removed.
toml_value = $(shell sed -n 's/^$(1)[[:space:]]*=[[:space:]]*//p' $(2) | sed 's/[[:space:]]*\#.*//; s/"//g')
demo: build-tool
	@$(FETCH) iris || echo "demo: no UCI Iris.csv; using the committed data/iris-fisher.csv"
	$(LEGCNET) train-dense     --config $(DEMO_CONFIG) --seed 1 --out $(DEMO)/dense
	$(LEGCNET) perturb-retrain --config $(DEMO_CONFIG) --seed 1 --init $(DEMO)/dense/init.csv --out $(DEMO)/perturbed
	$(LEGCNET) diff-series     --base $(DEMO)/dense/weights.csv --perturbed $(DEMO)/perturbed/weights.csv --out $(DEMO)/diff.csv
	$(LEGCNET) retrain-sparse  --config $(DEMO_CONFIG) --seed 1 --init $(DEMO)/dense/init.csv --method dense --out $(DEMO)/dense-retrain
	$(LEGCNET) windowed-le     --config $(DEMO_CONFIG) --series $(DEMO)/diff.csv --out $(DEMO)/ft/le.csv
	$(LEGCNET) windowed-le     --config $(DEMO_CONFIG) --series $(DEMO)/diff.csv --pt --metrics $(DEMO)/dense/metrics.csv \
	                           --out $(DEMO)/pt/le.csv
	@for v in ft pt; do \
	  $(LEGCNET) granger --le $(DEMO)/$$v/le.csv --metrics $(DEMO)/dense/metrics.csv --out $(DEMO)/$$v/granger.csv && \
	  $(LEGCNET) prune --method legc --granger $(DEMO)/$$v/granger.csv --out $(DEMO)/$$v/mask.csv && \
	  $(LEGCNET) retrain-sparse --config $(DEMO_CONFIG) --seed 1 --init $(DEMO)/dense/init.csv --mask $(DEMO)/$$v/mask.csv \
	             --method legcnet-$$v --out $(DEMO)/$$v/sparse || exit 1; \
	done
	@echo; cat $(DEMO)/dense-retrain/summary.csv; tail -n 1 $(DEMO)/ft/sparse/summary.csv; tail -n 1 $(DEMO)/pt/sparse/summary.csv

# ---------------------------------------------------------------------------------------------
# The paper's experiment: every dataset x seed, every stage a file target under runs/D/seedK/,
# so a change reruns only what depends on it and `make -jN` keeps N cores busy.
#   make experiment [DATASETS="iris vowel"] [SEEDS="1 2 3 4 5"] [JOBS=2]
#   make report      (results/summary.csv, results/tables.md)
#   make regression  (one seed of everything against tests/regression/expected.csv)
#   make plots       (results/plots/*.png of one dataset and seed: SHAP, spectra, exponents, accuracy)
DATASETS ?= cancer titanic banknote iris iris3f vowel
PRESETS  := cancer titanic banknote iris iris3f vowel mnist
# Your own data: make experiment CONFIGS="path/wine.toml path/other.toml" runs each config as a
# preset's (the dataset is named by the config file's stem: runs/wine/..., rows "wine" in tables.md).
CONFIGS  ?=
ifneq ($(strip $(CONFIGS)),)
DATASETS := $(basename $(notdir $(CONFIGS)))
ifneq ($(words $(DATASETS)),$(words $(sort $(DATASETS))))
$(error CONFIGS: two config files have the same name ($(DATASETS)); the name is the dataset's)
endif
$(foreach c,$(CONFIGS),$(if $(wildcard $(c)),,$(error CONFIGS: no file $(c))))
endif
SEEDS    ?= 1 2 3 4 5
RUNS     ?= runs
# Masks of every run: LEGCNet FT and PT, random at the paper's 40% and at the FT count,
# magnitude at the paper's 25% and at the FT count; "dense" is retrain-sparse with no mask;
# spectral sparsification (docs/spectral.md) at 25% and at the FT count.
METHODS  := dense ft pt random40 random-ft magnitude25 magnitude-ft spectral25 spectral-ft
# Every stage output, named explicitly: make then treats none as an intermediate file, so a
# deleted one is rebuilt (with what depends on it) and none is ever removed.
STAGE_FILES = dense/run.toml perturbed/run.toml ft/le.csv ft/granger.csv pt/le.csv pt/granger.csv \
              $(foreach m,$(filter-out dense,$(METHODS)),$(m)/mask.csv) $(foreach m,$(METHODS),$(m)/sparse/summary.csv)
# Fixed budget: every method also retrained for exactly as many epochs as the dense model of its
# seed needed to reach the benchmark (METHOD/fixed/, method METHOD@fixed in the tables).
STAGE_FILES += $(foreach m,$(METHODS),$(m)/fixed/summary.csv)
# Evidence for the decision (issue 12; the rules are in the block "Does the decision carry
# information?" below): PERTURBATIONS perturbed runs per seed, their consensus, the null-decided masks.
PERTURBATIONS   ?= 3
NULL_SURROGATES ?= 100
CONSENSUS_SHARE ?= 0.5
EXTRA_PERTURBATIONS = $(wordlist 2,$(PERTURBATIONS),0 1 2 3 4 5 6 7 8 9)
# The chain makes the other perturbations' runs, exponents, tests and masks (CHAIN_FILES below).
EXTRA_PERTURBATION_FILES = $(foreach k,$(EXTRA_PERTURBATIONS),perturbed-p$(k)/run.toml \
                               $(foreach v,ft pt,$(v)-p$(k)/le.csv $(v)-p$(k)/granger.csv $(v)-p$(k)/mask.csv))
EVIDENCE_FILES = $(EXTRA_PERTURBATION_FILES) \
                 $(foreach v,ft pt,$(v)-consensus/mask.csv $(v)-consensus/sparse/summary.csv $(v)-null/granger.csv \
                     $(v)-null/mask.csv $(v)-null/sparse/summary.csv)
STAGE_FILES += $(EVIDENCE_FILES)
run_files = $(foreach d,$(DATASETS),$(foreach s,$(SEEDS),$(foreach f,$(STAGE_FILES),$(1)/$(d)/seed$(s)/$(f))))
# Diagnostics (SPEC section 9), for make experiment only (make regression does not compute them):
# SHAP importance and weight spectra of the retrained models; dense's model is dense/sparse/model.csv.
DIAG_METHODS := dense ft pt random40 magnitude25 spectral25
# Critical neurons by MIP (docs/mip.md): the MIP's mask of the trained dense model, and random and
# magnitude pruning of as many units per hidden layer (node level, named *-mip); every such mask is
# also evaluated on the trained model without retraining (METHOD/unretrained/, method
# METHOD-unretrained; dense's counterpart is train-dense's own dense/summary.csv, dense-trained).
MIP_METHODS := mip random-mip magnitude-mip
METHODS     += $(MIP_METHODS)
STAGE_FILES += $(foreach m,$(MIP_METHODS),$(m)/unretrained/summary.csv)
DIAG_FILES = $(foreach m,$(DIAG_METHODS),$(m)/shap.csv $(m)/esd.csv)
diag_files = $(foreach d,$(DATASETS),$(foreach s,$(SEEDS),$(foreach f,$(DIAG_FILES),$(1)/$(d)/seed$(s)/$(f))))
# MILS (docs/mils.md): BDM of the weights' sign pattern, weight level, step 1: the authors' default
# min_absolute and max_absolute, at the paper's 25% and at the LEGCNet-FT count, and min_absolute
# under the recursive boundary (its artefact: weights outside complete 4x4 blocks go first); random
# pruning at 25%, the baseline at that count.
MILS_METHODS := mils25 mils-ft mils-max25 mils-max-ft mils-rec25 random25
METHODS += $(MILS_METHODS)
DIAG_METHODS += mils25 mils-max25 random25

# Metrics at step 0, epoch and window ends only (the default: all the Granger test and the
# stopping rule read); every step is still recorded.
# Validation split: VAL_FRACTION of each training split held out (with the seed) for every stage
# that reads the data; retrain-sparse's benchmark is then read on validation accuracy and the
# report picks its "best" rows by it (README, "The experiment and its results").
VAL_FRACTION ?= 0
DATA_FLAGS := $(if $(filter-out 0 0.0,$(VAL_FRACTION)),--val-fraction $(VAL_FRACTION))
TRAIN_FLAGS := --quiet $(DATA_FLAGS)
RETRAIN_FLAGS := --quiet $(DATA_FLAGS)
# A mask that cuts an output off the inputs (e.g. every output weight non-causal) is kept in the
# experiment, so its consequence shows in the tables; retrain-sparse warns about it.
PRUNE_FLAGS := --allow-disconnected --quiet

dataset_of = $(word 1,$(subst /, ,$*))
seed_of = $(patsubst seed%,%,$(word 2,$(subst /, ,$*)))
# A dataset's config: the one of CONFIGS with its name, else the preset's.
config_of = $(or $(firstword $(foreach c,$(CONFIGS),$(if $(filter $(dataset_of),$(basename $(notdir $(c)))),$(c)))),configs/$(dataset_of).toml)
# The data file a config names (relative to the config), so that a changed file reruns the dataset.
config_data = $(foreach v,$(call toml_value,data,$(config_of)),$(if $(filter /%,$(v)),$(v),$(dir $(config_of))$(v)))

SOURCES := $(shell find src include -name '*.cpp' -o -name '*.hpp') CMakeLists.txt
$(LEGCNET): $(SOURCES)
	@$(MAKE) --no-print-directory build-tool
	@touch $@

.PHONY: experiment report regression experiment-data
RESULTS ?= results
experiment: $(RESULTS)/tables.md

$(RESULTS)/tables.md: $(call run_files,$(RUNS)) $(call diag_files,$(RUNS)) | $(LEGCNET)
	$(LEGCNET) report --runs $(RUNS) --out $(RESULTS)

# The preset files the experiment reads (none for configs that name their own data).
FETCH_PRESETS = $(filter $(PRESETS),$(DATASETS) $(foreach c,$(CONFIGS),$(call toml_value,dataset,$(c))))
experiment-data:
	@$(if $(strip $(FETCH_PRESETS)),$(FETCH) $(FETCH_PRESETS) >/dev/null,true)

report: | $(LEGCNET)
	$(LEGCNET) report --runs $(RUNS) --out $(RESULTS)

# The same experiment with a validation split (README, "The experiment and its results"): 0.2 of
# every training split held out (VAL_FRACTION=f for another share), retrain-sparse's benchmark read
# on validation accuracy, "best" rows picked on it; runs-validation/ and results/validation/.
.PHONY: experiment-validation
experiment-validation:
	@$(MAKE) --no-print-directory experiment VAL_FRACTION=$(if $(filter-out 0 0.0,$(VAL_FRACTION)),$(VAL_FRACTION),0.2) \
	    RUNS=$(RUNS)-validation RESULTS=$(RESULTS)/validation

.SECONDEXPANSION:
# LEGCNet FT and PT in one process (README, "Big runs"): the dense and the perturbed run train
# side by side, each window of their difference series is estimated as soon as it is complete (no
# weight series on disk), then granger, prune and retrain-sparse run as the subcommands they are,
# with the flags below. One recipe makes all these files (a pattern rule's targets are grouped).
# With PERTURBATIONS > 1 it also makes perturbed-pK/, ft-pK/ and pt-pK/ (K = 1 .. PERTURBATIONS-1).
# The weight and difference series stay on disk (--keep-series) for the datasets of
# SERIES_DATASETS only, which "Is training chaotic?" below reads (divergence, surrogates): all but
# mnist, whose series are gigabytes.
SERIES_DATASETS ?= $(filter-out mnist,$(DATASETS))
# Weight and difference series as the config says: csv (default) or npy (mnist).
series_ext = $(or $(subst ",,$(call toml_value,series-format,$(config_of))),csv)
CHAIN_FILES := dense/run.toml dense/summary.csv perturbed/run.toml $(foreach v,ft pt,$(v)/le.csv $(v)/granger.csv $(v)/mask.csv $(v)/sparse/summary.csv) \
               $(EXTRA_PERTURBATION_FILES)
$(addprefix $(RUNS)/%/,$(CHAIN_FILES)): $$(config_of) $$(config_data) | $(LEGCNET) experiment-data
	$(LEGCNET) chain --config $(config_of) --seed $(seed_of) $(TRAIN_FLAGS) --allow-disconnected --perturbations $(PERTURBATIONS) \
	    $(if $(filter $(dataset_of),$(SERIES_DATASETS)),--keep-series) --out $(RUNS)/$*

$(RUNS)/%/random40/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method random --fraction 0.4 --prune-seed $(seed_of) --model $(RUNS)/$*/dense/model.csv --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/random-ft/mask.csv: $(RUNS)/%/ft/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method random --match $< --prune-seed $(seed_of) --model $(RUNS)/$*/dense/model.csv --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/magnitude25/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method magnitude --fraction 0.25 --model $(RUNS)/$*/dense/model.csv --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/magnitude-ft/mask.csv: $(RUNS)/%/ft/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method magnitude --match $< --model $(RUNS)/$*/dense/model.csv --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

# spectral: leverage sampling per layer (its default scope) from the trained dense model; the
# scores file (resistance and leverage of every weight) beside the mask.
$(RUNS)/%/spectral25/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method spectral --fraction 0.25 --prune-seed $(seed_of) --model $(RUNS)/$*/dense/model.csv \
	    --scores $(@D)/scores.csv --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/spectral-ft/mask.csv: $(RUNS)/%/ft/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method spectral --match $< --prune-seed $(seed_of) --model $(RUNS)/$*/dense/model.csv \
	    --scores $(@D)/scores.csv --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

# The dense row: the same retraining rule with every weight kept.
$(RUNS)/%/dense/sparse/summary.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	$(LEGCNET) retrain-sparse --config $(config_of) --seed $(seed_of) \
	    $(RETRAIN_FLAGS) --init $(RUNS)/$*/dense/init.csv --method dense --out $(@D)

$(RUNS)/%/sparse/summary.csv: $(RUNS)/%/mask.csv | $(LEGCNET)
	$(LEGCNET) retrain-sparse --config $(config_of) --seed $(seed_of) \
	    $(RETRAIN_FLAGS) --init $(RUNS)/$(word 1,$(subst /, ,$*))/$(word 2,$(subst /, ,$*))/dense/init.csv \
	    --mask $< --method $(word 3,$(subst /, ,$*)) --out $(@D)

# Fixed budget: N = the epochs the dense retraining of the same seed needed (summary.csv's third field).
seed_dir = $(RUNS)/$(word 1,$(subst /, ,$*))/$(word 2,$(subst /, ,$*))
dense_epochs = $$(awk -F, 'NR == 2 { print $$3 }' $(seed_dir)/dense/sparse/summary.csv)
$(RUNS)/%/dense/fixed/summary.csv: $(RUNS)/%/dense/sparse/summary.csv | $(LEGCNET)
	$(LEGCNET) retrain-sparse --config $(config_of) --seed $(seed_of) $(RETRAIN_FLAGS) --init $(RUNS)/$*/dense/init.csv \
	    --epochs $(dense_epochs) --method dense@fixed --out $(@D)

$(RUNS)/%/fixed/summary.csv: $(RUNS)/%/mask.csv $$(seed_dir)/dense/sparse/summary.csv | $(LEGCNET)
	$(LEGCNET) retrain-sparse --config $(config_of) --seed $(seed_of) $(RETRAIN_FLAGS) --init $(seed_dir)/dense/init.csv \
	    --mask $< --epochs $(dense_epochs) --method $(word 3,$(subst /, ,$*))@fixed --out $(@D)

# SHAP of every test sample (exact; the training split's mean as background) and the layers'
# spectra, of the model retrained with (or, for dense, without) the mask.
# MNIST's 784 features need Kernel SHAP (~0.4 s a sample): its first 200 test images only.
shap_flags = $(if $(filter mnist,$(dataset_of) $(call toml_value,dataset,$(config_of))),--max-samples 200)
$(RUNS)/%/dense/shap.csv: $(RUNS)/%/dense/sparse/summary.csv $$(config_of) | $(LEGCNET)
	$(LEGCNET) shap --config $(config_of) --seed $(seed_of) $(DATA_FLAGS) $(shap_flags) --model $(RUNS)/$*/dense/sparse/model.csv --out $@ --quiet

$(RUNS)/%/shap.csv: $(RUNS)/%/sparse/summary.csv $(RUNS)/%/mask.csv $$(config_of) | $(LEGCNET)
	$(LEGCNET) shap --config $(config_of) --seed $(seed_of) $(DATA_FLAGS) $(shap_flags) --model $(RUNS)/$*/sparse/model.csv --mask $(RUNS)/$*/mask.csv \
	    --out $@ --quiet

$(RUNS)/%/dense/esd.csv: $(RUNS)/%/dense/sparse/summary.csv | $(LEGCNET)
	$(LEGCNET) esd --model $(RUNS)/$*/dense/sparse/model.csv --spectrum $(@D)/esd-spectrum.csv --out $@ --quiet

$(RUNS)/%/esd.csv: $(RUNS)/%/sparse/summary.csv $(RUNS)/%/mask.csv | $(LEGCNET)
	$(LEGCNET) esd --model $(RUNS)/$*/sparse/model.csv --mask $(RUNS)/$*/mask.csv --spectrum $(@D)/esd-spectrum.csv \
	    --out $@ --quiet

# MILS masks (see MILS_METHODS above).
MILS_PRUNE = $(LEGCNET) prune --method mils --measure bdm --level weight --model $(RUNS)/$*/dense/model.csv $(PRUNE_FLAGS)
$(RUNS)/%/mils25/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $(@D)
	$(MILS_PRUNE) --strategy min_absolute --fraction 0.25 --scores $(@D)/scores.csv --out $@ > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/mils-ft/mask.csv: $(RUNS)/%/ft/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(MILS_PRUNE) --strategy min_absolute --match $< --scores $(@D)/scores.csv --out $@ > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/mils-max25/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $(@D)
	$(MILS_PRUNE) --strategy max_absolute --fraction 0.25 --scores $(@D)/scores.csv --out $@ > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/mils-max-ft/mask.csv: $(RUNS)/%/ft/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(MILS_PRUNE) --strategy max_absolute --match $< --scores $(@D)/scores.csv --out $@ > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/mils-rec25/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $(@D)
	$(MILS_PRUNE) --strategy min_absolute --bdm-boundary recursive --fraction 0.25 --scores $(@D)/scores.csv --out $@ \
	    > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/random25/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method random --fraction 0.25 --prune-seed $(seed_of) --model $(RUNS)/$*/dense/model.csv --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

# Plots of one dataset and seed with gnuplot (installed if missing): SHAP importance, layer
# spectra, LEGCNet-FT's exponents with the masks and the misclassification rate, validation (or
# training) accuracy while retraining; and the dataset's figure of test accuracy against % pruned
# when $(RESULTS)/summary.csv (make report) has its runs.
#   make plots [PLOT_DATASET=cancer] [PLOT_SEED=1]   -> $(RESULTS)/plots/DATASET-seedK-*.png
#   make figures [FIGURE_DATASETS="cancer iris"]     -> $(RESULTS)/plots/pruning-DATASET.png, every
#                                                       dataset of $(RESULTS)/summary.csv by default
PLOT_DATASET ?= cancer
PLOT_SEED    ?= 1
PLOT_RUN      = $(RUNS)/$(PLOT_DATASET)/seed$(PLOT_SEED)
FIGURE_DATASETS ?=
.PHONY: plots figures
plots: DATASETS = $(PLOT_DATASET)
plots: $(foreach f,$(STAGE_FILES) $(DIAG_FILES),$(PLOT_RUN)/$(f)) | $(LEGCNET)
	@bash scripts/plots/install-gnuplot.sh
	bash scripts/plots/render.sh $(PLOT_RUN) $(RESULTS)/plots $(LEGCNET)
	@if [ -f $(RESULTS)/summary.csv ] && cut -d, -f1 $(RESULTS)/summary.csv | grep -qxF '$(PLOT_DATASET)'; then \
	  bash scripts/plots/pruning.sh $(RESULTS)/summary.csv $(RESULTS)/plots '$(PLOT_DATASET)'; \
	else echo "plots: $(RESULTS)/summary.csv has no $(PLOT_DATASET) runs; make report, then make figures, draws pruning-$(PLOT_DATASET).png"; fi

figures:
	@test -f $(RESULTS)/summary.csv || { echo "figures: no $(RESULTS)/summary.csv (make experiment or make report first)" >&2; exit 2; }
	@bash scripts/plots/install-gnuplot.sh
	bash scripts/plots/pruning.sh $(RESULTS)/summary.csv $(RESULTS)/plots $(FIGURE_DATASETS)

# ---------------------------------------------------------------------------------------------
# Does the decision carry information? (issue 12; README). Per dataset and seed: PERTURBATIONS
# perturbed runs in all, every one trained by the seed's chain above (--perturbations): perturbation
# 0 is perturbed/, K = 1..PERTURBATIONS-1 (perturbed-pK/) nudge other weights, chosen with the seed
# among those whose input varies; the chain also applies the paper's rule to each (ft-pK/, pt-pK/:
# masks only, for their agreement, not retrained). The rules below add their consensus
# (ft-consensus/, pt-consensus/: pruned unless at least CONSENSUS_SHARE of the tests call a weight
# causal) and the null-calibrated decision of perturbation 0 (ft-null/, pt-null/: granger --null
# NULL_SURROGATES --decision null), each retrained. make regression runs them too. The variables
# and EVIDENCE_FILES are set with STAGE_FILES above (the experiment's prerequisites expand early).
legc_prune = $(LEGCNET) prune --method legc $(1) --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

# Variant V (ft, pt): the consensus of every perturbation's test, and the null-decided mask.
define evidence_variant
$(RUNS)/%/$(1)-consensus/mask.csv: $(RUNS)/%/$(1)/granger.csv \
    $(foreach k,$(EXTRA_PERTURBATIONS),$(RUNS)/%/$(1)-p$(k)/granger.csv) | $(LEGCNET)
	@mkdir -p $$(@D)
	$$(call legc_prune,--granger $$(filter %/granger.csv,$$^) --min-share $(CONSENSUS_SHARE) --scores $$(@D)/scores.csv)
$(RUNS)/%/$(1)-null/granger.csv: $(RUNS)/%/$(1)/le.csv | $(LEGCNET)
	@mkdir -p $$(@D)
	$(LEGCNET) granger --le $$< --metrics $(RUNS)/$$*/dense/metrics.csv --null $(NULL_SURROGATES) --null-seed $$(seed_of) \
	    --decision null --out $$@ --quiet
$(RUNS)/%/$(1)-null/mask.csv: $(RUNS)/%/$(1)-null/granger.csv | $(LEGCNET)
	$$(call legc_prune,--granger $$<)
endef
$(foreach v,ft pt,$(eval $(call evidence_variant,$(v))))

# One seed of everything, compared with the committed expectations (bands from 5 seeds).
REGRESSION_RUNS := runs-regression
regression: SEEDS := 1
regression: | $(LEGCNET)
	@$(MAKE) --no-print-directory $(call run_files,$(REGRESSION_RUNS)) $(call divergence_files,$(REGRESSION_RUNS)) \
	    $(call sweep_files,$(REGRESSION_RUNS),$(filter $(SWEEP_DATASET),$(DATASETS)),1) RUNS=$(REGRESSION_RUNS) SEEDS=1 -j $(JOBS)
	$(LEGCNET) report --runs $(REGRESSION_RUNS) --out $(REGRESSION_RUNS)/results --expected tests/regression/expected.csv

# ---------------------------------------------------------------------------------------------
# Critical neurons by MIP (docs/mip.md; MIP_METHODS above). The MIP takes its samples from the run's
# training split (--config, --seed) and its solver seed from --prune-seed; the form follows the
# net (relu for configs/mnist-relu.toml, linear for the sigmoid nets).
$(RUNS)/%/mip/mask.csv: $(RUNS)/%/dense/run.toml $$(config_of) | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method mip --config $(config_of) --seed $(seed_of) $(DATA_FLAGS) --prune-seed $(seed_of) \
	    --model $(RUNS)/$*/dense/model.csv --scores $(@D)/scores.csv --solver-log $(@D)/solver.csv \
	    --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/random-mip/mask.csv: $(RUNS)/%/mip/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method random --level node --match $< --prune-seed $(seed_of) --model $(RUNS)/$*/dense/model.csv \
	    --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

$(RUNS)/%/magnitude-mip/mask.csv: $(RUNS)/%/mip/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) prune --method magnitude --level node --match $< --model $(RUNS)/$*/dense/model.csv \
	    --out $@ $(PRUNE_FLAGS) > $@.layers && mv $@.layers $(@D)/mask-layers.csv

# The authors' claim is about the pruned net as it stands: the trained dense model, mask applied.
$(RUNS)/%/unretrained/summary.csv: $(RUNS)/%/mask.csv | $(LEGCNET)
	@mkdir -p $(@D)
	$(LEGCNET) evaluate --config $(config_of) --seed $(seed_of) $(DATA_FLAGS) --model $(seed_dir)/dense/model.csv --mask $< \
	    --method $(word 3,$(subst /, ,$*))-unretrained --out $@ --quiet

# The preset a named config reads (configs/mnist-relu.toml: mnist).
FETCH_PRESETS += $(filter $(PRESETS),$(foreach d,$(DATASETS),$(if $(wildcard configs/$(d).toml),$(call toml_value,dataset,configs/$(d).toml))))

# Is training chaotic? (docs/divergence.md, docs/surrogates.md) inside the experiment:
# - runs/D/seedK/divergence-summary.csv: the divergence of the perturbed from the dense run. Cheap
#   (one pass over the two series), so make regression computes it too (divergence_files).
# - runs/D/seedK/ft/surrogate-p.csv: LEGCNet-FT's windows tested against SURROGATES (19) IAAFT
#   surrogates each. Costly (a minute of CPU for banknote), so make experiment only, and not for
#   mnist (41,000 weights x 78 windows x 19 surrogates); SURROGATE_DATASETS chooses.
# legcnet report adds the section "Is training chaotic?" and results/chaos.csv when they exist;
# make plots adds $(RESULTS)/plots/divergence-seedK.png, ln d(t) of every dataset.
# Both need the series on disk: SERIES_DATASETS (the chain keeps them for those only).
SURROGATES ?= 19
SURROGATE_DATASETS ?= $(filter-out mnist,$(DATASETS))
divergence_files = $(foreach d,$(SERIES_DATASETS),$(foreach s,$(SEEDS),$(1)/$(d)/seed$(s)/divergence-summary.csv))
$(RESULTS)/tables.md: $(call divergence_files,$(RUNS)) \
                      $(foreach d,$(filter $(SERIES_DATASETS),$(SURROGATE_DATASETS)),$(foreach s,$(SEEDS),$(RUNS)/$(d)/seed$(s)/ft/surrogate-p.csv))

$(RUNS)/%/divergence-summary.csv: $(RUNS)/%/dense/run.toml $(RUNS)/%/perturbed/run.toml | $(LEGCNET)
	$(LEGCNET) divergence --base $(RUNS)/$*/dense/weights.$(series_ext) --perturbed $(RUNS)/$*/perturbed/weights.$(series_ext) \
	    --out $(RUNS)/$*/divergence.csv --summary $@ --quiet

# The exponents come out again beside the p-values (identical to ft/le.csv); only the p-values and
# their record (surrogate-p.toml) are kept.
$(RUNS)/%/ft/surrogate-p.csv: $(RUNS)/%/ft/le.csv $$(config_of) | $(LEGCNET)
	$(LEGCNET) windowed-le --config $(config_of) --series $(RUNS)/$*/diff.$(series_ext) --out $(@D)/surrogate-le.csv \
	    --surrogates $(SURROGATES) --surrogate-out $@ --quiet
	@rm -f $(@D)/surrogate-le.csv $(@D)/surrogate-le.toml

DIVERGENCE_PLOT_DATASETS = $(SERIES_DATASETS)
.PHONY: divergence-plot
plots: divergence-plot
divergence-plot: | $(LEGCNET)
	@$(MAKE) --no-print-directory DATASETS="$(DIVERGENCE_PLOT_DATASETS)" \
	    $(foreach d,$(DIVERGENCE_PLOT_DATASETS),$(RUNS)/$(d)/seed$(PLOT_SEED)/divergence-summary.csv)
	@bash scripts/plots/install-gnuplot.sh
	bash scripts/plots/divergence.sh $(RUNS) $(PLOT_SEED) $(RESULTS)/plots $(DIVERGENCE_PLOT_DATASETS)

# ---------------------------------------------------------------------------------------------
# Onset of chaos (docs/divergence.md): dense and perturbed runs of one dataset at several learning
# rates, the divergence of each pair, $(RESULTS)/chaos-DATASET.csv and $(RESULTS)/plots/chaos-DATASET.png.
#   make chaos [DATASET=iris] [LRS="0.005 0.05 0.5"] [CHAOS_SEED=1]
# LRS defaults to 7 log-spaced rates from 0.1x to 100x the config's lr. Series as .npy (fast to
# read back), metrics at epoch ends only.
.PHONY: chaos
ifneq ($(filter chaos,$(MAKECMDGOALS)),)
DATASET    ?= iris
CHAOS_SEED ?= 1
CHAOS_RUNS ?= $(RUNS)/chaos
CHAOS_CONFIG := configs/$(DATASET).toml
CHAOS_BASE_LR := $(call toml_value,lr,$(CHAOS_CONFIG))
LRS ?= $(shell awk -v lr='$(CHAOS_BASE_LR)' 'BEGIN { for (k = 0; k <= 6; k++) printf "%.6g ", lr * 10 ^ (-1 + k / 2) }')
CHAOS_FLAGS := --config $(CHAOS_CONFIG) --seed $(CHAOS_SEED) --eval-every 1000000000 --series-format npy --quiet
chaos_dir = $(CHAOS_RUNS)/$(DATASET)/seed$(CHAOS_SEED)/lr$(1)
define chaos_rules
$(2)/dense/run.toml: $(CHAOS_CONFIG) | $(LEGCNET) experiment-data
	$(LEGCNET) train-dense $(CHAOS_FLAGS) --lr $(1) --out $(2)/dense
$(2)/perturbed/run.toml: $(2)/dense/run.toml | $(LEGCNET)
	$(LEGCNET) perturb-retrain $(CHAOS_FLAGS) --lr $(1) --init $(2)/dense/init.csv --out $(2)/perturbed
$(2)/divergence-summary.csv: $(2)/perturbed/run.toml | $(LEGCNET)
	$(LEGCNET) divergence --base $(2)/dense/weights.npy --perturbed $(2)/perturbed/weights.npy \
	    --out $(2)/divergence.csv --summary $(2)/divergence-summary.csv --quiet
endef
$(foreach lr,$(LRS),$(eval $(call chaos_rules,$(lr),$(call chaos_dir,$(lr)))))
chaos: DATASETS = $(DATASET)
chaos: $(foreach lr,$(LRS),$(call chaos_dir,$(lr))/divergence-summary.csv)
	@mkdir -p $(RESULTS)/plots
	bash scripts/chaos/table.sh $(CHAOS_BASE_LR) $(foreach lr,$(LRS),$(call chaos_dir,$(lr))) > $(RESULTS)/chaos-$(DATASET).csv.part
	mv $(RESULTS)/chaos-$(DATASET).csv.part $(RESULTS)/chaos-$(DATASET).csv
	@bash scripts/plots/install-gnuplot.sh
	gnuplot -e "csv='$(RESULTS)/chaos-$(DATASET).csv'; png='$(RESULTS)/plots/chaos-$(DATASET).png'; dataset='$(DATASET), seed $(CHAOS_SEED)'; base_lr=$(CHAOS_BASE_LR)" \
	    scripts/plots/chaos.gp
	@column -s, -t < $(RESULTS)/chaos-$(DATASET).csv | cut -c1-200
endif

# ---------------------------------------------------------------------------------------------
# Sparsity sweep (issue 14, docs/spectral.md): spectral, magnitude and random pruning at 50, 80,
# 90 and 95% of every layer's weights (all three per layer), one-shot from the trained dense model, each
# retrained like the experiment's masks (runs/D/seedK/sweep-METHODLEVEL/). `make experiment`
# includes it for SWEEP_DATASET; `make sweep-mnist` runs it on MNIST seed 1 alone, reusing (or
# first making) runs/mnist/seed1/dense. `legcnet report` gives it its own section and sweep.csv;
# `make plots-sweep` draws results/plots/sweep.png.
SWEEP_DATASET ?= cancer
SWEEP_LEVELS  := 50 80 90 95
SWEEP_METHODS := spectral magnitude-layer random-layer
sweep_prune.spectral        := --method spectral
sweep_prune.magnitude-layer := --method magnitude --scope layer
sweep_prune.random-layer    := --method random --scope layer
# Each mask retrained (sparse/) and, without retraining, applied to the trained dense model
# (oneshot/, legcnet evaluate; train-dense's own summary.csv is the dense row).
SWEEP_FILES := dense/sparse/summary.csv \
               $(foreach m,$(SWEEP_METHODS),$(foreach p,$(SWEEP_LEVELS),$(foreach f,mask.csv sparse/summary.csv oneshot/summary.csv,sweep-$(m)$(p)/$(f))))
# $(call sweep_files,RUNS,DATASETS,SEEDS)
sweep_files = $(foreach d,$(2),$(foreach s,$(3),$(foreach f,$(SWEEP_FILES),$(1)/$(d)/seed$(s)/$(f))))

define sweep_mask_rule
$(RUNS)/%/sweep-$(1)$(2)/mask.csv: $(RUNS)/%/dense/run.toml | $(LEGCNET)
	@mkdir -p $$(@D)
	$(LEGCNET) prune $(sweep_prune.$(1)) --fraction 0.$(2) --prune-seed $$(seed_of) --model $(RUNS)/$$*/dense/model.csv \
	    --out $$@ $(PRUNE_FLAGS) > $$@.layers && mv $$@.layers $$(@D)/mask-layers.csv
endef
$(foreach m,$(SWEEP_METHODS),$(foreach p,$(SWEEP_LEVELS),$(eval $(call sweep_mask_rule,$(m),$(p)))))

$(RUNS)/%/oneshot/summary.csv: $(RUNS)/%/mask.csv $$(config_of) | $(LEGCNET)
	$(LEGCNET) evaluate --config $(config_of) --seed $(seed_of) $(DATA_FLAGS) --model $(RUNS)/$(dataset_of)/seed$(seed_of)/dense/model.csv \
	    --mask $< --method $(word 3,$(subst /, ,$*))-oneshot --out $@ --quiet

$(RESULTS)/tables.md: $(call sweep_files,$(RUNS),$(filter $(SWEEP_DATASET),$(DATASETS)),$(SEEDS))

.PHONY: sweep-mnist plots-sweep
sweep-mnist: | $(LEGCNET)
	@$(MAKE) --no-print-directory $(call sweep_files,$(RUNS),mnist,1) DATASETS=mnist SEEDS=1 -j $(JOBS)
	$(LEGCNET) report --runs $(RUNS) --out $(RESULTS)

plots-sweep:
	@test -f $(RESULTS)/sweep.csv || { echo "plots-sweep: no $(RESULTS)/sweep.csv (make experiment or make sweep-mnist first)" >&2; exit 2; }
	@bash scripts/plots/install-gnuplot.sh
	@mkdir -p $(RESULTS)/plots
	gnuplot -e "csv='$(RESULTS)/sweep.csv'; png='$(RESULTS)/plots/sweep.png'" scripts/plots/sweep.gp
	@echo "plots-sweep: $(RESULTS)/plots/sweep.png"

# A real single-node SLURM cluster on this machine (root; installs slurm-wlm and munge when
# missing) runs the iris chain as 4 shards and a merge job; checks the merged granger.csv and
# mask.csv against the single-process chain, and stops the daemons it started.
.PHONY: slurm-test
slurm-test: | $(LEGCNET)
	bash scripts/slurm/test-cluster.sh $(LEGCNET)

clean:
	rm -rf $(BUILD) runs runs-regression
