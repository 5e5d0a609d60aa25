#!/usr/bin/env bash
# Builds firedrill if needed, then runs the whole test suite with ctest, and the cross-check
# against Prometheus (ctest label `promtool`), installing Debian's prometheus package for its
# `promtool` when missing (only then; via sudo when not root), as bootstrap.sh installs the rest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh

if ! dpkg-query -W -f='${Status}' prometheus 2>/dev/null | grep -q "install ok installed"; then
  echo "test: installing prometheus (for promtool)" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends prometheus >&2
fi

ctest --test-dir build --output-on-failure -j 2 -LE promtool "$@"
# Always, whatever the arguments: promtool missing makes these fail, never skip.
ctest --test-dir build --output-on-failure -L promtool
