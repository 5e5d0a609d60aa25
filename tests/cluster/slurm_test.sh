#!/usr/bin/env bash
# Proves the Slurm path of a sharded sweep for real: starts a one-node Slurm cluster on localhost
# (Debian's slurm-wlm and munge; scripts/test.sh installs them), submits the example batch script
# docs/cluster/sweep-array.sbatch as a job array of 4 tasks, merges the 4 shards and requires the
# merged outputs to equal the unsharded sweep's, byte for byte. Run as root (or with sudo): munged
# and slurmd need it. Usage: slurm_test.sh SOURCE_DIR FIREDRILL_BINARY
set -euo pipefail
src=$1
firedrill=$2
work=$(mktemp -d /tmp/firedrill-slurm.XXXXXX)
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export SLURM_CONF=$work/slurm.conf

stop() {
  for pid in "$work/slurmctld.pid" "$work/slurmd.pid"; do
    [ -f "$pid" ] && "${sudo[@]}" kill "$(cat "$pid")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$work"
}
trap stop EXIT

host=$(hostname -s)
mkdir -p "$work/state" "$work/spool" "$work/run/shards"
cat >"$SLURM_CONF" <<CONF
ClusterName=firedrill-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

# munge: a key exists once the package is installed; start the daemon if it is not running.
if ! munge -n >/dev/null 2>&1; then
  "${sudo[@]}" mkdir -p /run/munge
  "${sudo[@]}" chown munge:munge /run/munge
  "${sudo[@]}" runuser -u munge -- /usr/sbin/munged || "${sudo[@]}" /usr/sbin/munged --force
fi
"${sudo[@]}" slurmctld -f "$SLURM_CONF"
"${sudo[@]}" slurmd -f "$SLURM_CONF"
for _ in $(seq 30); do
  sinfo -h -o %T 2>/dev/null | grep -q idle && break
  sleep 1
done
sinfo

# The example script, as a user would submit it; it runs build/firedrill of FIREDRILL_DIR, so a
# build directory elsewhere is linked in.
ln -s "$src/scenarios" "$work/scenarios"
mkdir -p "$work/build"
ln -s "$firedrill" "$work/build/firedrill"
cd "$work/run"
"${sudo[@]}" env SLURM_CONF="$SLURM_CONF" sbatch --wait --array=0-3 \
  --export=ALL,FIREDRILL_DIR="$work",RUNS=12 "$src/docs/cluster/sweep-array.sbatch"
ls shards
[ "$(ls shards/shard-*-of-4.json | wc -l)" -eq 4 ]
"$firedrill" merge shards/shard-*-of-4.json --out merged >/dev/null
# The same sweep unsharded, naming the policy files as the batch script did.
"$firedrill" sweep "$work/scenarios/online-boutique/black-friday-bad-deploy.json" --runs 12 \
  --policy "$work/scenarios/online-boutique/policies/escalation-5min.json" \
  --policy "$work/scenarios/online-boutique/policies/escalation-15min.json" --out whole >/dev/null
for f in sweep.json runs.csv summary.md; do
  cmp "merged/$f" "whole/$f"
done
echo "slurm: 4 array tasks merged into exactly the unsharded sweep"
