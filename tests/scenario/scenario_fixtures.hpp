#pragma once
// What the loader's tests share: the smallest valid scenario and the problems a load reports.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <vector>

#include "sim/scenario/load_scenario.hpp"

namespace firedrill::testing {

// The smallest valid scenario: every optional key left out. Tests change one thing in it.
inline nlohmann::json minimal() {
  return nlohmann::json::parse(R"({
    "format_version": 1,
    "name": "minimal",
    "purpose": "The smallest valid scenario: every optional key left out.",
    "run": {"start": "2026-11-27T17:00:00Z", "duration_min": 60},
    "services": [
      {"name": "a", "team": "t", "replicas": 2, "capacity_rps": 100, "base_latency_ms": 5},
      {"name": "b", "team": "t", "replicas": 3, "capacity_rps": 100, "base_latency_ms": 5},
      {"name": "c", "team": "t", "replicas": 1, "capacity_rps": 100, "base_latency_ms": 5}
    ],
    "calls": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}],
    "journeys": [
      {"name": "j", "entry": "a", "rate_rps": 10, "calls": ["a->b", "b->c"],
       "slo": {"objective": 0.999}}
    ],
    "teams": [
      {"name": "t", "people": [{"name": "Ana"}, {"name": "Bo"}],
       "escalation": {"levels": [{"targets": ["primary"], "delay_min": 5}]}}
    ]
  })");
}

// A small scenario whose one team, "checkout", is whatever `pagerduty` imports (its
// "pagerduty" section: schedules and an escalation policy, embedded or named by file).
inline nlohmann::json with_pagerduty(const nlohmann::json& pagerduty) {
  nlohmann::json doc = nlohmann::json::parse(R"({
    "format_version": 1,
    "name": "import",
    "purpose": "Import a team's PagerDuty schedule and escalation policy.",
    "run": {"start": "2026-11-17T18:35:00Z", "duration_min": 60},
    "services": [{"name": "a", "team": "checkout", "replicas": 1, "capacity_rps": 100,
                  "base_latency_ms": 5}],
    "journeys": [{"name": "j", "entry": "a", "rate_rps": 10, "calls": [],
                  "slo": {"objective": 0.999}}],
    "teams": [{"name": "checkout"}]
  })");
  doc["teams"][0]["pagerduty"] = pagerduty;
  return doc;
}

// The problems `load` reports with a ScenarioError; fails the test when it loads.
template <typename Load>
std::vector<scenario::Problem> problems_of(Load load) {
  try {
    load();
  } catch (const scenario::ScenarioError& e) {
    return e.problems();
  }
  FAIL("the scenario loaded, expected a ScenarioError");
  return {};
}

}  // namespace firedrill::testing
