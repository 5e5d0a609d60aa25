#!/usr/bin/env bash
# Builds firedrill if needed, then runs the default drill (Online Boutique, a bad payment deploy at
# the Black Friday peak) and prints its scorecard. Report and postmortem land in firedrill-out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh >&2
build/firedrill run --out firedrill-out "$@"
