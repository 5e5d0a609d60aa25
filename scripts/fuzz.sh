#!/usr/bin/env bash
# Fuzzes one input format for a while (docs/fuzzing.md):
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
# TARGET is one of scenario, simulate, drill_log, pagerduty, shards, history. Builds the libFuzzer
# binaries with clang into build-fuzz/ (FIREDRILL_FUZZ=ON; only what they need) when they are
# missing or stale, then runs TARGET for SECONDS on its seed corpus with its dictionary, in
# libFuzzer's fork mode so that one finding does not end the run. The corpus it grows is kept in
# build-fuzz/corpus/TARGET/ (outside git). Every input that crashed, leaked, hung or ran out of
# memory is copied to tests/fuzz/regressions/TARGET/, which the normal test suite replays, and
# the script then exits 1. FIREDRILL_BUILD_JOBS sets the build's parallelism (default: up to 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

targets=(scenario simulate drill_log pagerduty shards history)
usage() {
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]" >&2
  echo "TARGET: ${targets[*]}" >&2
  exit 64
}
(($# >= 2)) || usage
target=$1
seconds=$2
shift 2
[[ " ${targets[*]} " == *" $target "* ]] || usage
[[ $seconds =~ ^[1-9][0-9]{0,6}$ ]] || usage

jobs=${FIREDRILL_BUILD_JOBS:-$(nproc)}
((jobs > 2)) && jobs=2
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DFIREDRILL_FUZZ=ON >/dev/null
fi
cmake --build build-fuzz -j "$jobs" --target "fuzz_$target" >&2

# Seeds: the format's own corpus and every earlier finding (the corpus grows with each crash
# found); the scenario targets also start from every bundled file.
seeds=()
for dir in "tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target"; do
  [ -d "$dir" ] && seeds+=("$dir")
done
case $target in
  scenario | simulate)
    dict=tests/fuzz/scenario.dict
    seeds+=(scenarios tests/scenario/data)
    ;;
  *) dict=tests/fuzz/$target.dict ;;
esac
corpus=build-fuzz/corpus/$target
artifacts=build-fuzz/artifacts/$target
rm -rf "$artifacts"
mkdir -p "$corpus" "$artifacts"

# -timeout: one input may take 10 s (a simulation is cut to 2 h of simulated time, well under a
# second); -rss_limit_mb: libFuzzer's default, stated. Flags given after SECONDS come last and win.
status=0
"build-fuzz/tests/fuzz/fuzz_$target" "$corpus" "${seeds[@]}" -dict="$dict" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -artifact_prefix="$artifacts/" "$@" || status=$?

found=()
for f in "$artifacts"/*; do
  [ -f "$f" ] || continue
  mkdir -p "tests/fuzz/regressions/$target"
  cp "$f" "tests/fuzz/regressions/$target/"
  found+=("tests/fuzz/regressions/$target/$(basename "$f")")
done
if ((${#found[@]})); then
  echo "fuzz: $target: ${#found[@]} finding(s), saved as regression inputs:" >&2
  printf '  %s\n' "${found[@]}" >&2
  echo "fuzz: replay one with build-fuzz/tests/fuzz/fuzz_$target FILE" >&2
  exit 1
fi
if ((status != 0)); then
  echo "fuzz: $target: libFuzzer exited $status" >&2
  exit "$status"
fi
echo "fuzz: $target: no finding in $seconds s" >&2
