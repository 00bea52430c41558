#!/usr/bin/env bash
# Whole-stage timings (wall seconds, peak RSS) for the README's Performance section:
#   the iris LEGCNet-FT pipeline end to end (seven stages, every step recorded and evaluated),
#   windowed-le and granger with 1 and 2 threads on banknote's FT series (runs/banknote/seed1,
#   from `make experiment DATASETS=banknote SEEDS=1`).
# Usage: scripts/bench-stages.sh [BUILD_DIR]   (writes to a temporary directory)
set -euo pipefail
cd "$(dirname "$0")/.."
L="${1:-build}/legcnet"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
timed() { /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1; read -r seconds kb < "$work/t"; echo "$seconds s, $((kb / 1024)) MB"; }

echo "iris LEGCNet-FT, seven stages:"
start=$(date +%s.%N)
$L train-dense --config configs/iris.toml --seed 1 --quiet --out "$work/dense"
$L perturb-retrain --config configs/iris.toml --seed 1 --quiet --init "$work/dense/init.csv" --out "$work/pert"
$L diff-series --base "$work/dense/weights.csv" --perturbed "$work/pert/weights.csv" --out "$work/diff.csv" --quiet
$L windowed-le --config configs/iris.toml --series "$work/diff.csv" --out "$work/le.csv" --quiet
$L granger --le "$work/le.csv" --metrics "$work/dense/metrics.csv" --out "$work/granger.csv" --quiet
$L prune --method legc --granger "$work/granger.csv" --out "$work/mask.csv" --quiet >/dev/null
$L retrain-sparse --config configs/iris.toml --seed 1 --quiet --init "$work/dense/init.csv" --mask "$work/mask.csv" --out "$work/sparse"
echo "  $(echo "$(date +%s.%N) - $start" | bc) s end to end"

run=runs/banknote/seed1
if [ -f "$run/diff.csv" ]; then
  for threads in 1 2; do
    echo "windowed-le, banknote FT ($(($(wc -l < "$run/ft/le.csv") - 1)) windows x 40 weights), $threads thread(s): $(timed $L windowed-le --config configs/banknote.toml --series $run/diff.csv --threads $threads --out "$work/le-$threads.csv")"
  done
  echo "  (most of that is reading the 85 MB diff.csv; the estimates alone are in bench_rosenstein)"
fi
le=/tmp/mnist-runs/mnist/seed1/ft/le.csv
[ -f "$le" ] || le=$run/ft/le.csv
metrics=$(dirname "$(dirname "$le")")/dense/metrics.csv
for threads in 1 2; do
  echo "granger on $le, $threads thread(s): $(timed $L granger --le "$le" --metrics "$metrics" --threads $threads --out "$work/g-$threads.csv")"
done
