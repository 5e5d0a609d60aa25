#!/usr/bin/env bash
# Builds firedrill if needed, then runs the default drill (Online Boutique, a bad payment deploy at
# the Black Friday peak) and prints its scorecard. Report and postmortem land in firedrill-out/,
# with pictures of the live view at each phase of the incident in firedrill-out/snapshots/ (drawn
# offscreen; under Xvfb when there is no display). Watch it live with: build/firedrill viz
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh >&2
display=()
[ -n "${DISPLAY:-}" ] || display=(xvfb-run -a)
"${display[@]}" build/firedrill run --out firedrill-out --snapshots firedrill-out/snapshots "$@"
