#!/usr/bin/env bash
# CTest: `make plots`, `make report` and `make figures` on two small datasets of one's own
# (CONFIGS=), so that every plot script runs on inputs the presets do not have:
#   wide  20 named features, 3 classes, a validation split: SHAP bars of the top 15 features,
#         validation accuracy while retraining
#   pix   64 features named pixel_R_C, 2 classes: SHAP as 8 x 8 heat maps
# Checks that every PNG is written and is a PNG, and which variant each plot chose. Exits 77
# (CTest: skipped) when gnuplot is missing. Usage: [KEEP_DIR=DIR] make-plots.sh LEGCNET_BINARY
set -euo pipefail
legcnet=$(realpath "${1:?usage: make-plots.sh LEGCNET_BINARY}")
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
command -v gnuplot >/dev/null || { echo "make-plots: gnuplot is not installed (bash scripts/plots/install-gnuplot.sh); skipped"; exit 77; }
# KEEP_DIR=DIR keeps the runs and plots there, to look at them.
if [ -n "${KEEP_DIR:-}" ]; then work=$(mkdir -p "$KEEP_DIR" && realpath "$KEEP_DIR"); else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi

# Deterministic data (a Lehmer generator, exact in awk's doubles): class c shifts the features'
# means, so that the networks learn something.
make_data() {  # make_data FILE SAMPLES CLASSES FEATURES pixel|named
  local file=$1 samples=$2 classes=$3 features=$4 names=$5
  awk -v n="$samples" -v k="$classes" -v m="$features" -v names="$names" 'BEGIN {
    x = 12345
    for (j = 0; j < m; j++) printf "%s,", names == "pixel" ? sprintf("pixel_%d_%d", int(j / 8), j % 8) : sprintf("f%02d", j)
    print "label"
    for (i = 0; i < n; i++) {
      c = i % k
      for (j = 0; j < m; j++) {
        x = (x * 16807) % 2147483647; u = x / 2147483647
        printf "%.4f,", (j % (k + 1) == c ? 1.5 : 0) + 2 * u
      }
      print c
    } }' > "$file"
}
make_data "$work/wide.csv" 200 3 20 named
make_data "$work/pix.csv" 160 2 64 pixel
for name in wide pix; do
  {
    echo "data = \"$name.csv\""
    echo "hidden = [6]"
    echo "lr = 0.1"
    echo "epochs = 30"
    echo "pt-epochs = 10"
    echo "benchmark = 0.9"
    echo "max-epochs = 60"
  } > "$work/$name.toml"
done
echo "val-fraction = 0.2" >> "$work/wide.toml"

# -o: never rebuild the binary under test (make would, were a source newer than it).
run_make() {
  make --no-print-directory -C "$source_dir" -o "$legcnet" BUILD="$(dirname "$legcnet")" \
       CONFIGS="$work/wide.toml $work/pix.toml" RUNS="$work/runs" RESULTS="$work/results" SEEDS=1 "$@"
}
run_make plots PLOT_DATASET=wide > "$work/wide.log" 2>&1 || { cat "$work/wide.log"; exit 1; }
run_make plots PLOT_DATASET=pix > "$work/pix.log" 2>&1 || { cat "$work/pix.log"; exit 1; }
run_make report > "$work/report.log" 2>&1 || { cat "$work/report.log"; exit 1; }
run_make figures > "$work/figures.log" 2>&1 || { cat "$work/figures.log"; exit 1; }

fail=0
check() { grep -qF -- "$2" "$work/$1.log" || { echo "make-plots: $1.log lacks '$2':"; cat "$work/$1.log"; fail=1; }; }
check wide "shap: bars, top 15 of 20 features"
check wide "accuracy: validation accuracy"
check pix "shap: heat maps, 8 x 8 pixels"
check pix "accuracy: training accuracy"
for png in wide-seed1-shap wide-seed1-esd wide-seed1-le wide-seed1-accuracy \
           pix-seed1-shap pix-seed1-esd pix-seed1-le pix-seed1-accuracy pruning-wide pruning-pix; do
  file="$work/results/plots/$png.png"
  if [ ! -s "$file" ] || [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
    echo "make-plots: $png.png is missing or not a PNG"; fail=1
  fi
done
[ "$fail" -eq 0 ] && echo "make-plots: 10 PNGs, every variant as expected"
exit "$fail"
