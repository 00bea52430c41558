#!/usr/bin/env bash
# The onset-of-chaos table of `make chaos`: one row per learning rate, from each run directory's
# divergence summary, dense/run.toml and dense/metrics.csv.
# Usage: table.sh BASE_LR DIR...   (DIR = runs/chaos/DATASET/seedK/lrX; CSV on stdout)
set -euo pipefail
base_lr=${1:?usage: table.sh BASE_LR DIR...}
shift
echo "lr,lr_factor,exponent_per_step,exponent_per_epoch,ci_low_per_epoch,ci_high_per_epoch,growth,fitted_growth,max_growth,min_growth,verdict,basis,first_step,last_step,saturation_step,status,final_train_acc,final_test_acc"
for dir in "$@"; do
  for file in divergence-summary.csv dense/run.toml dense/metrics.csv; do
    [ -f "$dir/$file" ] || { echo "table.sh: $dir/$file is missing" >&2; exit 2; }
  done
  # [config] lr and batch-size, [run] train_samples.
  read -r lr samples batch < <(awk -F'=' '
    { key = $1; gsub(/[ \t"]/, "", key); value = $2; gsub(/[ \t"]/, "", value) }
    key == "lr" { lr = value } key == "train_samples" { samples = value } key == "batch-size" { batch = value }
    END { print lr, samples, (batch == "" ? 1 : batch) }' "$dir/dense/run.toml")
  accuracy=$(tail -n 1 "$dir/dense/metrics.csv" | awk -F, '{ print $4 "," $5 }')
  awk -F, -v lr="$lr" -v base="$base_lr" -v samples="$samples" -v batch="$batch" -v accuracy="$accuracy" '
    NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next }
    # awk reads "nan" as 0 (gawk) or nan (mawk): keep it as text.
    function per_epoch(text) { return text == "nan" ? "nan" : sprintf("%.6g", text * steps) }
    NR == 2 {
      steps = int((samples + batch - 1) / batch)
      printf "%s,%.6g,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", lr, lr / base,
        $column["exponent_per_step"], $column["exponent_per_epoch"],
        per_epoch($column["ci_low"]), per_epoch($column["ci_high"]),
        $column["growth"], $column["fitted_growth"], $column["max_growth"], $column["min_growth"], $column["verdict"], $column["basis"],
        $column["first_step"], $column["last_step"], $column["saturation_step"], $column["status"], accuracy }
  ' "$dir/divergence-summary.csv"
done
