#!/usr/bin/env bash
# The sanitizer job (scripts/test.sh runs it): builds firedrill with AddressSanitizer (with
# LeakSanitizer) and UndefinedBehaviorSanitizer, float-cast-overflow included, into
# build-sanitize/ (-O1, assertions on), then runs the fast suite (ctest label `fast`) and every
# bundled drill there. The first finding fails the job. The slow cases (ctest label `slow`) are
# left out: they run the same code as the fast ones, only longer. The graphics driver's leak
# reports and how they are handled: scripts/lsan.supp, which lists what is suppressed and why.
# Usage: scripts/sanitize.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=$(nproc)
((jobs > 2)) && jobs=2
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DFIREDRILL_SANITIZE=ON >/dev/null
cmake --build build-sanitize -j "$jobs"

# A finding exits 86, not the sanitizers' default 1, which is also firedrill's internal-error
# status: a test that expects exit 1 must not pass over a finding.
export ASAN_OPTIONS="exitcode=86:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="exitcode=86:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="exitcode=86:suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"

ctest --test-dir build-sanitize --output-on-failure -j "$jobs" -L fast "$@"

# Every bundled drill, as `firedrill run` runs it (bundled_scenarios.hpp's selection: not the
# PagerDuty objects and policy files that scenarios import).
out=build-sanitize/drills
rm -rf "$out"
mkdir -p "$out"
mapfile -t drills < <(find scenarios -name '*.json' -not -path '*/pagerduty/*' \
  -not -path '*/policies/*' | sort)
((${#drills[@]})) || { echo "sanitize: no bundled drill found" >&2; exit 1; }
for f in "${drills[@]}"; do
  name=$(basename "$(dirname "$f")")-$(basename "$f" .json)
  if ! build-sanitize/firedrill run "$f" --out "$out/$name" >"$out/$name.log" 2>&1; then
    cat "$out/$name.log" >&2
    echo "sanitize: $f failed under the sanitizers" >&2
    exit 1
  fi
done
echo "sanitize: fast suite and ${#drills[@]} bundled drills clean under ASan and UBSan" >&2
