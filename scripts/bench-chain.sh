#!/usr/bin/env bash
# LEGCNet FT+PT of one seed, staged (the seven subcommands as make experiment ran them before the
# chain, with both cores busy where make -j2 ran two stages at once) against `legcnet chain`:
# wall and CPU time, peak RSS and peak disk of the run directory.
#   scripts/bench-chain.sh iris [REPEATS]     median of REPEATS (default 7) runs of each
#   scripts/bench-chain.sh mnist              one run of each (~5 + ~3 min, 13 GB of series at the peak)
#   PIPELINES=chained scripts/bench-chain.sh mnist    only the chain (or only staged)
# Needs the build (make build) and the data (make data; MNIST from ../shared/data or data/).
# The work directory is removed at the end; BENCH_DIR chooses where it goes (default /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
L=${LEGCNET:-build/legcnet}
dataset=${1:-iris}
repeats=${2:-7}
config=configs/$dataset.toml
ext=$(sed -n 's/^series-format[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' "$config"); ext=${ext:-csv}
flags="--quiet"  # the Makefile's TRAIN_FLAGS and RETRAIN_FLAGS
data_dir=data
[ "$dataset" = mnist ] && [ -d ../shared/data/mnist ] && data_dir=../shared/data
[ "$dataset" = mnist ] && repeats=1
work=$(mktemp -d "${BENCH_DIR:-/tmp}/bench-chain.XXXXXX")
poller=
trap '[ -n "$poller" ] && kill "$poller" 2>/dev/null; rm -rf "$work"' EXIT

# Runs a command under /usr/bin/time, appending "wall user sys maxrss_kb" to $work/times.
timed() { /usr/bin/time -a -o "$work/times" -f "%e %U %S %M" "$@"; }

# Largest size of a directory while a command runs (polled every 0.5 s), in MB, to $work/peak.
with_disk_peak() {
  local dir=$1; shift
  ( peak=0; while :; do s=$(du -sm "$dir" 2>/dev/null | cut -f1); if [ "${s:-0}" -gt "$peak" ]; then peak=$s; echo "$peak" > "$work/peak"; fi; sleep 0.5; done ) &
  poller=$!
  "$@"
  kill "$poller"; wait "$poller" 2>/dev/null || true; poller=
  s=$(du -sm "$dir" | cut -f1); p=$(cat "$work/peak" 2>/dev/null || true)
  if [ "$s" -gt "${p:-0}" ]; then echo "$s" > "$work/peak"; fi
}

staged() {
  local d=$1 c="--config $config --data-dir $data_dir"
  timed $L train-dense $c --seed 1 $flags --out $d/dense
  timed $L perturb-retrain $c --seed 1 $flags --init $d/dense/init.csv --out $d/perturbed
  timed $L diff-series --base $d/dense/weights.$ext --perturbed $d/perturbed/weights.$ext --out $d/diff.$ext --quiet
  timed $L windowed-le --config $config --series $d/diff.$ext --out $d/ft/le.csv --quiet & local ft=$!
  timed $L windowed-le --config $config --series $d/diff.$ext --pt --metrics $d/dense/metrics.csv --out $d/pt/le.csv --quiet
  wait $ft
  for v in ft pt; do
    timed $L granger --le $d/$v/le.csv --metrics $d/dense/metrics.csv --out $d/$v/granger.csv --quiet
    timed $L prune --method legc --granger $d/$v/granger.csv --out $d/$v/mask.csv --allow-disconnected --quiet > $d/$v/mask-layers.csv
  done
  timed $L retrain-sparse $c --seed 1 $flags --init $d/dense/init.csv --mask $d/ft/mask.csv --method ft --out $d/ft/sparse & local retrain=$!
  timed $L retrain-sparse $c --seed 1 $flags --init $d/dense/init.csv --mask $d/pt/mask.csv --method pt --out $d/pt/sparse
  wait $retrain
}

chained() {
  timed $L chain --config $config --data-dir $data_dir --seed 1 $flags --allow-disconnected --out "$1"
}

# One run of a pipeline: "wall cpu peak_rss_mb peak_disk_mb".
measure() {
  local how=$1 d=$work/run
  rm -rf "$d" "$work/times" "$work/peak"; mkdir -p "$d"
  local start end
  start=$(date +%s%N)
  with_disk_peak "$d" $how "$d"
  end=$(date +%s%N)
  awk -v wall="$(( (end - start) / 1000000 ))" -v disk="$(cat "$work/peak")" \
      '{cpu += $2 + $3; if ($4 > rss) rss = $4} END {printf "%.3f %.3f %.0f %s\n", wall / 1000, cpu, rss / 1024, disk}' "$work/times"
  for v in ft pt; do sha256sum "$d/$v/mask.csv" "$d/$v/sparse/summary.csv" | cut -c1-16; done > "$work/$how.sha"
  rm -rf "$d"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "$dataset FT+PT, seed 1, $repeats run(s) each; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The pipelines take turns (staged, chained, staged, ...), so that a change in the machine's load
# reaches both alike.
for how in ${PIPELINES:-staged chained}; do : > "$work/$how.all"; done
for _ in $(seq "$repeats"); do
  for how in ${PIPELINES:-staged chained}; do measure $how >> "$work/$how.all"; done
done
for how in ${PIPELINES:-staged chained}; do
  printf "%-8s wall %7.2f s (median; runs: %s)  cpu %7.2f s  peak RSS %5s MB  peak disk %6s MB\n" "$how" \
      "$(cut -d' ' -f1 "$work/$how.all" | median)" "$(cut -d' ' -f1 "$work/$how.all" | tr '\n' ' ' | sed 's/ $//')" \
      "$(cut -d' ' -f2 "$work/$how.all" | median)" "$(cut -d' ' -f3 "$work/$how.all" | sort -n | tail -1)" \
      "$(cut -d' ' -f4 "$work/$how.all" | sort -n | tail -1)"
done
if [ "${PIPELINES:-both}" != both ]; then :
elif cmp -s "$work/staged.sha" "$work/chained.sha"; then echo "masks and summaries: identical"; else echo "masks and summaries: DIFFER"; exit 1; fi
if [ "${PIPELINES:-both}" = both ]; then
  awk -v ws="$(cut -d' ' -f1 "$work/staged.all" | median)" -v wc="$(cut -d' ' -f1 "$work/chained.all" | median)" \
      -v cs="$(cut -d' ' -f2 "$work/staged.all" | median)" -v cc="$(cut -d' ' -f2 "$work/chained.all" | median)" \
      'BEGIN {printf "staged / chained: wall %.2fx, cpu %.2fx (medians)\n", ws / wc, cs / cc}'
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
