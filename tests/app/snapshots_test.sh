#!/usr/bin/env bash
# `firedrill run --snapshots` on the default drill, under an X display (ctest runs it with
# xvfb-run -a): one 1600×900 PNG per incident phase reached and one of the worst moment, each
# linked from postmortem.md by a path relative to it, byte-identical across two runs and to
# `viz --screenshot` at the same time; without a display it exits 1 and writes nothing.
# Usage: snapshots_test.sh FIREDRILL SCRATCH_DIR
set -euo pipefail
firedrill=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# No display: a clear message, exit 1, nothing written.
status=0
env -u DISPLAY "$firedrill" run --out "$work/none" --snapshots "$work/none/snapshots" \
  >"$work/none.out" 2>"$work/none.err" || status=$?
[ "$status" -eq 1 ] || fail "without DISPLAY: exit $status, expected 1"
grep -q "no X display" "$work/none.err" || fail "without DISPLAY: message was: $(cat "$work/none.err")"
[ ! -e "$work/none" ] || fail "without DISPLAY: $work/none was written"

# Two runs, snapshots inside the output directory.
for run in a b; do
  "$firedrill" run --out "$work/$run" --snapshots "$work/$run/snapshots" --json \
    >"$work/$run.json"
done
expected=$(python3 - "$work/a.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
for i, inc in enumerate(report["incidents"]):
    for phase in ("detected", "acknowledged", "mitigated", "resolved"):
        if inc.get(phase + "_s") is not None:
            print(f"inc-{i + 1}-{phase}.png")
print("worst-moment.png")
EOF
)
[ "$(ls "$work/a/snapshots" | sort)" = "$(sort <<<"$expected")" ] ||
  fail "snapshots: $(ls "$work/a/snapshots" | tr '\n' ' '), expected $(tr '\n' ' ' <<<"$expected")"
grep -q "inc-1-resolved.png" <<<"$expected" || fail "the default drill's incident should resolve"

for png in $expected; do
  file="$work/a/snapshots/$png"
  # The PNG signature, then IHDR's width and height (big-endian, bytes 16-23).
  [ "$(od -An -tx1 -N8 "$file" | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$png is not a PNG"
  [ "$(od -An -tu1 -j16 -N8 "$file" | tr -s ' ' | sed 's/^ //')" = "0 0 6 64 0 0 3 132" ] ||
    fail "$png is not 1600x900"
  grep -qF "](snapshots/$png)" "$work/a/postmortem.md" || fail "postmortem.md does not link $png"
  cmp -s "$file" "$work/b/snapshots/$png" || fail "$png differs between two runs"
done
cmp -s "$work/a/postmortem.md" "$work/b/postmortem.md" || fail "postmortem.md differs between runs"
# Every picture the postmortem links is there.
links=$(grep -o '](snapshots/[^)]*)' "$work/a/postmortem.md" | wc -l)
[ "$links" -eq "$(wc -l <<<"$expected")" ] || fail "postmortem.md links $links pictures"

# Drawn as viz --screenshot draws: the same bytes at the same simulated time.
acknowledged_s=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["incidents"][0]["acknowledged_s"])' "$work/a.json")
"$firedrill" viz --screenshot "$work/viz.png" --at "$acknowledged_s" >/dev/null
cmp -s "$work/viz.png" "$work/a/snapshots/inc-1-acknowledged.png" ||
  fail "inc-1-acknowledged.png differs from viz --screenshot --at $acknowledged_s"

# Snapshots outside the output directory are linked relative to postmortem.md.
"$firedrill" run --out "$work/c/out" --snapshots "$work/c/pictures" --json >/dev/null
grep -qF "](../pictures/inc-1-detected.png)" "$work/c/out/postmortem.md" ||
  fail "postmortem.md does not link ../pictures/inc-1-detected.png"
[ -f "$work/c/pictures/inc-1-detected.png" ] || fail "no $work/c/pictures/inc-1-detected.png"
echo "ok: $(wc -l <<<"$expected") snapshots"
