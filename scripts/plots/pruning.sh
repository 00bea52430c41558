#!/usr/bin/env bash
# Test accuracy against % pruned, one figure per dataset, from legcnet report's summary.csv:
# every method and seed a point (filled: nominal % pruned; hollow, joined to it: effective %
# where summary.csv has pct_pruned_effective), in up to three panels: retrained to the benchmark,
# retrained for a fixed budget (METHOD@fixed), and the sparsity sweep (sweep-*, *-oneshot). The
# dense models are the reference lines. Methods appear in the report's order (summary.csv's rows).
# Usage: pruning.sh SUMMARY_CSV OUT_DIR [DATASET...]   -> OUT_DIR/pruning-DATASET.png (every dataset
# of the file when none is named; a named dataset the file lacks is an error)
set -euo pipefail

summary=${1:?usage: pruning.sh SUMMARY_CSV OUT_DIR [DATASET...]}
out=${2:?usage: pruning.sh SUMMARY_CSV OUT_DIR [DATASET...]}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
source "$here/methods.sh"
[ -f "$summary" ] || { echo "pruning.sh: no $summary (legcnet report writes it: make report)" >&2; exit 2; }
for column in dataset method seed test_acc pct_pruned; do
  head -n 1 "$summary" | tr ',' '\n' | grep -qx "$column" ||
    { echo "pruning.sh: $summary:1: no column '$column' (not legcnet report's summary.csv)" >&2; exit 2; }
done
known=$(awk -F, 'NR > 1 && !seen[$1]++ { print $1 }' "$summary")
datasets=("$@")
[ ${#datasets[@]} -gt 0 ] || mapfile -t datasets <<<"$known"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cut -d, -f2 "$summary" | tail -n +2 | awk '!seen[$0]++' | write_labels "$work/labels.tsv"

for dataset in "${datasets[@]}"; do
  grep -qx -- "$dataset" <<<"$known" || { echo "pruning.sh: $summary has no runs of dataset '$dataset'" >&2; exit 2; }
  awk -v d="$dataset" -v dir="$work" -f "$here/pruning.awk" FS='\t' "$work/labels.tsv" FS=, "$summary"
  gnuplot -e "work='$work'; png='$out/pruning-$dataset.png'; dataset=$(gp_quote "$dataset")" \
          -e "load work.'/vars.gp'" "$here/pruning.gp"
  echo "pruning.sh: $out/pruning-$dataset.png"
done
