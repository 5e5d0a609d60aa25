#!/usr/bin/env python3
"""The bundled training drills (scenarios/training/), each played perfectly over --stdio.

Usage: training_drills_test.py FIREDRILL TRAINING_DIR SCRATCH_DIR

For every drill, `firedrill play DRILL --stdio` without --as takes the seat its briefing names,
and the briefing line carries the briefing. A scripted perfect run (this test knows each
drill's answer; the seat's observations must not) answers the first page, declares a
severity, says on the status page that it is investigating, inspects the services on the way
to the cause, applies the fix, posts updates and resolves. It must mitigate sooner than the
policy twin (the same drill and seed with the policy's responder in the seat: `firedrill run`,
which debrief.md sets beside the seat) and fail fewer requests.
"""
import json
import os
import subprocess
import sys

firedrill, training, scratch = sys.argv[1:4]
os.makedirs(scratch, exist_ok=True)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAILED:", what)


# Each drill's answer: the severity the failed share calls for, the services a good on-call
# inspects (each with a word its finding's logs must show; None: the service has no logs), and
# the fix.
PERFECT = {
    "bad-deploy-by-day": {
        "seat": "on-call:checkout",
        "severity": "P1",
        "inspect": [("paymentservice", "unhandled exception")],
        "fix": ("rollback", "paymentservice"),
    },
    "datastore-failover-3am": {
        "seat": "on-call:storefront",
        "severity": "P1",
        "inspect": [("cartservice", "upstream redis-cart"), ("redis-cart", None)],
        "fix": ("scale_out", "redis-cart"),
    },
    "slow-burn-slo": {
        "seat": "on-call:checkout",
        "severity": "P2",
        "inspect": [("shippingservice", "unhandled exception")],
        "fix": ("rollback", "shippingservice"),
    },
}


def perfect_script(answer, incident):
    """The perfect run's lines after the first page; the strings wait for what they name."""
    script = [
        {"act": "acknowledge", "incident": incident},
        {"act": "declare_severity", "incident": incident, "severity": answer["severity"]},
        {"act": "post_status", "incident": incident, "phase": "investigating",
         "message": "Some customers see errors; we are investigating."},
    ]
    for service, _ in answer["inspect"]:
        script += [{"act": "investigate", "incident": incident, "service": service},
                   "until finding"]
    action, service = answer["fix"]
    script += [
        {"act": "mitigate", "incident": incident, "action": action, "service": service},
        {"act": "post_status", "incident": incident, "phase": "identified",
         "message": "We found the cause and are applying a fix."},
        "until mitigated",
        {"act": "post_status", "incident": incident, "phase": "monitoring",
         "message": "A fix is in place; we are watching the recovery."},
        "until resolved",
        {"act": "post_status", "incident": incident, "phase": "resolved",
         "message": "Everything works again."},
    ]
    return script


def play(drill, answer, out):
    """Plays `drill` without --as. Returns every observation and the exit status."""
    seat = subprocess.Popen(
        [firedrill, "play", drill, "--stdio", "--out", out, "--record", out + ".log.json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    seen, script, incident = [], None, None
    findings, mitigated, resolved = 0, False, False

    def send(message):
        seat.stdin.write(json.dumps(message) + "\n")
        seat.stdin.flush()

    for line in seat.stdout:
        message = json.loads(line)
        seen.append(message)
        kind = message["type"]
        if kind == "page" and script is None:
            incident = message["incident"]
            script = perfect_script(answer, incident)
        elif kind == "finding":
            findings += 1
        elif kind == "mitigation_finished":
            mitigated = message["success"]
        elif kind == "done" and message["act"]["act"] == "resolve":
            resolved = True
        if kind != "ready":
            continue
        if script is None:
            send({"wait_s": 3600})
            continue
        # Waits: for each finding asked for, the mitigation, and a resolution the world accepts
        # (refused while users still fail: then wait a minute and ask again).
        asked = sum(1 for m in seen if m["type"] == "done" and m["act"]["act"] == "investigate")
        if script and script[0] == "until finding" and findings < asked:
            send({"wait_s": 60})
        elif script and script[0] == "until mitigated" and not mitigated:
            send({"wait_s": 60})
        elif script and script[0] == "until resolved" and not resolved:
            if seen[-2]["type"] == "refused" and seen[-2]["act"]["act"] == "resolve":
                send({"wait_s": 60})
            else:
                send({"act": "resolve", "incident": incident})
        else:
            while script and isinstance(script[0], str):
                script.pop(0)
            if script:
                send(script.pop(0))
            else:
                seat.stdin.close()
    seat.wait()
    return seen, seat.returncode


for name, answer in sorted(PERFECT.items()):
    drill = os.path.join(training, name + ".json")
    out = os.path.join(scratch, name)
    with open(drill) as f:
        briefing = json.load(f)["briefing"]
    seen, status = play(drill, answer, out + "-played")
    check(status == 0, "%s: play exits 0 (got %d)" % (name, status))

    first = seen[0] if seen else {}
    check(first.get("type") == "briefing" and first.get("seat") == answer["seat"],
          "%s: without --as, the seat is the briefing's (%s)" % (name, first.get("seat")))
    check(first.get("briefing") == {k: briefing[k] for k in
                                    ("role", "context", "good_looks_like")},
          "%s: the briefing line carries the scenario's briefing" % name)

    refused = [m for m in seen if m["type"] == "error" or
               m["type"] == "refused" and m["act"]["act"] != "resolve"]
    check(not refused, "%s: the perfect run's every line is accepted: %s" % (name, refused))
    found = [m for m in seen if m["type"] == "finding"]
    check([f["service"] for f in found] == [s for s, _ in answer["inspect"]],
          "%s: every investigation reports back" % name)
    for f, (service, word) in zip(found, answer["inspect"]):
        if word is None:
            check(f["logs"] is None, "%s: %s has no logs to show" % (name, service))
        else:
            check(any(word in line for line in f["logs"] or []),
                  "%s: %s's logs show \"%s\": %s" % (name, service, word, f["logs"]))
    check(any(m["type"] == "mitigation_finished" and m["success"] for m in seen),
          "%s: the fix worked" % name)
    check(any(m["type"] == "done" and m["act"]["act"] == "resolve" for m in seen),
          "%s: the seat resolved the incident" % name)
    text = json.dumps(seen)
    for truth in ("spurious", "red_herring", "misleading", "fault"):
        check(truth not in text, "%s: no observation names the world's truth (%s)" % (name, truth))

    # The policy twin: the same drill and seed with the policy's responder in the seat.
    subprocess.run([firedrill, "run", drill, "--out", out + "-twin"], check=True,
                   stdout=subprocess.DEVNULL)
    with open(out + "-played/report.json") as f:
        played = json.load(f)
    with open(out + "-twin/report.json") as f:
        twin = json.load(f)
    p, t = played["incidents"][0], twin["incidents"][0]
    print("%s: perfect run TTM %.0f s, %.0f failed, score %.1f; policy twin TTM %s s, %.0f "
          "failed, score %.1f" % (name, p["ttm_s"] or -1, p["failed_requests"],
                                  played["summary"]["score"], t["ttm_s"], t["failed_requests"],
                                  twin["summary"]["score"]))
    check(t["ttm_s"] is not None, "%s: the policy twin mitigates too" % name)
    check(p["ttm_s"] is not None and t["ttm_s"] is not None and p["ttm_s"] < t["ttm_s"],
          "%s: the perfect run mitigates sooner than the policy twin" % name)
    check(p["failed_requests"] < t["failed_requests"],
          "%s: and fails fewer requests" % name)
    # debrief.md's scores are the two reports' (which round them to hundredths).
    with open(out + "-played/debrief.md") as f:
        rows = [l.split(" | ") for l in f if l.startswith("| score (0–100) | ")]
    check(rows and all(abs(float(r[1]) - played["summary"]["score"]) <= 0.06 and
                       abs(float(r[2].rstrip(" |\n")) - twin["summary"]["score"]) <= 0.06
                       for r in rows),
          "%s: debrief.md sets the seat beside the same twin: %s" % (name, rows))

sys.exit(1 if failures else 0)
