#!/usr/bin/env python3
"""firedrill play --host with three seats joining over TCP on localhost, each driven as a program
drives a --stdio seat (docs/seat-protocol.md, "Several seats").

Usage: seats_test.py FIREDRILL SCENARIO SCRATCH_DIR [--window]

On the bundled bad payments deploy: checkout's on-call answers the page, pages platform's on-call
(another seat) and Dana (a third) for help, investigates paymentservice and rolls it back;
platform's on-call inspects cartservice; Dana answers. It checks that each seat saw only its own
pages and findings, that the drill log names every seat's commands, and that `firedrill run
--replay` of the log writes the host's report.json byte for byte. Then a seat is killed
mid-drill and joins again: the log holds its leaving and rejoining, and replays exactly. Then the
bad joins: a closed port, an unknown seat, a seat already taken, a malformed first line, a
malformed action line.

With --window (under xvfb-run) it checks the facilitator's window instead (play --host --window):
without a display a clear error; with one, three seats play while the window follows the drill
and injects a fault (FIREDRILL_TEST_FACILITATOR_INJECT, as a click and key i) and bookmarks it;
the one drill log holds them as the facilitator's and replays exactly; the window after the
facilitator's commands and at the end is saved in SCRATCH_DIR/window-snaps/.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import threading

firedrill, scenario, scratch = sys.argv[1:4]
window = sys.argv[4:] == ["--window"]
os.makedirs(scratch, exist_ok=True)
os.chdir(scratch)
failures = []
TIMEOUT_S = 120


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAILED:", what)


def host(seats, out, log, extra=(), env=None):
    """Starts a host on a free port of 127.0.0.1 (with `extra` arguments, in `env`); returns
    (process, port)."""
    process = subprocess.Popen(
        [firedrill, "play", scenario, "--host", "--bind", "127.0.0.1", "--port", "0",
         "--seats", ",".join(seats), "--rejoin-wait-s", "0", "--out", out, "--record", log]
        + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    if not line:
        process.wait(TIMEOUT_S)
        sys.exit("the host did not listen: " + process.stderr.read())
    listening = json.loads(line)
    assert listening["type"] == "listening", listening
    return process, listening["port"]


class Seat(threading.Thread):
    """A seat joining with `play --join --stdio`: on each "ready" it calls decide(self), which
    returns the next line (a dict), or None to end its input (the seat leaves)."""

    def __init__(self, port, name, decide):
        super().__init__(daemon=True)
        self.name_, self.decide, self.seen = name, decide, []
        self.process = subprocess.Popen(
            [firedrill, "play", "--join", "127.0.0.1:%d" % port, "--as", name, "--stdio"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def of(self, kind):
        return [m for m in self.seen if m["type"] == kind]

    def run(self):
        for line in self.process.stdout:
            message = json.loads(line)
            self.seen.append(message)
            if message["type"] != "ready" or self.process.stdin.closed:
                continue
            answer = self.decide(self)
            if answer is None:
                self.process.stdin.close()
            else:
                self.process.stdin.write(json.dumps(answer) + "\n")
                self.process.stdin.flush()
        self.process.wait()


def script(steps):
    """A decide() that waits for the seat's first page, then gives `steps` in order: a dict is
    sent, "until finding" / "until mitigated" wait for those, a callable is called (the seat
    answers nothing meanwhile: the clock stands still); then the seat leaves."""
    steps = list(steps)

    def decide(seat):
        pages = seat.of("page")
        if not pages:
            return {"wait_s": 600}
        while steps:
            step = steps[0]
            if step == "until finding" and not seat.of("finding"):
                return {"wait_s": 30}
            if step == "until mitigated" and not any(m["success"] for m in
                                                      seat.of("mitigation_finished")):
                return {"wait_s": 30}
            steps.pop(0)
            if callable(step):
                step(seat)
                continue
            if isinstance(step, dict):
                return step.copy() if "incident" not in step else dict(step,
                                                                       incident=pages[0]["incident"])
        return None

    return decide


def wait_for(condition):
    """Waits (real time, at most TIMEOUT_S) until condition() holds; returns whether it did."""
    for _ in range(TIMEOUT_S * 10):
        if condition():
            return True
        threading.Event().wait(0.1)
    return False


def finish(process, seats):
    for seat in seats:
        seat.join(TIMEOUT_S)
        check(not seat.is_alive(), "seat %s finished" % seat.name_)
        with open("seen-%s.jsonl" % seat.name_.replace(":", "-"), "w") as f:  # for a failure
            f.writelines(json.dumps(m) + "\n" for m in seat.seen)
    process.wait(TIMEOUT_S)
    return process.stderr.read()


def replays_exactly(log, out):
    subprocess.run([firedrill, "run", scenario, "--replay", log, "--out", out + "-replayed"],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out + "/report.json", "rb") as a, open(out + "-replayed/report.json", "rb") as b:
        return a.read() == b.read()


def report(failed):
    if failed:
        print("%d check(s) failed" % len(failed))
        sys.exit(1)
    print("all checks passed")
    sys.exit(0)


ON_CALL, EXPERT, DANA = "on-call:checkout", "on-call:platform", "Dana"

# ---- The facilitator's window (--window, under xvfb-run) ----------------------------------
if window:
    no_display = dict(os.environ)
    no_display.pop("DISPLAY", None)
    result = subprocess.run([firedrill, "play", scenario, "--host", "--seats", ON_CALL,
                             "--window", "--port", "0"], env=no_display, capture_output=True,
                            text=True, timeout=TIMEOUT_S)
    check(result.returncode == 1 and "no X display" in result.stderr and not result.stdout,
          "--window without a display is a clear error before listening: %s" % result.stderr)
    result = subprocess.run([firedrill, "play", scenario, "--host", "--seats", ON_CALL,
                             "--window", "--port", "0"], env=dict(os.environ, DISPLAY=":987"),
                            capture_output=True, text=True, timeout=TIMEOUT_S)
    check(result.returncode == 1 and "cannot open the X display ':987'" in result.stderr
          and not result.stdout,
          "--window on a display nobody serves is a clear error, not a crash: %s"
          % result.stderr)
    result = subprocess.run([firedrill, "play", scenario, "--host", "--seats", ON_CALL,
                             "--snapshots", "snaps"], capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    check(result.returncode == 64 and "--snapshots with --host needs --window" in result.stderr,
          "--host --snapshots without --window is a usage error: %s" % result.stderr)
    result = subprocess.run([firedrill, "play", scenario, "--window"], capture_output=True,
                            text=True, timeout=TIMEOUT_S)
    check(result.returncode == 64 and "--window is for --host" in result.stderr,
          "--window without --host is a usage error: %s" % result.stderr)

    env = dict(os.environ, FIREDRILL_TEST_FACILITATOR_INJECT="2:cartservice")
    process, port = host([ON_CALL, EXPERT, DANA], "windowed", "windowed.json",
                         ["--window", "--size", "1280x720", "--snapshots", "window-snaps",
                          "--quit-after", "5"], env)
    lead = Seat(port, ON_CALL, script([
        {"act": "acknowledge", "incident": 0},
        {"act": "investigate", "incident": 0, "service": "paymentservice"},
        "until finding",
        {"act": "mitigate", "incident": 0, "action": "rollback", "service": "paymentservice"},
        "until mitigated",
    ]))
    expert = Seat(port, EXPERT, lambda seat: {"wait_s": 300} if len(seat.of("ready")) < 20
                  else None)
    dana = Seat(port, DANA, lambda seat: {"wait_s": 300} if len(seat.of("ready")) < 20 else None)
    seats = (lead, expert, dana)
    for seat in seats:
        seat.start()
    log = finish(process, seats)
    check(process.returncode == 0, "the host with its window exits 0 (%s): %s"
          % (process.returncode, log))
    check("the facilitator injected fault" in log and "the facilitator bookmarked" in log,
          "the host says what the facilitator did: %s" % log)
    with open("windowed.json") as f:
        drill = json.load(f)
    facilitator = [c for c in drill["commands"] if "inject" in c or "bookmark" in c]
    check(len(facilitator) == 2 and all("by" not in c for c in facilitator),
          "the log holds the window's injection and bookmark as the facilitator's: %s"
          % facilitator)
    check(any("seat" in c and c.get("by") == ON_CALL for c in drill["commands"]),
          "the log holds the seats' commands too")
    check(replays_exactly("windowed.json", "windowed"),
          "run --replay of the log with the facilitator's commands writes the same report")
    for name in ("facilitator-1.png", "drill-end.png"):
        with open("window-snaps/" + name, "rb") as f:
            png = f.read()
        check(png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 1280,
              "the window is saved as %s, 1280 px wide" % name)

    # A real facilitator's keys (xdotool) while the clock waits for the on-call at its page: b,
    # a note, Return: the bookmark enters the drill at that moment. Then q: the window closes,
    # the drill goes on.
    if shutil.which("xdotool"):
        typed = threading.Event()
        process, port = host([ON_CALL], "keyed", "keyed.json", ["--window", "--quit-after", "3"])
        lead = Seat(port, ON_CALL, script([
            lambda seat: typed.wait(TIMEOUT_S),
            {"act": "acknowledge", "incident": 0},
        ]))
        lead.start()
        check(wait_for(lambda: lead.of("page")), "the on-call is paged")
        keys = subprocess.run(
            "win=$(timeout 20 xdotool search --sync --name 'firedrill play --host' | head -1) && "
            "xdotool windowfocus --sync \"$win\" && xdotool mousemove --window \"$win\" 400 400 && "
            "sleep 0.5 && xdotool key b && "
            "sleep 0.5 && xdotool type 'seen from the host' && "
            # Held a while: ImGui sees a key down only if a frame starts while it is down.
            "xdotool keydown Return && sleep 0.2 && xdotool keyup Return && sleep 0.5 && "
            "xdotool key q && sleep 0.5",
            shell=True, capture_output=True, text=True, timeout=TIMEOUT_S)
        check(keys.returncode == 0, "xdotool drives the host's window: %s" % keys.stderr)
        typed.set()
        log = finish(process, [lead])
        check(process.returncode == 0 and "the facilitator's window is closed" in log
              and "the drill has ended" in log,
              "q closes the window and the drill goes on to its end: %s" % log)
        with open("keyed.json") as f:
            drill = json.load(f)
        marks = [c for c in drill["commands"] if "bookmark" in c]
        check([(m["bookmark"], m["at_s"], "by" in m) for m in marks]
              == [("seen from the host", lead.of("page")[0]["at_s"], False)],
              "the facilitator's typed bookmark is in the log at the page's time: %s" % marks)
        check(replays_exactly("keyed.json", "keyed"), "the keyed drill replays exactly")
    else:
        print("skipped the facilitator's real keys: no xdotool (Debian's xdotool)")
    report(failures)

# ---- Three seats --------------------------------------------------------------------------
process, port = host([ON_CALL, EXPERT, DANA], "hosted", "drill.json")
lead = Seat(port, ON_CALL, script([
    {"act": "acknowledge", "incident": 0},
    {"act": "declare_severity", "incident": 0, "severity": "P1"},
    {"act": "page_team", "incident": 0, "team": "platform"},
    {"act": "page_person", "incident": 0, "person": "Dana"},
    {"act": "investigate", "incident": 0, "service": "paymentservice"},
    "until finding",
    {"act": "mitigate", "incident": 0, "action": "rollback", "service": "paymentservice"},
    "until mitigated",
    {"wait_s": 900},
    {"act": "resolve", "incident": 0},
]))
expert = Seat(port, EXPERT, script([
    {"act": "acknowledge", "incident": 0},
    {"act": "investigate", "incident": 0, "service": "cartservice"},
    "until finding",
]))
dana = Seat(port, DANA, script([
    {"act": "acknowledge", "incident": 0},
    {"act": "post_status", "incident": 0, "phase": "investigating",
     "message": "Dana here, looking at checkout."},
]))
seats = (lead, expert, dana)
for seat in seats:
    seat.start()
log = finish(process, seats)
check(process.returncode == 0, "the host exits 0 (%s): %s" % (process.returncode, log))
for seat in seats:
    check(seat.process.returncode == 0, "%s's client exits 0" % seat.name_)
    check(seat.seen and seat.seen[0]["type"] == "briefing" and seat.seen[0]["seat"] == seat.name_,
          "%s is briefed as itself" % seat.name_)

# Each saw only its own pages and findings.
check([p["team"] for p in lead.of("page")] == ["checkout"], "the on-call's one page: %s"
      % lead.of("page"))
check([p["team"] for p in expert.of("page")] == ["platform"], "the expert's one page: %s"
      % expert.of("page"))
check(len(dana.of("page")) == 1 and dana.of("page")[0]["at_s"] >= lead.of("page")[0]["at_s"],
      "Dana's one page, after the on-call's: %s" % dana.of("page"))
check([f["service"] for f in lead.of("finding")] == ["paymentservice"],
      "the on-call's finding only")
check([f["service"] for f in expert.of("finding")] == ["cartservice"], "the expert's finding only")
check(dana.of("finding") == [], "Dana sees no one else's finding")
check(any("Dana here" in m["message"] for m in lead.of("status_page")),
      "Dana's status update reaches the on-call's status page")
for seat in seats:
    check(all(m["type"] != "error" for m in seat.seen), "%s had no error: %s"
          % (seat.name_, [m for m in seat.seen if m["type"] == "error"]))
    check("fault" not in json.dumps(seat.seen), "%s is not told the world's truth" % seat.name_)

# The one drill log holds every seat's commands, each naming its seat.
with open("drill.json") as f:
    drill = json.load(f)
check(drill.get("seats") == [ON_CALL, EXPERT, DANA], "the log lists the seats: %s"
      % drill.get("seats"))
acts = [(c.get("by"), c["seat"]["act"]) for c in drill["commands"] if "seat" in c]
for expected in [(ON_CALL, "acknowledge"), (ON_CALL, "page_team"), (ON_CALL, "mitigate"),
                 (ON_CALL, "resolve"), (EXPERT, "acknowledge"), (EXPERT, "investigate"),
                 (DANA, "acknowledge"), (DANA, "post_status")]:
    check(expected in acts, "the log holds %s's %s" % expected)
check(replays_exactly("drill.json", "hosted"), "run --replay of the log writes the same report")

# ---- A seat killed mid-drill, and back --------------------------------------------------
process, port = host([ON_CALL, EXPERT], "rejoined", "rejoin.json")
back = threading.Event()
lead = Seat(port, ON_CALL, script([
    {"act": "acknowledge", "incident": 0},
    {"act": "page_team", "incident": 0, "team": "platform"},
    lambda seat: back.wait(TIMEOUT_S),  # the clock stands still until the expert is back
    {"act": "investigate", "incident": 0, "service": "paymentservice"},
    "until finding",
]))
expert = Seat(port, EXPERT, lambda seat: {"wait_s": 600})  # until killed below
lead.start()
expert.start()
# Once the expert is paged, it is killed: the policy plays it.
check(wait_for(lambda: expert.of("page")), "the expert is paged")
expert.process.kill()
expert.join(TIMEOUT_S)
# The expert comes back: briefed again, it lets the drill go on.
again = Seat(port, EXPERT, lambda seat: None)
again.start()
check(wait_for(lambda: again.seen), "the expert can join again")
back.set()
log = finish(process, [lead, again])
check("on-call:platform left" in log and "on-call:platform rejoined" in log,
      "the host says the expert left and rejoined: %s" % log)
check(again.seen and again.seen[0]["type"] == "briefing", "the rejoined seat is briefed again")
with open("rejoin.json") as f:
    drill = json.load(f)
kinds = [next(k for k in ("leave", "rejoin", "seat", "inject", "end", "bookmark") if k in c)
         for c in drill["commands"]]
check(kinds.count("leave") >= 1 and kinds.count("rejoin") == 1,
      "the log holds the expert's leaving and its rejoining: %s" % kinds)
check(replays_exactly("rejoin.json", "rejoined"), "the drill with a rejoin replays exactly")

# ---- Bad joins: clear errors, exit 2, never a hang -----------------------------------------
with socket.socket() as s:  # a port nobody listens on
    s.bind(("127.0.0.1", 0))
    closed = s.getsockname()[1]
result = subprocess.run([firedrill, "play", "--join", "127.0.0.1:%d" % closed, "--as", ON_CALL],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True,
                        timeout=TIMEOUT_S)
check(result.returncode == 2 and "cannot join 127.0.0.1:%d" % closed in result.stderr,
      "a closed port is a clear error: %s" % result.stderr)
result = subprocess.run([firedrill, "play", "--join", "nohost", "--as", ON_CALL],
                        stdin=subprocess.DEVNULL, capture_output=True, text=True)
check(result.returncode == 64, "an address without a port is a usage error")

process, port = host([ON_CALL, EXPERT], "bad", "bad.json")
first = Seat(port, ON_CALL, lambda seat: {"act": "acknowledge", "incident": "zero"}
             if not seat.of("error") else None)
first.start()
check(wait_for(lambda: first.seen), "the on-call joins")
for args, message in ((["--as", "on-call:storefront"], 'no seat "on-call:storefront" in this drill'),
                      (["--as", "Nobody"], 'no seat "Nobody" in this drill'),
                      (["--as", ON_CALL], "seat on-call:checkout is taken")):
    result = subprocess.run([firedrill, "play", "--join", "127.0.0.1:%d" % port] + args,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    check(result.returncode == 2 and message in result.stderr,
          "join %s is refused clearly: %s" % (args, result.stderr))
with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S) as s:
    s.sendall(b"hello\n")
    answer = json.loads(s.makefile().readline())
check(answer["type"] == "error" and "the first line must be" in answer["message"],
      "a malformed first line is answered with an error: %s" % answer)
expert = Seat(port, EXPERT, lambda seat: None)
expert.start()
finish(process, [first, expert])
errors = [m["message"] for m in first.of("error")]
check(any("line 1: /incident" in e for e in errors),
      "a malformed action is an error line with its pointer: %s" % errors)

report(failures)
