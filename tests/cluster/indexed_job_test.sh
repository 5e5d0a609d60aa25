#!/usr/bin/env bash
# Runs the example Kubernetes Indexed Job docs/cluster/sweep-indexed-job.yaml the way its pods
# would, without a cluster: reads the manifest (python3-yaml; scripts/test.sh installs it), runs
# its container's command once per completion index with JOB_COMPLETION_INDEX set, in its
# workingDir (the source tree) with the shared volume mapped to a temporary directory, merges the
# shards and requires the merged outputs to equal the unsharded sweep's, byte for byte.
# Usage: indexed_job_test.sh SOURCE_DIR FIREDRILL_BINARY
set -euo pipefail
src=$1
firedrill=$2
work=$(mktemp -d /tmp/firedrill-indexed-job.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The Job's facts, one per line: completions, then the volume's mount path, then the command.
/usr/bin/python3 - "$src/docs/cluster/sweep-indexed-job.yaml" >"$work/job.txt" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
assert job["kind"] == "Job" and job["spec"]["completionMode"] == "Indexed", "not an Indexed Job"
container = job["spec"]["template"]["spec"]["containers"][0]
print(job["spec"]["completions"])
print(container["volumeMounts"][0]["mountPath"])
print("\n".join(container["command"]))
PY
mapfile -t job <"$work/job.txt"
completions=${job[0]}
mount=${job[1]}
command=("${job[@]:2}")
[ "${command[0]}" = build/firedrill ] || { echo "unexpected command ${command[0]}" >&2; exit 1; }

# The pod's command, with the image's binary and the shared volume mapped to this machine's.
args=()
for a in "${command[@]:1}"; do args+=("${a//$mount/$work/shards}"); done
cd "$src"
for ((i = 0; i < completions; i++)); do
  JOB_COMPLETION_INDEX=$i "$firedrill" "${args[@]}"
done
"$firedrill" merge "$work"/shards/shard-*.json --out "$work/merged" >/dev/null

# The same sweep, unsharded.
whole=()
for a in "${args[@]}"; do
  case $a in --shards=* | --out=*) ;; *) whole+=("$a") ;; esac
done
"$firedrill" "${whole[@]}" --out "$work/whole" >/dev/null
for f in sweep.json runs.csv summary.md plots/ttm_s.svg; do
  cmp "$work/merged/$f" "$work/whole/$f"
done
echo "indexed job: $completions shards merged equal the unsharded sweep"
