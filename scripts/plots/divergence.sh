#!/usr/bin/env bash
# ln d(t), the distance between the dense and the perturbed run, of one seed of every dataset
# against the epoch, with each run's verdict (legcnet divergence) in the key.
# Usage: divergence.sh RUNS SEED OUT_DIR DATASET...   -> OUT_DIR/divergence-seedK.png
set -euo pipefail
runs=${1:?usage: divergence.sh RUNS SEED OUT_DIR DATASET...}
seed=${2:?usage: divergence.sh RUNS SEED OUT_DIR DATASET...}
out=${3:?usage: divergence.sh RUNS SEED OUT_DIR DATASET...}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
files=() steps=() titles=()
for dataset in "$@"; do
  dir="$runs/$dataset/seed$seed"
  for file in divergence.csv divergence-summary.csv dense/run.toml; do
    [ -f "$dir/$file" ] || { echo "divergence.sh: $dir/$file is missing (make plots builds it)" >&2; exit 2; }
  done
  files+=("$dir/divergence.csv")
  steps+=("$(awk -F'=' '{ k = $1; gsub(/[ \t"]/, "", k); v = $2; gsub(/[ \t"]/, "", v) }
                        k == "train_samples" { n = v } k == "batch-size" { b = v }
                        END { if (b == "") b = 1; print int((n + b - 1) / b) }' "$dir/dense/run.toml")")
  titles+=("$(awk -F, -v d="$dataset" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
              { printf "%s: %s, growth %.3g", d, $c["verdict"], $c["growth"] }' "$dir/divergence-summary.csv")")
done
mkdir -p "$out"
n=${#files[@]}
quote() { local joined="" item; for item in "$@"; do joined+="${joined:+, }'$item'"; done; echo "$joined"; }
gnuplot -e "png='$out/divergence-seed$seed.png'; seed='$seed'" \
        -e "array files[$n] = [$(quote "${files[@]}")]; array steps[$n] = [$(IFS=,; echo "${steps[*]}")]" \
        -e "array titles[$n] = [$(quote "${titles[@]}")]" "$here/divergence.gp"
echo "divergence.sh: $out/divergence-seed$seed.png"
