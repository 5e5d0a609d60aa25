#!/usr/bin/env python3
"""Writes the synthetic incident histories in this folder (README.md): one per format that
`firedrill calibrate` reads, all drawn from the same known people model with a fixed seed.

Known parameters (t in seconds, lognormal: ln t ~ Normal(mu, sigma^2)):
  acknowledgement, day (local 08:00-22:00): median 180 s (mu = ln 180), sigma 0.8
  acknowledgement, night:                   median 720 s (mu = ln 720), sigma 0.6
  first page escalated unacknowledged:      day 0.05, night 0.15; the second level then
                                            acknowledges 900 s (the escalation delay) plus a
                                            draw of the same model
  time to mitigate from impact start:       median P1 1800 s, P2 2700 s, P3 5400 s, P4 10800 s,
                                            sigma 0.7; impact start 0-300 s before detection
  resolution:                               600-3600 s after mitigation
Usage: python3 make_examples.py   (rewrites the files beside it; the output is deterministic)
"""
import csv
import datetime as dt
import json
import math
import os
import random
from zoneinfo import ZoneInfo

N = 160
rng = random.Random(17)
HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH = dt.datetime(2025, 1, 6, tzinfo=dt.timezone.utc)
ZONE = ZoneInfo("Europe/Berlin")  # the CSV's responders
TTM_MEDIAN = {1: 1800, 2: 2700, 3: 5400, 4: 10800}


def iso(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def draw(zone):
    detected = EPOCH + dt.timedelta(seconds=rng.uniform(0, 180 * 86400))
    hour = detected.astimezone(zone).hour
    night = hour < 8 or hour >= 22
    ack_s = rng.lognormvariate(math.log(720 if night else 180), 0.6 if night else 0.8)
    escalated = rng.random() < (0.15 if night else 0.05)
    if escalated:
        ack_s += 900
    severity = rng.choice([1, 2, 2, 3, 3, 3, 4, 4])
    started = detected - dt.timedelta(seconds=rng.uniform(0, 300))
    mitigated = started + dt.timedelta(seconds=rng.lognormvariate(math.log(TTM_MEDIAN[severity]), 0.7))
    mitigated = max(mitigated, detected + dt.timedelta(seconds=1))
    resolved = mitigated + dt.timedelta(seconds=rng.uniform(600, 3600))
    return dict(started=started, detected=detected,
                acknowledged=detected + dt.timedelta(seconds=ack_s), mitigated=mitigated,
                resolved=resolved, severity=severity, escalated=escalated)


def write_json(name, document):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")


def main():
    utc = dt.timezone.utc
    rows = [draw(ZONE) for _ in range(N)]
    with open(os.path.join(HERE, "incidents.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "started", "detected", "acknowledged", "mitigated", "resolved",
                    "severity", "time_zone", "escalated"])
        for i, r in enumerate(rows):
            w.writerow([f"INC-{i + 1}", iso(r["started"]), iso(r["detected"]),
                        iso(r["acknowledged"]), iso(r["mitigated"]), iso(r["resolved"]),
                        f"SEV{r['severity']}", "Europe/Berlin", str(r["escalated"]).lower()])

    rows = [draw(utc) for _ in range(N)]
    write_json("pagerduty-analytics.json", {"data": [{
        "id": f"Q{i:06d}", "incident_number": i + 1, "created_at": iso(r["detected"]),
        "resolved_at": iso(r["resolved"]),
        "seconds_to_first_ack": round((r["acknowledged"] - r["detected"]).total_seconds()),
        "seconds_to_resolve": round((r["resolved"] - r["detected"]).total_seconds()),
        "urgency": "high", "priority_name": f"P{r['severity']}", "service_name": "checkout",
        "team_name": "payments", "escalation_count": 1 if r["escalated"] else 0}
        for i, r in enumerate(rows)], "more": False, "limit": N, "time_zone": "Etc/UTC"})

    rows = [draw(utc) for _ in range(N)]
    write_json("pagerduty-incidents.json", {"incidents": [{
        "id": f"P{i:06d}", "type": "incident", "incident_number": i + 1,
        "title": "synthetic incident", "created_at": iso(r["detected"]), "status": "resolved",
        "urgency": "high", "service": {"id": "PSVC001", "type": "service_reference",
                                       "summary": "checkout"},
        "escalation_policy": {"id": "PESC001", "type": "escalation_policy_reference",
                              "summary": "payments"},
        "priority": {"id": f"PPRI{r['severity']}", "type": "priority", "summary": f"P{r['severity']}"},
        "assignments": [], "acknowledgements": [{"at": iso(r["acknowledged"]),
                                                  "acknowledger": {"id": "PUSR001",
                                                                   "type": "user_reference"}}],
        "last_status_change_at": iso(r["resolved"]), "resolved_at": iso(r["resolved"])}
        for i, r in enumerate(rows)], "limit": N, "offset": 0, "more": False})

    rows = [draw(utc) for _ in range(N)]

    def stamp(name, t):
        return {"incident_timestamp": {"id": f"01TS{name.upper()}", "name": name,
                                       "rank": 1}, "value": {"value": iso(t)}}
    write_json("incident-io.json", {"incidents": [{
        "id": f"01INC{i:06d}", "name": "synthetic incident", "created_at": iso(r["detected"]),
        "severity": {"id": f"01SEV{r['severity']}", "name": f"SEV{r['severity']}",
                     "rank": 5 - r["severity"]},
        "incident_timestamp_values": [stamp("Impact started", r["started"]),
                                      stamp("Reported", r["detected"]),
                                      stamp("Accepted", r["acknowledged"]),
                                      stamp("Mitigated", r["mitigated"]),
                                      stamp("Resolved", r["resolved"])]}
        for i, r in enumerate(rows)], "pagination_meta": {"page_size": N, "total_record_count": N}})

    rows = [draw(utc) for _ in range(N)]
    write_json("firehydrant.json", {"data": [{
        "id": f"fh-{i:06d}", "name": "synthetic incident", "created_at": iso(r["detected"]),
        "severity": f"SEV{r['severity']}",
        "milestones": [{"type": t, "occurred_at": iso(r[k])} for t, k in
                       [("started", "started"), ("detected", "detected"),
                        ("acknowledged", "acknowledged"), ("mitigated", "mitigated"),
                        ("resolved", "resolved")]]}
        for i, r in enumerate(rows)], "pagination": {"count": N, "page": 1, "items": N}})


if __name__ == "__main__":
    main()
