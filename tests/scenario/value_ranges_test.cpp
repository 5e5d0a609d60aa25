// The range of every number a scenario gives (sim/scenario/value_ranges.hpp,
// docs/limits.md): at its bound a scenario loads; just beyond it the loader refuses it
// with the field's pointer and the range, never an internal error, a hang or an exhausted memory.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/load_scenario.hpp"
#include "tests/scenario/scenario_fixtures.hpp"

namespace {

using firedrill::scenario::parse_scenario;
using firedrill::scenario::Problem;
using firedrill::scenario::ScenarioError;
using nlohmann::json;

// A scenario that uses every section whose numbers have ranges, each at an ordinary value.
json full() {
  return json::parse(R"({
    "format_version": 1,
    "name": "full",
    "purpose": "Every section with a number, each at an ordinary value.",
    "run": {"start": "2026-11-27T17:00:00Z", "duration_min": 60, "scrape_interval_s": 15,
            "evaluation_interval_s": 30},
    "services": [
      {"name": "a", "team": "t", "replicas": 2, "capacity_rps": 100, "base_latency_ms": 5,
       "queue_limit": 100, "zones": ["z1", "z2"],
       "autoscaling": {"max_replicas": 4, "target_utilisation": 0.6, "reaction_s": 60,
                       "cold_start_s": 90}},
      {"name": "b", "team": "t", "replicas": 3, "capacity_rps": 100, "base_latency_ms": 5},
      {"name": "c", "team": "t", "replicas": 1, "capacity_rps": 100, "base_latency_ms": 5}
    ],
    "calls": [
      {"from": "a", "to": "b", "calls_per_request": 2, "timeout_ms": 1000, "retries": 1,
       "retry_budget": 0.1, "retry_backoff_ms": 10,
       "breaker": {"error_threshold": 0.5, "open_s": 30}},
      {"from": "b", "to": "c"}
    ],
    "journeys": [
      {"name": "j", "entry": "a", "rate_rps": 10, "calls": ["a->b", "b->c"],
       "profile": [{"at_min": 0, "multiplier": 1}, {"at_min": 30, "multiplier": 2}],
       "slo": {"objective": 0.999, "period_days": 30, "p99_latency_ms": 500},
       "revenue_per_request": 1, "timeout_ms": 30000,
       "calendar": {"time_zone": "UTC",
                    "hourly": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                               1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
                    "weekend_multiplier": 1,
                    "surges": [{"name": "s", "start": "2026-11-27T17:30:00Z",
                                "end": "2026-11-27T17:45:00Z", "multiplier": 2}]}}
    ],
    "teams": [
      {"name": "t", "people": [{"name": "Ana"}, {"name": "Bo"}],
       "rotation": {"start": "2026-11-23T09:00:00Z", "shift_h": 168},
       "escalation": {"levels": [{"targets": ["primary"], "delay_min": 5}], "loops": 2}},
      {"name": "u", "people": [{"name": "Cy"}],
       "schedules": [{"name": "s", "layers": [{"start": "2026-11-01T00:00:00Z",
                                               "rotation_turn_length_seconds": 86400,
                                               "users": ["Cy"]}]}],
       "escalation": {"levels": [{"targets": ["s"], "delay_min": 5}]}}
    ],
    "alerts": {
      "threshold": [
        {"name": "errors", "metric": "error_ratio", "service": "a", "threshold": 0.05,
         "window_s": 60, "for_s": 60, "keep_firing_for_s": 0},
        {"name": "slow", "metric": "latency_ms", "journey": "j", "threshold": 500},
        {"name": "busy", "metric": "utilisation", "service": "b", "threshold": 0.9}
      ],
      "burn_rate": [
        {"name": "burn", "journey": "j", "for_s": 0, "keep_firing_for_s": 0,
         "conditions": [{"long_window_min": 60, "short_window_min": 5, "burn_rate": 14.4,
                         "for_min": 2}]}
      ],
      "probes": [{"name": "probe", "journey": "j", "interval_s": 60, "timeout_ms": 1000,
                  "failures_to_alert": 3}],
      "route": {"group_wait_s": 30, "group_interval_s": 300},
      "false_positives": {"per_day": 1, "duration_median_min": 4}
    },
    "customers": {"report_probability": 0.0001, "support_escalation_median_min": 15,
                  "ticket_probability": 0.0001, "silence_doubling_min": 30},
    "policy": {
      "status_update_cadence_min": {"P1": 15}, "first_update_deadline_min": {"P1": 10},
      "recent_change_window_min": 120, "coordination_overhead_per_responder": 0.15,
      "status_update_draft_median_min": 5,
      "responders": {"ack_median_day_min": 2, "fatigue_ack_per_page": 0.15,
                     "step_factor_unfamiliar": 1.5},
      "mitigations": {"rollback": {"median_duration_min": 6}}
    },
    "faults": [
      {"id": "lat", "type": "latency", "service": "b", "start_min": 10, "end_min": 20,
       "latency_ms": 100},
      {"id": "dep", "type": "bad_deploy", "service": "a", "start_min": 10, "latency_ms": 50,
       "rollout": [{"share": 0.1, "bake_min": 10}, {"share": 1}]},
      {"id": "ex", "type": "resource_exhaustion", "service": "c", "start_min": 5, "end_min": 15,
       "capacity_factor": 0.5},
      {"id": "leak", "type": "memory_leak", "service": "b", "start_min": 20,
       "capacity_factor": 0.5, "leak_period_min": 20, "restart_s": 60},
      {"id": "fo", "type": "datastore_failover", "service": "c", "start_min": 30, "outage_s": 120,
       "capacity_factor": 0.5},
      {"id": "surge", "type": "traffic_surge", "journey": "j", "start_min": 40, "end_min": 50,
       "multiplier": 2}
    ],
    "fault_processes": [
      {"id": "crash", "fault": {"type": "crash_replicas", "service": "b", "replicas": 1},
       "mttf_h": 24, "mttr_min": 30, "per_replica": true}
    ],
    "change_processes": [
      {"id": "deploys", "service": "a", "deploys_per_day": 4, "change_failure_rate": 0.1,
       "error_ratio": 0.2}
    ],
    "changes": [{"id": "ch", "service": "a", "at_min": 5}],
    "automation": [
      {"name": "restart", "type": "restart_on_crash", "delay_s": 60, "max_attempts": 3},
      {"name": "canary", "type": "rollback_failing_canary", "service": "a", "delay_s": 60,
       "error_ratio_threshold": 0.05, "analysis_interval_s": 60, "failure_limit": 2}
    ]
  })");
}

std::string listing(const std::vector<Problem>& problems) {
  std::ostringstream out;
  for (const auto& p : problems) out << "  " << p.pointer << ": " << p.message << "\n";
  return out.str();
}

// The problems of `doc`, none when it loads.
std::vector<Problem> problems_of(const json& doc) {
  try {
    parse_scenario(doc.dump(), "test.json");
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  return {};
}

// One bound of one field: `at_bound` loads, `beyond` is refused at `pointer` with `requirement`
// (the message is `requirement + ", got " + beyond`). `setup` patches the document first (null:
// removes the key).
struct Bound {
  std::string pointer;
  json at_bound;
  json beyond;
  std::string requirement;
  std::vector<std::pair<std::string, json>> setup = {};
};

json patched(const json& base, const Bound& b, const json& value) {
  json doc = base;
  for (const auto& [pointer, v] : b.setup) {
    const json::json_pointer at(pointer);
    if (v.is_null()) {
      doc[at.parent_pointer()].erase(at.back());
    } else {
      doc[at] = v;
    }
  }
  doc[json::json_pointer(b.pointer)] = value;
  return doc;
}

// A scenario whose team imports an embedded PagerDuty schedule and escalation policy.
json with_embedded_pagerduty() {
  return firedrill::testing::with_pagerduty(json::parse(R"({
    "schedules": [{"id": "PS1", "name": "S", "time_zone": "UTC",
      "schedule_layers": [{"start": "2026-11-01T00:00:00Z",
        "rotation_virtual_start": "2026-11-01T00:00:00Z", "rotation_turn_length_seconds": 86400,
        "users": [{"user": {"id": "PU1", "summary": "Ana"}}]}]}],
    "escalation_policy": {"num_loops": 0, "escalation_rules": [
      {"escalation_delay_in_minutes": 5,
       "targets": [{"id": "PS1", "type": "schedule_reference"}]}]}
  })"));
}

void check_bounds(const std::vector<Bound>& bounds, const json& base = full()) {
  for (const Bound& b : bounds) {
    DYNAMIC_SECTION(b.pointer << ": " << b.at_bound.dump() << " loads, " << b.beyond.dump()
                              << " does not") {
      const auto ok = problems_of(patched(base, b, b.at_bound));
      INFO("at the bound, reported:\n" << listing(ok));
      CHECK(ok.empty());
      const auto refused = problems_of(patched(base, b, b.beyond));
      INFO("beyond the bound, reported:\n" << listing(refused));
      REQUIRE(refused.size() == 1);
      CHECK(refused[0].pointer == b.pointer);
      CHECK(refused[0].message == b.requirement + ", got " + b.beyond.dump());
    }
  }
}

}  // namespace

TEST_CASE("Value ranges: the document every range test patches loads as it is", "[scenario]") {
  const auto problems = problems_of(full());
  INFO("reported:\n" << listing(problems));
  CHECK(problems.empty());
}

TEST_CASE("Value ranges: periods of recurring events have a floor and a ceiling", "[scenario]") {
  check_bounds({
      {"/run/scrape_interval_s",
       1,
       0.5,
       "must be in [1, 3600]",
       {{"/run/evaluation_interval_s", nullptr}}},
      {"/run/scrape_interval_s",
       3600,
       3601,
       "must be in [1, 3600]",
       {{"/run/evaluation_interval_s", nullptr}}},
      {"/run/evaluation_interval_s", 3600, 3615, "must be in [1, 3600]"},
      {"/alerts/probes/0/interval_s",
       1,
       0.999,
       "must be in [1, 86400]",
       {{"/alerts/probes/0/timeout_ms", 1}}},
      {"/alerts/probes/0/interval_s", 86400, 86401, "must be in [1, 86400]"},
      {"/alerts/route/group_interval_s", 1, 0.5, "must be in [1, 86400]"},
      {"/alerts/route/group_interval_s", 86400, 86401, "must be in [1, 86400]"},
      {"/calls/0/breaker/open_s", 1, 0.5, "must be in [1, 86400]"},
      {"/faults/3/leak_period_min", 1, 0.001, "must be in [1, 44640]"},
      {"/automation/1/analysis_interval_s", 1, 0.5, "must be in [1, 86400]"},
      {"/teams/0/rotation/shift_h", 1, 0.5, "must be in [1, 8760]"},
      {"/teams/0/rotation/shift_h", 8760, 8761, "must be in [1, 8760]"},
      {"/teams/1/schedules/0/layers/0/rotation_turn_length_seconds", 3600, 3599,
       "must be in [3600, 31536000]"},
      {"/teams/1/schedules/0/layers/0/rotation_turn_length_seconds", 31536000, 31536001,
       "must be in [3600, 31536000]"},
      {"/teams/0/escalation/levels/0/delay_min", 1, 0.5, "must be in [1, 1440]"},
      {"/teams/0/escalation/levels/0/delay_min", 1440, 1441, "must be in [1, 1440]"},
      {"/policy/status_update_cadence_min/P1", 1, 0.5, "must be in [1, 10080]"},
      {"/policy/first_update_deadline_min/P1", 10080, 10081, "must be in [1, 10080]"},
  });
}

TEST_CASE("Value ranges: durations, windows and instants of a run have a ceiling", "[scenario]") {
  check_bounds({
      {"/run/duration_min", 44640, 44641, "must be in (0, 44640]"},
      {"/faults/0/end_min", 44640, 44641, "must be in [0, 44640]"},
      {"/journeys/0/profile/1/at_min", 44640, 44641, "must be in [0, 44640]"},
      {"/changes/0/at_min", 44640, 44641, "must be in [0, 44640]"},
      {"/alerts/threshold/0/window_s", 2678400, 2678401, "must be in [1, 2678400]"},
      {"/alerts/threshold/0/for_s", 2678400, 2678401, "must be in [0, 2678400]"},
      {"/alerts/burn_rate/0/keep_firing_for_s", 2678400, 2678401, "must be in [0, 2678400]"},
      {"/alerts/burn_rate/0/conditions/0/long_window_min", 44640, 44641, "must be in [1, 44640]"},
      {"/alerts/burn_rate/0/conditions/0/for_min", 44640, 44641, "must be in [0, 44640]"},
      {"/alerts/route/group_wait_s", 86400, 86401, "must be in [0, 86400]"},
      {"/alerts/false_positives/duration_median_min", 1440, 1441, "must be in (0, 1440]"},
      {"/customers/silence_doubling_min", 10080, 10081, "must be in (0, 10080]"},
      {"/customers/support_escalation_median_min", 10080, 10081, "must be in (0, 10080]"},
      {"/policy/recent_change_window_min", 44640, 44641, "must be in (0, 44640]"},
      {"/policy/status_update_draft_median_min", 1440, 1441, "must be in (0, 1440]"},
      {"/policy/responders/ack_median_day_min", 1440, 1441, "must be in (0, 1440]"},
      {"/policy/mitigations/rollback/median_duration_min", 1440, 1441, "must be in (0, 1440]"},
      {"/services/0/autoscaling/reaction_s", 86400, 86401, "must be in [0, 86400]"},
      {"/services/0/autoscaling/cold_start_s", 86400, 86401, "must be in [0, 86400]"},
      {"/faults/4/outage_s", 86400, 86401, "must be in [1, 86400]"},
      {"/faults/3/restart_s", 1, 0.5, "must be in [1, 86400]"},
      {"/faults/1/rollout/0/bake_min", 44640, 44641, "must be in (0, 44640]"},
      {"/fault_processes/0/mttr_min", 44640, 44641, "must be in (0, 44640]"},
      {"/automation/0/delay_s", 86400, 86401, "must be in [1, 86400]"},
  });
}

TEST_CASE("Value ranges: latencies and timeouts are at most an hour", "[scenario]") {
  check_bounds({
      {"/calls/0/timeout_ms", 1, 0.5, "must be in [1, 3600000]"},
      {"/calls/0/timeout_ms", 3600000, 3600001, "must be in [1, 3600000]"},
      {"/journeys/0/timeout_ms", 3600000, 3600001, "must be in [1, 3600000]"},
      {"/alerts/probes/0/timeout_ms", 1, 0.5, "must be in [1, 3600000]"},
      {"/calls/0/retry_backoff_ms", 3600000, 3600001, "must be in [0, 3600000]"},
      {"/services/0/base_latency_ms", 3600000, 3600001, "must be in [0, 3600000]"},
      {"/journeys/0/slo/p99_latency_ms", 3600000, 3600001, "must be in (0, 3600000]"},
      {"/faults/0/latency_ms", 3600000, 3600001, "must be in (0, 3600000]"},
      {"/faults/1/latency_ms", 3600000, 3600001, "must be in [0, 3600000]"},
      {"/alerts/threshold/1/threshold", 3600000, 3600001, "must be in (0, 3600000]"},
  });
}

TEST_CASE("Value ranges: rates have a floor and a ceiling so their gaps fit SimTime",
          "[scenario]") {
  check_bounds({
      {"/alerts/false_positives/per_day", 0, -1, "must be 0 or in [0.001, 1000]"},
      {"/alerts/false_positives/per_day", 0.001, 0.0009, "must be 0 or in [0.001, 1000]"},
      {"/alerts/false_positives/per_day", 1000, 1001, "must be 0 or in [0.001, 1000]"},
      {"/change_processes/0/deploys_per_day", 0.001, 0.0009, "must be in [0.001, 1000]"},
      {"/change_processes/0/deploys_per_day", 1000, 1001, "must be in [0.001, 1000]"},
      {"/fault_processes/0/mttf_h", 0.1, 0.09, "must be in [0.1, 876000]"},
      {"/fault_processes/0/mttf_h", 876000, 876001, "must be in [0.1, 876000]"},
      {"/journeys/0/rate_rps", 10000000, 10000001, "must be in [0, 10000000]"},
      {"/journeys/0/revenue_per_request", 1000000, 1000001, "must be in [0, 1000000]"},
  });
}

TEST_CASE("Value ranges: capacities, fan-outs, multipliers and shares keep products finite",
          "[scenario]") {
  check_bounds({
      {"/services/0/capacity_rps", 0.001, 0.0009, "must be in [0.001, 1000000]"},
      {"/services/0/capacity_rps", 1000000, 1000001, "must be in [0.001, 1000000]"},
      {"/calls/0/calls_per_request", 0.001, 0.0009, "must be in [0.001, 1000]"},
      {"/calls/0/calls_per_request", 1000, 1000.5, "must be in [0.001, 1000]"},
      {"/calls/0/retry_budget", 10, 10.5, "must be in [0, 10]"},
      {"/journeys/0/profile/1/multiplier", 1000, 1000.5, "must be in [0, 1000]"},
      {"/journeys/0/calendar/weekend_multiplier", 1000, 1001, "must be in [0, 1000]"},
      {"/journeys/0/calendar/surges/0/multiplier", 1000, 1001, "must be in [0, 1000]"},
      {"/faults/5/multiplier", 1000, 1001, "must be in (0, 1000]"},
      {"/faults/2/capacity_factor", 0.001, 0.0009, "must be in [0.001, 0.999]"},
      {"/faults/3/capacity_factor", 0.999, 0.9995, "must be in [0.001, 0.999]"},
      {"/services/0/autoscaling/target_utilisation", 0.01, 0.005, "must be in [0.01, 0.99]"},
      {"/services/0/autoscaling/target_utilisation", 0.99, 0.995, "must be in [0.01, 0.99]"},
      {"/journeys/0/slo/objective", 0.999999, 0.9999991, "must be in (0, 0.999999]"},
      {"/journeys/0/slo/period_days", 1, 0.5, "must be in [1, 366]"},
      {"/journeys/0/slo/period_days", 366, 367, "must be in [1, 366]"},
      {"/alerts/threshold/2/threshold", 1000, 1001, "must be in (0, 1000]"},
      {"/policy/coordination_overhead_per_responder", 10, 10.5, "must be in [0, 10]"},
      {"/policy/responders/fatigue_ack_per_page", 10, 11, "must be in [0, 10]"},
      {"/policy/responders/step_factor_unfamiliar", 0.01, 0.009, "must be in [0.01, 10]"},
      {"/policy/responders/step_factor_unfamiliar", 10, 10.1, "must be in [0.01, 10]"},
  });
}

TEST_CASE("Value ranges: counts the model iterates over have a ceiling", "[scenario]") {
  check_bounds({
      {"/services/1/replicas",
       10000,
       10001,
       "must be in [1, 10000]",
       {{"/fault_processes/0/per_replica", false}}},
      {"/services/0/autoscaling/max_replicas", 10000, 10001, "must be in [1, 10000]"},
      {"/services/0/queue_limit", 1000000, 1000001, "must be in [0, 1000000]"},
      {"/calls/0/retries", 10, 11, "must be in [0, 10]"},
      {"/teams/0/escalation/loops", 100, 101, "must be in [1, 100]"},
      {"/alerts/probes/0/failures_to_alert", 1000, 1001, "must be in [1, 1000]"},
      {"/automation/0/max_attempts", 20, 21, "must be in [1, 20]"},
      {"/automation/1/failure_limit", 1000, 1001, "must be in [1, 1000]"},
  });
}

TEST_CASE("Value ranges: the hourly traffic curve is read with the same range", "[scenario]") {
  json doc = full();
  doc["journeys"][0]["calendar"]["hourly"][7] = 1000;
  CHECK(problems_of(doc).empty());
  doc["journeys"][0]["calendar"]["hourly"][7] = 1e300;
  const auto problems = problems_of(doc);
  INFO("reported:\n" << listing(problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/journeys/0/calendar/hourly/7");
  CHECK(problems[0].message == "must be a number in [0, 1000], got 1e+300");
}

TEST_CASE("Value ranges: date-times lie between 1970 and the end of 2199", "[scenario]") {
  const std::string requirement =
      "must be from \"1970-01-01T00:00:00Z\" to \"2199-12-31T23:59:59Z\", got ";
  const auto check_date = [&](const std::string& pointer, const std::string& ok,
                              const std::string& beyond) {
    DYNAMIC_SECTION(pointer << ": " << ok << " loads, " << beyond << " does not") {
      json doc = full();
      doc[json::json_pointer(pointer)] = ok;
      const auto loaded = problems_of(doc);
      INFO("at the bound, reported:\n" << listing(loaded));
      CHECK(loaded.empty());
      doc[json::json_pointer(pointer)] = beyond;
      const auto problems = problems_of(doc);
      INFO("beyond the bound, reported:\n" << listing(problems));
      REQUIRE(!problems.empty());
      CHECK(problems[0].pointer == pointer);
      CHECK(problems[0].message == requirement + "\"" + beyond + "\"");
    }
  };
  check_date("/teams/0/rotation/start", "2199-12-31T23:59:59Z", "2200-01-01T00:00:00Z");
  check_date("/teams/0/rotation/start", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z");
  // An offset moves the instant: 23:59:59 at UTC−01:00 is already 2200 in UTC.
  check_date("/teams/1/schedules/0/layers/0/start", "2199-12-31T22:59:59-01:00",
             "2199-12-31T23:59:59-01:00");
  check_date("/journeys/0/calendar/surges/0/end", "2026-11-27T17:45:00Z", "9999-12-31T23:59:59Z");
  // The run's start carries every other instant with it: alone, out of range is one problem.
  json doc = full();
  doc["run"]["start"] = "9999-12-31T23:59:59Z";
  const auto problems = problems_of(doc);
  INFO("reported:\n" << listing(problems));
  REQUIRE(!problems.empty());
  CHECK(problems[0].pointer == "/run/start");
  CHECK(problems[0].message == requirement + "\"9999-12-31T23:59:59Z\"");
}

TEST_CASE("Value ranges: the values issue 14 found are refused with their pointer", "[scenario]") {
  check_bounds({
      {"/calls/0/timeout_ms", 1000, 1e200, "must be in [1, 3600000]"},
      {"/journeys/0/timeout_ms", 30000, 1e200, "must be in [1, 3600000]"},
      {"/calls/0/calls_per_request", 2, 1e15, "must be in [0.001, 1000]"},
      {"/services/0/capacity_rps", 100, 1e-300, "must be in [0.001, 1000000]"},
      {"/faults/5/multiplier", 2, 1e300, "must be in (0, 1000]"},
      {"/journeys/0/calendar/surges/0/multiplier", 2, 1e300, "must be in [0, 1000]"},
      {"/alerts/false_positives/per_day", 1, 1e19, "must be 0 or in [0.001, 1000]"},
      {"/alerts/false_positives/per_day", 1, 1e-300, "must be 0 or in [0.001, 1000]"},
      {"/change_processes/0/deploys_per_day", 4, 1e19, "must be in [0.001, 1000]"},
      {"/change_processes/0/deploys_per_day", 4, 1e-300, "must be in [0.001, 1000]"},
      // A millisecond, in hours.
      {"/fault_processes/0/mttf_h", 24, 1.0 / 3600000, "must be in [0.1, 876000]"},
      // 2^63 s: beyond int64 itself.
      {"/teams/1/schedules/0/layers/0/rotation_turn_length_seconds", 86400, std::uint64_t{1} << 63,
       "must be in [3600, 31536000]"},
      {"/journeys/0/rate_rps", 10, 1e308, "must be in [0, 10000000]"},
      {"/services/0/replicas", 2, std::int64_t{1} << 40, "must be in [1, 10000]"},
      {"/calls/0/retries", 1, 2147483647, "must be in [0, 10]"},
      {"/automation/0/max_attempts", 3, 2147483647, "must be in [1, 20]"},
  });
}

TEST_CASE("Value ranges: a run's scrapes, a process's faults and a journey's peak are bounded",
          "[scenario]") {
  SECTION("a week at 1 s loads; 31 days at 1 s would be 2,678,400 scrapes") {
    json doc = full();
    doc["run"]["scrape_interval_s"] = 1;
    doc["run"]["evaluation_interval_s"] = 1;
    doc["run"]["duration_min"] = 7 * 24 * 60;
    const auto week = problems_of(doc);
    INFO("a week, reported:\n" << listing(week));
    CHECK(week.empty());
    doc["run"]["duration_min"] = 31 * 24 * 60;
    const auto month = problems_of(doc);
    INFO("31 days, reported:\n" << listing(month));
    REQUIRE(month.size() == 1);
    CHECK(month[0].pointer == "/run/scrape_interval_s");
    CHECK(month[0].message ==
          "the run would hold 2678400 scrapes (duration_min * 60 / scrape_interval_s), more than "
          "604800: lengthen the scrape interval or shorten the run");
  }
  SECTION("a probe every second over 31 days") {
    json doc = full();
    doc["run"]["duration_min"] = 31 * 24 * 60;
    doc["alerts"]["probes"][0]["interval_s"] = 1;
    doc["alerts"]["probes"][0]["timeout_ms"] = 1;
    const auto problems = problems_of(doc);
    INFO("reported:\n" << listing(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/alerts/probes/0/interval_s");
    CHECK(problems[0].message ==
          "the probe would run more than 604800 times over the run: "
          "lengthen its interval or shorten the run");
  }
  SECTION("a journey's rate with every multiplier that may act on it at once") {
    json doc = full();
    doc["journeys"][0]["rate_rps"] = 1e6;
    // 10^6 req/s × 2 (profile) × 2 (named surge) × 2 (traffic_surge) = 8 · 10^6: allowed.
    CHECK(problems_of(doc).empty());
    doc["faults"][5]["multiplier"] = 1000;  // 4 · 10^9
    const auto problems = problems_of(doc);
    INFO("reported:\n" << listing(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/journeys/0");
    CHECK(problems[0].message ==
          "its rate could reach 4e+09 req/s (rate_rps times the largest profile, hourly and "
          "weekend multipliers and every surge and traffic_surge multiplier), more than 1e+09");
  }
  SECTION("a per-replica crash process over 10,000 replicas") {
    json doc = full();
    doc["services"][1]["replicas"] = 10000;
    doc["fault_processes"][0]["mttf_h"] = 1;
    doc["fault_processes"][0]["mttr_min"] = 60;
    // 10,000 replicas × 60 min / (60 + 60) min = 5,000 faults: allowed; at 12 h, 10,000 × 720 /
    // 120 = 60,000 are not.
    CHECK(problems_of(doc).empty());
    doc["run"]["duration_min"] = 720;
    const auto problems = problems_of(doc);
    INFO("reported:\n" << listing(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/fault_processes/0/mttf_h");
    CHECK(problems[0].message ==
          "the process would draw about 60000 faults over the run (10000 replicas * run "
          "duration / (mttf + mttr)), more than 10000: raise mttf_h or shorten the run");
  }
}

TEST_CASE("Value ranges: PagerDuty imports get the same bounds as a scenario's own pager",
          "[scenario][pager]") {
  const std::string layer = "/teams/0/pagerduty/schedules/0/schedule_layers/0";
  const std::string policy = "/teams/0/pagerduty/escalation_policy";
  check_bounds(
      {
          {layer + "/rotation_turn_length_seconds", 31536000, std::uint64_t{1} << 63,
           "must be in [3600, 31536000]"},
          {layer + "/rotation_turn_length_seconds", 3600, 1, "must be in [3600, 31536000]"},
          {policy + "/num_loops", 99, 100, "must be in [0, 99]"},
          {policy + "/escalation_rules/0/escalation_delay_in_minutes", 1, 0.5,
           "must be in [1, 1440]"},
          {policy + "/escalation_rules/0/escalation_delay_in_minutes", 1440, 1441,
           "must be in [1, 1440]"},
      },
      with_embedded_pagerduty());
  SECTION("a layer's far-future rotation start") {
    json doc = with_embedded_pagerduty();
    doc[json::json_pointer(layer + "/rotation_virtual_start")] = "2262-04-11T23:47:16Z";
    const auto problems = problems_of(doc);
    INFO("reported:\n" << listing(problems));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == layer + "/rotation_virtual_start");
    CHECK(problems[0].message ==
          "must be from \"1970-01-01T00:00:00Z\" to \"2199-12-31T23:59:59Z\", got "
          "\"2262-04-11T23:47:16Z\"");
  }
}
