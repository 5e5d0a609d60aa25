#!/usr/bin/env bash
# Builds firedrill if needed, then runs the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh
ctest --test-dir build --output-on-failure -j 2 "$@"
