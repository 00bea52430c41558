#!/usr/bin/env bash
# Submits a sharded `legcnet chain` to SLURM: an array job of N shards and a merge job that runs
# when all of them have succeeded. Prints the two job ids.
#   scripts/slurm/submit.sh --config C --seed S --shards N --out RUN [--wait] [--legcnet BIN] [--cpus N]
#                           [-- CHAIN OPTIONS (e.g. --allow-disconnected --quiet)]
# --cpus N: CPUs per job (sbatch --cpus-per-task; default the scripts' 2), also the chain's --threads.
# RUN must be on a file system every node sees. With --wait, returns when the merge job has
# ended, with its exit status. Extra sbatch options: SBATCH_* environment variables (sbatch(1)),
# e.g. SBATCH_PARTITION=short SBATCH_TIMELIMIT=30.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
legcnet=$here/../../build/legcnet config= seed=1 shards= run= wait=() cpus=()
while [ $# -gt 0 ]; do
  case $1 in
    --config) config=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --out) run=$2; shift 2 ;;
    --legcnet) legcnet=$2; shift 2 ;;
    --wait) wait=(--wait); shift ;;
    --cpus) cpus=(--cpus-per-task="$2"); shift 2 ;;
    --) shift; break ;;
    *) echo "submit.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
[ -n "$config" ] && [ -n "$shards" ] && [ -n "$run" ] || { echo "submit.sh: --config, --shards and --out are required" >&2; exit 2; }
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: --shards must be a positive whole number" >&2; exit 2; }
[ ${#cpus[@]} -eq 0 ] || [[ ${cpus[0]#--cpus-per-task=} =~ ^[1-9][0-9]*$ ]] ||
  { echo "submit.sh: --cpus must be a positive whole number" >&2; exit 2; }
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
legcnet=$(absolute "$legcnet") config=$(absolute "$config") run=$(absolute "$run")
[ -x "$legcnet" ] || { echo "submit.sh: no legcnet binary at $legcnet (make build, or --legcnet BIN)" >&2; exit 2; }
mkdir -p "$run/shards"
args=("$legcnet" "$config" "$seed" "$shards" "$run" "$@")
array=$(sbatch --parsable "${cpus[@]}" --array="0-$((shards - 1))" --chdir="$PWD" --output="$run/shards/slurm-%A_%a.out" \
    "$here/chain-shard.sbatch" "${args[@]}")
array=${array%%;*}
echo "shards: job $array (array 0-$((shards - 1)))"
merge=$(sbatch --parsable "${cpus[@]}" "${wait[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes --chdir="$PWD" \
    --output="$run/slurm-merge-%j.out" "$here/chain-merge.sbatch" "${args[@]}") || {
  status=$?; echo "merge: job ${merge%%;*} failed (exit $status); see $run/slurm-merge-*.out and $run/shards/slurm-*.out" >&2
  exit $status
}
merge=${merge%%;*}
echo "merge: job $merge (after the shards; writes $run)"
if [ ${#wait[@]} -gt 0 ]; then
  # A merge cancelled because a shard failed never ran: sbatch --wait then exits 0.
  state=$(scontrol show job -o "$merge" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  if [ -n "$state" ] && [ "$state" != COMPLETED ]; then
    echo "merge: job $merge ended $state (a shard failed?); see $run/shards/slurm-*.out" >&2
    exit 1
  fi
fi
