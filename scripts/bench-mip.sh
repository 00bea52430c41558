#!/usr/bin/env bash
# Timings of prune --method mip (docs/mip.md), one thread as always: every program run REPEATS
# times, reporting the minimum and the median wall time, the minimum CPU time (user + sys: on a
# shared machine the figure least disturbed by other jobs) and the solver log of the fastest run.
#   iris and cancer: linear (default) and pwl at 1 and 10 samples per class, from runs/D/seed1;
#   MNIST linear (sigmoid net) and MNIST-ReLU relu at 1 sample per class (N = 10), from
#   runs/mnist/seed1 and runs/mnist-relu/seed1 (make experiment DATASETS="mnist mnist-relu" SEEDS=1,
#   or just their dense/ directories: train-dense --config configs/mnist-relu.toml --seed 1 ...).
# A dataset whose dense model is missing is trained first (tabular only; MNIST is skipped).
# Usage: scripts/bench-mip.sh [REPEATS] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}"
L="${2:-build}/legcnet"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bench() {  # NAME DATASET EXTRA-OPTIONS...
  local name="$1" dataset="$2"
  shift 2
  local dense="runs/$dataset/seed1/dense"
  if [ ! -f "$dense/model.csv" ]; then
    case "$dataset" in
      mnist*) echo "$name: no $dense/model.csv, skipped"; return ;;
      *) dense="$work/$dataset" && [ -f "$dense/model.csv" ] ||
           $L train-dense --config "configs/$dataset.toml" --seed 1 --record-every 0 --quiet --out "$dense" ;;
    esac
  fi
  local times=() cpus=() best=""
  for ((r = 0; r < repeats; r++)); do
    /usr/bin/time -f "%e %U %S" -o "$work/time-$r" \
      $L prune --method mip --config "configs/$dataset.toml" --seed 1 --model "$dense/model.csv" "$@" --quiet \
      --solver-log "$work/log-$r.csv" --out "$work/mask.csv" >/dev/null
    read -r wall user sys < "$work/time-$r"
    times+=("$wall")
    cpus+=("$(echo "$user + $sys" | bc)")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  min=$(echo "$sorted" | head -1)
  median=$(echo "$sorted" | sed -n "$(((repeats + 1) / 2))p")
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | head -1)
  for ((r = 0; r < repeats; r++)); do [ "${times[$r]}" = "$min" ] && best=$r; done
  echo "$name: wall min $min s, median $median s, CPU (user + sys) min $cpu s over $repeats runs; $(tail -1 "$work/log-$best.csv")"
}

echo "form,samples,variables,binaries,rows,status,objective,bound,gap,seconds (the solver log's columns)"
bench "iris linear, 1 per class" iris
bench "iris pwl, 1 per class" iris --mip-form pwl
bench "iris pwl, 10 per class" iris --mip-form pwl --mip-per-class 10
bench "cancer linear, 1 per class" cancer
bench "cancer pwl, 1 per class" cancer --mip-form pwl
bench "cancer pwl, 10 per class" cancer --mip-form pwl --mip-per-class 10
bench "MNIST linear, N = 10" mnist
bench "MNIST-ReLU relu, N = 10" mnist-relu
