#!/usr/bin/env python3
"""firedrill play --stdio, driven as a program drives the seat (docs/seat-protocol.md).

Usage: play_test.py FIREDRILL SCENARIO SCRATCH_DIR

On the bundled bad payments deploy, a scripted on-call engineer of team checkout answers the
page, declares P1, investigates paymentservice, rolls it back, posts updates and resolves. It
checks what the seat sees (the page, the finding's logs, never the world's truth), that
impossible actions are refused with their reason, that the recorded drill log replays to a
byte-identical report and postmortem, that this run mitigated sooner than the policy's own
on-call on the same seed (the policy twin: `firedrill run` without the seat), and that
debrief.md sets the two side by side.
"""
import json
import os
import signal
import subprocess
import sys

firedrill, scenario, scratch = sys.argv[1:4]
os.makedirs(scratch, exist_ok=True)
os.chdir(scratch)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAILED:", what)


def play(out, log, script_for, kill=False):
    """Plays the on-call seat of team checkout: waits for the first page, then sends
    script_for(incident), whose strings "until finding" and "until mitigated" wait for those;
    at its end closes stdin, or with `kill` sends SIGTERM mid-drill. Returns (every observation,
    the incident, the last finding, whether a mitigation worked, the exit status)."""
    seat = subprocess.Popen(
        [firedrill, "play", scenario, "--as", "on-call:checkout", "--stdio", "--out", out,
         "--record", log],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    seen, incident, finding, mitigated, script = [], None, None, False, None

    def send(message):
        seat.stdin.write(json.dumps(message) + "\n")
        seat.stdin.flush()

    for line in seat.stdout:
        message = json.loads(line)
        seen.append(message)
        kind = message["type"]
        if kind == "page" and incident is None:
            incident = message["incident"]
            script = script_for(incident)
        elif kind == "finding":
            finding = message
        elif kind == "mitigation_finished":
            mitigated = message["success"]
        if kind != "ready":
            continue
        if script is None:
            send({"wait_s": 3600})
        elif script and script[0] == "until finding" and finding is None:
            send({"wait_s": 60})
        elif script and script[0] == "until mitigated" and not mitigated:
            send({"wait_s": 60})
        else:
            while script and isinstance(script[0], str):
                script.pop(0)
            if script:
                send(script.pop(0))
            elif kill:
                seat.terminate()
                break
            else:
                seat.stdin.close()
    seat.wait()
    return seen, incident, finding, mitigated, seat.returncode


def perfect(incident):
    return [
        {"act": "investigate", "incident": incident, "service": "paymentservice"},  # refused
        {"act": "acknowledge", "incident": incident + 1},  # refused: no such page
        {"act": "acknowledge", "incident": incident},
        {"act": "declare_severity", "incident": incident, "severity": "P1"},
        {"act": "mitigate", "incident": incident, "action": "rollback", "service": "nosuch"},
        {"act": "investigate", "incident": incident, "service": "paymentservice"},
        "until finding",
        {"act": "mitigate", "incident": incident, "action": "rollback",
         "service": "paymentservice"},
        {"act": "post_status", "incident": incident, "phase": "identified",
         "message": "A bad payments release; rolling it back."},
        "until mitigated",
        {"wait_s": 600},
        {"act": "resolve", "incident": incident},
        {"act": "post_status", "incident": incident, "phase": "resolved",
         "message": "Checkout works again."},
    ]


seen, incident, finding, mitigated, status = play("played", "drill.json", perfect)
check(status == 0, "play exits 0 (got %d)" % status)

kinds = [m["type"] for m in seen]
check(kinds[0] == "briefing" and kinds[-1] == "end", "a briefing first and the end last")
check(incident is not None, "the seat is paged")
refusals = [m["reason"] for m in seen if m["type"] == "refused"]
check("you are not working incident %d: acknowledge its page first" % incident in refusals,
      "investigating before acknowledging is refused with its reason")
check("no page for incident %d rings for you" % (incident + 1) in refusals,
      "acknowledging a page that does not ring is refused")
errors = [m["message"] for m in seen if m["type"] == "error"]
check(any('/service: unknown service "nosuch"' in e for e in errors),
      "an unknown service is an error with its pointer: %s" % errors)
check(finding is not None and finding["service"] == "paymentservice", "the finding arrives")
check(finding and any("unhandled exception" in l for l in finding["logs"]),
      "paymentservice's logs show the bad release's errors")
check(mitigated, "the rollback worked")
posted = [m["message"] for m in seen if m["type"] == "status_page"]
check(posted == ["Identified: A bad payments release; rolling it back.",
                 "Resolved: Checkout works again."], "the status page shows both updates")
text = json.dumps(seen)
for truth in ("spurious", "red_herring", "misleading", "fault"):
    check(truth not in text, "no observation names the world's truth (%s)" % truth)

# The recorded drill replays exactly.
subprocess.run([firedrill, "run", scenario, "--replay", "drill.json", "--out", "replayed"],
               check=True, stdout=subprocess.DEVNULL)
for name in ("report.json", "postmortem.md"):
    with open("played/" + name, "rb") as a, open("replayed/" + name, "rb") as b:
        check(a.read() == b.read(), "the replayed %s is byte-identical" % name)

# The policy twin: the same scenario and seed with the policy's on-call in the seat.
subprocess.run([firedrill, "run", scenario, "--out", "twin"], check=True,
               stdout=subprocess.DEVNULL)
with open("played/report.json") as f:
    played = json.load(f)["incidents"][0]
with open("twin/report.json") as f:
    twin = json.load(f)["incidents"][0]
check(played["ttm_s"] < twin["ttm_s"],
      "straight to the deploy mitigates sooner than the policy (%s s against %s s)"
      % (played["ttm_s"], twin["ttm_s"]))

# Usage errors: exit 64, nothing written.
for args in (["--stdio"], ["--as", "Nobody", "--stdio"], ["--as", "on-call:nosuch", "--stdio"],
             ["--as", "on-call:checkout", "--pace", "20"],
             ["--as", "on-call:checkout", "--speed", "0"],
             ["--as", "on-call:checkout", "--size", "10x10"]):
    result = subprocess.run([firedrill, "play", scenario, "--out", "unused"] + args,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True)
    check(result.returncode == 64 and not os.path.exists("unused"),
          "play %s is a usage error that writes nothing" % " ".join(args))
big = subprocess.run([firedrill, "play", scenario, "--as", "on-call:checkout", "--stdio",
                      "--out", "big"], input="x" * 70000 + "\n", capture_output=True, text=True)
check('"line 1: longer than 65536 bytes"' in big.stdout, "an overlong line is an error line")

# The debrief: the seat beside its policy twin, from the two reports, and the seat's path.
with open("played/debrief.md") as f:
    debrief = f.read()
with open("played/report.json") as f:
    played_score = json.load(f)["summary"]["score"]
with open("twin/report.json") as f:
    twin_score = json.load(f)["summary"]["score"]
check("| score (0–100) | %.1f | %.1f |" % (played_score, twin_score) in debrief,
      "the debrief's scores are the two reports' (%s, %s)" % (played_score, twin_score))
check("you inspected paymentservice: on the way to the cause" in debrief,
      "the debrief shows where the seat looked")
check("you started a rollback of paymentservice: a fix for what was wrong there" in debrief,
      "the debrief shows the seat's fix")



def cost_rows(debrief):
    """The rows of "What each decision cost": {decision: [time, failed requests, points]}."""
    section = debrief.split("## What each decision cost", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[1] not in ("your decision", "---"):
            rows[cells[1]] = cells[2:]
    return rows


def number(cell):
    """A signed count or points cell ("+28,281", "−5.1", "0") as a float."""
    return float(cell.replace("−", "-").replace(",", ""))


with open("twin/report.json") as f:
    twin_failed = json.load(f)["summary"]["failed_requests"]
with open("played/report.json") as f:
    played_failed = json.load(f)["summary"]["failed_requests"]
rows = cost_rows(debrief)
check(number(rows["investigate paymentservice (INC-1)"][1]) < 0,
      "going straight to paymentservice saved requests against the policy's search: %s" % rows)
total = rows["in all: your drill minus the policy twin"]
check(abs(number(total[1]) - (played_failed - twin_failed)) <= 1.0,
      "the total row is the two reports' difference (%s)" % total)
check(abs(sum(number(r[1]) for k, r in rows.items() if not k.startswith("in all")) -
          number(total[1])) <= len(rows),
      "the decisions' costs add up to the total")

check("Signal missed" not in debrief, "straight to the cause misses no signal")

# A poorer trainee: answers, restarts the wrong service, looks at the cart (a red herring),
# pages the platform team (which owns nothing between the symptom and the cause), tells
# customers all is well, and stops.
def poor(incident):
    return [{"act": "acknowledge", "incident": incident},
            {"act": "mitigate", "incident": incident, "action": "restart",
             "service": "checkoutservice"},
            {"act": "investigate", "incident": incident, "service": "cartservice"},
            {"act": "page_team", "incident": incident, "team": "platform"},
            {"act": "declare_severity", "incident": incident, "severity": "P3"},
            {"act": "post_status", "incident": incident, "phase": "resolved",
             "message": "All good now."},
            {"wait_s": 1200}]


_, _, _, _, status = play("poor", "poor.json", poor)
check(status == 0, "the poorer drill exits 0")
with open("poor/debrief.md") as f:
    poor_debrief = f.read()
check("you started a restart of checkoutservice: no fix for anything wrong there" in poor_debrief,
      "the debrief calls the wrong restart what it was")
restart = cost_rows(poor_debrief)["restart checkoutservice (INC-1)"]
check(restart[0].startswith("+") and number(restart[1]) > 0 and number(restart[2]) > 0,
      "the wrong restart cost time, requests and points: %s" % restart)
check(cost_rows(poor_debrief)["no further action"][0].startswith("never (policy: "),
      "stopping after it left the incident unmitigated, where the policy mitigated")
check("- The shortest path from the symptom to the cause: frontend → checkoutservice → "
      "paymentservice (3 services)." in poor_debrief, "the debrief gives the shortest path")
check("- Red herrings you followed: cartservice." in poor_debrief, "and the red herring")
check("- Signal missed: paymentservice's alert paymentservice-error-ratio was firing from "
      in poor_debrief and "you never looked there." in poor_debrief,
      "and the cause's own alert, never looked at")
check("- Page not needed: team platform owns nothing between the symptom and the cause."
      in poor_debrief, "and the page that was not needed")
check("- You told customers it was resolved at T+" in poor_debrief and
      "while it was not (never resolved)." in poor_debrief, "and the false all-clear")

# A trainee who asks for help: reads the runbook, escalates, pages a colleague of another team,
# tells customers which journey is affected, and hands the incident to someone else.
def helped(incident):
    return [{"act": "acknowledge", "incident": incident},
            {"look": "runbook", "service": "paymentservice"},
            {"look": "runbook", "service": "nosuch"},
            {"act": "escalate", "incident": incident},
            {"act": "page_person", "incident": incident, "person": "Noah"},
            {"act": "declare_severity", "incident": incident, "severity": "P2"},
            {"act": "post_status", "incident": incident, "phase": "investigating",
             "message": "We are looking into it.", "journeys": ["checkout"]},
            {"act": "hand_off", "incident": incident, "person": "Aisha"}] + [{"wait_s": 600}] * 12


helped_seen, _, _, _, status = play("helped", "helped.json", helped)
check(status == 0, "the helped drill exits 0")
runbooks = [m for m in helped_seen if m["type"] == "runbook"]
check(len(runbooks) == 1 and runbooks[0]["service"] == "paymentservice" and
      runbooks[0]["entries"] == [], "a service without a runbook shows none: %s" % runbooks)
check(any(m["type"] == "error" and 'a runbook needs a known \\"service\\"' in json.dumps(m)
          for m in helped_seen), "a runbook of no service is an error")
done = [m["act"] for m in helped_seen if m["type"] == "done"]
for act in ("escalate", "page_person", "hand_off"):
    check(any(d["act"] == act for d in done), "%s is accepted: %s" % (act, done))
posted = [m["message"] for m in helped_seen if m["type"] == "status_page"]
check("Investigating: affected: checkout. We are looking into it." in posted,
      "the update names the affected journey: %s" % posted)
channel = [m["text"] for m in helped_seen if m["type"] == "channel"]
check(any(t.startswith("Aisha is here: brief them, then incident ") for t in channel),
      "the channel says when the colleague is ready to take over: %s" % channel)
with open("helped/debrief.md") as f:
    helped_debrief = f.read()
check("Your update at" not in helped_debrief,
      "an update naming the one failing journey gets no remark in the debrief")
with open("played/debrief.md") as f:
    check("did not name checkout (" in f.read(),
          "an update naming no journey while checkout failed gets one")
check("you escalated to level 2 of team checkout's escalation policy" in helped_debrief and
      "you briefed Aisha, who took the incident over" in helped_debrief,
      "the debrief's path has the escalation and the handoff")
for decision in ("escalate (INC-1)", "page Noah (INC-1)", "hand off to Aisha (INC-1)"):
    check(decision in cost_rows(helped_debrief), "the debrief costs %s" % decision)
with open("helped/report.json") as f:
    helped_report = json.load(f)
helped_incident = helped_report["incidents"][0]
phases = helped_incident["time_to_mitigate_breakdown"]["phases"]
check(helped_incident["mitigated_by"] == "responders" and phases[-1]["people"] == ["Aisha"] and
      any(p["kind"] == "handoff" for p in phases),
      "after the handoff the policy plays Aisha, who mitigates: %s" % phases)
subprocess.run([firedrill, "run", scenario, "--replay", "helped.json", "--out", "helped-replayed"],
               check=True, stdout=subprocess.DEVNULL)
for name in ("report.json", "postmortem.md"):
    with open("helped/" + name, "rb") as a, open("helped-replayed/" + name, "rb") as b:
        check(a.read() == b.read(), "the helped drill's replayed %s is byte-identical" % name)

# A drill stopped by SIGTERM keeps its log: it is written as the drill goes, and replays to the
# report of the same drill played to its end with the same actions.
def stopped(incident):
    return [{"act": "acknowledge", "incident": incident},
            {"act": "investigate", "incident": incident, "service": "cartservice"},
            {"wait_s": 300},
            {"act": "mitigate", "incident": incident, "action": "restart",
             "service": "checkoutservice"}]


check(play("stopped", "stopped.json", stopped, kill=True)[4] == -signal.SIGTERM,
      "the drill is killed")
check(not os.path.exists("stopped/report.json"), "a killed drill writes no report")
check(play("finished", "finished.json", stopped)[4] == 0, "the same drill played to its end")
with open("stopped.json") as a, open("finished.json") as b:
    check(a.read() == b.read(), "the killed drill's log holds every command it took")
subprocess.run([firedrill, "run", scenario, "--replay", "stopped.json", "--out", "stopped-replayed"],
               check=True, stdout=subprocess.DEVNULL)
with open("stopped-replayed/report.json", "rb") as a, open("finished/report.json", "rb") as b:
    check(a.read() == b.read(), "and replays to the finished drill's report")
check(not [f for f in os.listdir(".") if f.endswith(".tmp")], "no temporary is left behind")

# The trainer's table: both drills and the policy twin of their seed, from their reports.
table = subprocess.run([firedrill, "debrief", "drill.json", "poor.json"], check=True,
                       capture_output=True, text=True).stdout.splitlines()
check(len(table) == 5, "a header, a rule and three rows: %s" % table)
with open("poor/report.json") as f:
    poor_score = json.load(f)["summary"]["score"]
for row, score in zip(table[2:], (played_score, poor_score, twin_score)):
    check(row.split(" | ")[3] == "%.1f" % score, "the row's score is its report's: %s" % row)
check(table[2].startswith("| drill.json | on-call:checkout |") and
      table[4].startswith("| policy twin"), "rows name the logs and the twin")

sys.exit(1 if failures else 0)
