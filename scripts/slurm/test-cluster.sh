#!/usr/bin/env bash
# make slurm-test: a real single-node SLURM cluster on this machine runs a sharded chain.
# Installs Debian's slurm-wlm and munge when missing, then, in a temporary directory: a munge key
# and munged on its own socket, a slurm.conf for this node (its name, CPUs and memory from
# `slurmd -C`, free ports, state, spool, pid and log files all in the directory), slurmctld and
# slurmd in the foreground as background processes (no systemd needed). Submits the iris chain
# as an array of 4 shards and a dependent merge job (scripts/slurm/submit.sh --wait), checks that
# the merged granger.csv and mask.csv of FT and PT equal those of `legcnet chain` run whole, and
# stops the daemons it started, on failure too. Run as root (slurmd runs the jobs).
#   scripts/slurm/test-cluster.sh [LEGCNET]        KEEP=1 keeps the directory for inspection
set -euo pipefail
cd "$(dirname "$0")/../.."
legcnet=$(realpath "${1:-build/legcnet}")
shards=4
config=configs/iris.toml
chain_flags=(--allow-disconnected --quiet ${SLURM_TEST_FLAGS:-})
[ "$(id -u)" -eq 0 ] || { echo "slurm-test: run as root (slurmd must start the jobs as their user)" >&2; exit 1; }
[ -x "$legcnet" ] || { echo "slurm-test: no legcnet binary at $legcnet (make build)" >&2; exit 1; }

# The packages; apt must not start their system-wide daemons (policy-rc.d, only if none exists).
missing=0
for tool in slurmctld slurmd sbatch munged; do command -v "$tool" >/dev/null || missing=1; done
if [ "$missing" -eq 1 ]; then
  policy=/usr/sbin/policy-rc.d created=
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && created=1; fi
  status=0
  bash scripts/install-deps.sh slurm-wlm munge || status=$?
  [ -z "$created" ] || rm -f "$policy"
  [ "$status" -eq 0 ] || exit "$status"
fi

tmp=$(mktemp -d /tmp/legcnet-slurm.XXXXXX)
chmod 755 "$tmp"  # munged wants its socket's directories searchable by every user
mkdir -m 755 "$tmp/munge"
mkdir -m 700 "$tmp/state" "$tmp/spool"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "slurm-test: FAILED; the daemons' logs:" >&2
    for log in munged.out munged.log slurmctld.out slurmctld.log slurmd.out slurmd.log; do
      [ -s "$tmp/$log" ] && { echo "--- $log" >&2; tail -n 15 "$tmp/$log" >&2; }
    done
    for out in "$tmp"/run/slurm-*.out "$tmp"/run/shards/slurm-*.out; do
      [ -f "$out" ] && { echo "--- $out" >&2; tail -n 5 "$out" >&2; }
    done
  fi
  if [ -n "${KEEP:-}" ]; then echo "slurm-test: kept $tmp" >&2; else rm -rf "$tmp"; fi
  exit "$status"
}
trap cleanup EXIT INT TERM

# munge: a fresh key and a daemon of our own on our own socket.
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
socket=$tmp/munge/munge.socket
munged --foreground --force --socket="$socket" --key-file="$tmp/munge/munge.key" --pid-file="$tmp/munge/munged.pid" \
    --log-file="$tmp/munged.log" --seed-file="$tmp/munge/munged.seed" > "$tmp/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
[ -S "$socket" ] || { echo "slurm-test: munged did not start" >&2; exit 1; }

# Two free TCP ports for slurmctld and slurmd.
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "$port"; return; }
  done
  echo "slurm-test: no free port" >&2; return 1
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done

node=$(slurmd -C | head -n 1)            # NodeName=HOST CPUs=... RealMemory=...
host=$(sed 's/^NodeName=\([^ ]*\).*/\1/' <<< "$node")
cat > "$tmp/slurm.conf" <<CONF
# A single-node cluster for make slurm-test, made by scripts/slurm/test-cluster.sh.
ClusterName=legcnet-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -c -f "$SLURM_CONF" > "$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$host" -f "$SLURM_CONF" > "$tmp/slurmd.out" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 120); do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null || true)
  case $state in idle*|mix*|alloc*) ready=1; break ;; esac
  sleep 0.5
done
[ "$ready" -eq 1 ] || { echo "slurm-test: the node did not become idle (state '${state:-none}')" >&2; exit 1; }
echo "slurm-test: cluster up ($host, slurmctld :$ctld_port, slurmd :$slurmd_port)"

# The sharded chain through the cluster, and the same chain whole in this process.
start=$(date +%s)
scripts/slurm/submit.sh --config "$config" --seed 1 --shards "$shards" --out "$tmp/run" --wait --legcnet "$legcnet" \
    -- "${chain_flags[@]}"
echo "slurm-test: $shards shards and the merge ran in $(( $(date +%s) - start )) s"
"$legcnet" chain --config "$config" --seed 1 "${chain_flags[@]}" --out "$tmp/whole"
for file in ft/granger.csv ft/mask.csv pt/granger.csv pt/mask.csv; do
  cmp "$tmp/run/$file" "$tmp/whole/$file" || { echo "slurm-test: $file differs from the single-process chain's" >&2; exit 1; }
done
for k in $(seq 0 $((shards - 1))); do
  [ -f "$tmp/run/shards/$k/ft/le.csv.shard.toml" ] || { echo "slurm-test: shard $k wrote no record" >&2; exit 1; }
done
echo "slurm-test: merged granger.csv and mask.csv (FT and PT) equal the single-process chain's"
