#!/usr/bin/env bash
# Builds firedrill if needed, then runs the whole test suite with ctest, and the cross-check
# against Prometheus (ctest label `promtool`). First installs the Debian packages only the tests
# use, when missing (only then; via sudo when not root), as bootstrap.sh installs the rest:
# prometheus for its `promtool`, graphviz for `dot`, which renders the DOT export
# (graphviz_tests is built only where configuring finds `dot`, so it comes before the build),
# python3, whose standard XML parser reads the gate's JUnit report, python3-yaml, which reads the
# example Kubernetes Job (ctest label `k8s`), xdotool, which clicks and types into the live
# view's window under Xvfb, slurm-wlm and munge for the one-node Slurm
# cluster that runs the example sharded sweep (ctest label `slurm`), and clang with its runtime
# libraries (libFuzzer, the sanitizers) for the short fuzzing run of every target at the end
# (scripts/fuzz.sh, docs/fuzzing.md; its build goes to build-fuzz/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(prometheus graphviz python3 python3-yaml xdotool slurm-wlm munge clang libclang-rt-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

scripts/bootstrap.sh

ctest --test-dir build --output-on-failure -j 2 -LE "promtool|slurm|k8s" "$@"
# Always, whatever the arguments: promtool, python3-yaml or Slurm missing makes these fail,
# never skip.
ctest --test-dir build --output-on-failure -L promtool
ctest --test-dir build --output-on-failure -L k8s
ctest --test-dir build --output-on-failure -L slurm

# The sanitizer job: the fast suite and every bundled drill again, built with ASan and UBSan in
# build-sanitize/ (scripts/sanitize.sh says what it runs and suppresses).
scripts/sanitize.sh

# Every fuzz target for 20 s (docs/fuzzing.md): a finding is saved under tests/fuzz/regressions/
# and fails the run, after all targets have had their turn.
fuzz_status=0
for target in scenario simulate drill_log pagerduty shards history; do
  scripts/fuzz.sh "$target" 20 || fuzz_status=1
done
exit "$fuzz_status"
