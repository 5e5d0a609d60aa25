// The loader's limit on journeys' call trees (model::kMaxCallTreeNodes), on generated scenarios
// whose trees are exponential in the file's size or long chains.

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/model/flow.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/graph_shapes.hpp"

namespace {

using firedrill::scenario::parse_scenario;
using firedrill::scenario::Problem;
using firedrill::scenario::ScenarioError;
using nlohmann::json;
namespace model = firedrill::model;

// A valid scenario whose services are s0..s(n−1), with the given calls ("from->to") on one
// journey "deep" entering at s0. Each service's own work takes 0.01 ms, so that even 8,191
// sequential calls stay far inside the default 1 s timeouts.
json scenario_with(std::size_t services, const std::vector<std::pair<std::size_t, std::size_t>>& edges) {
  json doc = json::parse(R"({
    "format_version": 1,
    "name": "generated",
    "purpose": "A generated call graph.",
    "run": {"start": "2026-11-27T17:00:00Z", "duration_min": 60},
    "teams": [
      {"name": "t", "people": [{"name": "Ana"}, {"name": "Bo"}],
       "escalation": {"levels": [{"targets": ["primary"], "delay_min": 5}]}}
    ]
  })");
  json& list = doc["services"] = json::array();
  for (std::size_t i = 0; i < services; ++i)
    list.push_back({{"name", "s" + std::to_string(i)}, {"team", "t"}, {"replicas", 1},
                    {"capacity_rps", 1e6}, {"base_latency_ms", 0.01}});
  json& calls = doc["calls"] = json::array();
  json names = json::array();
  for (const auto& [from, to] : edges) {
    calls.push_back({{"from", "s" + std::to_string(from)}, {"to", "s" + std::to_string(to)}});
    names.push_back("s" + std::to_string(from) + "->s" + std::to_string(to));
  }
  doc["journeys"] = {{{"name", "deep"}, {"entry", "s0"}, {"rate_rps", 10}, {"calls", names},
                      {"slo", {{"objective", 0.999}}}}};
  return doc;
}

// A two-wide diamond of `layers` layers below s0 (tests/graph_shapes.hpp): its tree has
// 2^(layers+1) − 1 nodes.
json diamond(std::size_t layers) {
  return scenario_with(1 + 2 * layers, firedrill::testing::diamond_edges(layers));
}

std::vector<Problem> problems_parsing(const json& doc) {
  try {
    parse_scenario(doc.dump(), "deep.json");
  } catch (const ScenarioError& e) {
    return e.problems();
  }
  FAIL("the scenario loaded, expected a ScenarioError");
  return {};
}

// Returns the message of the problem at `pointer` (other limits may refuse a huge file too).
std::string message_at(const std::vector<Problem>& problems, const std::string& pointer) {
  for (const Problem& p : problems)
    if (p.pointer == pointer) return p.message;
  return "(no problem at " + pointer + ")";
}

std::string too_large(const std::string& nodes) {
  return "journey \"deep\" expands to a call tree of " + nodes +
         " nodes (one per path of calls from its entry); at most " +
         std::to_string(model::kMaxCallTreeNodes) + " are allowed";
}

}  // namespace

TEST_CASE("load_scenario: a journey's call tree above the limit is refused with its size",
          "[scenario]") {
  SECTION("a chain of 15,000 calls: 15,001 nodes, one per service") {
    // (The flow model's test expands a chain of 60,000; a scenario may have 20,000 services.)
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    // Listed from the far end, the order that made the old reachability sweep quadratic.
    for (std::size_t i = 15'000; i-- > 0;) edges.emplace_back(i, i + 1);
    const auto problems = problems_parsing(scenario_with(15'001, edges));
    CHECK(message_at(problems, "/journeys/0") == too_large("15001"));
  }
  SECTION("a 24-layer diamond (15 KB of JSON): 2^25 − 1 nodes") {
    const json doc = diamond(24);
    CHECK(doc.dump().size() < 16'000);
    const auto problems = problems_parsing(doc);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/journeys/0");
    CHECK(problems[0].message == too_large(std::to_string((1ull << 25) - 1)));
  }
  SECTION("a 40-layer diamond: 2^41 − 1 nodes") {
    const auto problems = problems_parsing(diamond(40));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == too_large(std::to_string((1ull << 41) - 1)));
  }
  SECTION("a cycle of eight services all calling each other: more than the limit") {
    // Simple paths from s0: Σ_{k=0..7} 7!/(7−k)! = 13,700, found by expansion, not counted.
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t a = 0; a < 8; ++a)
      for (std::size_t b = 0; b < 8; ++b)
        if (a != b) edges.emplace_back(a, b);
    const auto problems = problems_parsing(scenario_with(8, edges));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message ==
          too_large("more than " + std::to_string(model::kMaxCallTreeNodes)));
  }
}

TEST_CASE("load_scenario: a journey's call tree at the limit loads and the flow model runs it",
          "[scenario]") {
  // 12 layers: 2^13 − 1 = 8,191 nodes, under the limit of 10,000.
  const model::Scenario s = parse_scenario(diamond(12).dump(), "deep.json");
  const model::FlowModel flow(s);
  REQUIRE(flow.call_tree(0).size() == 8'191);
  // Every path carries the journey's 10 req/s once: the deepest layer's services are reached
  // by 2^11 paths each.
  const model::Segment seg = flow.steady_state(model::nominal_flow_state(s));
  CHECK(seg.services[23].load_rps == Approx(10.0 * 2048));
  CHECK(seg.journeys[0].good_rps == Approx(10.0));
}

TEST_CASE("load_scenario: the journeys' call trees together are limited", "[scenario]") {
  // Thirteen journeys over one 12-layer diamond: 13 × 8,191 = 106,483 nodes in all.
  json doc = diamond(12);
  const json journey = doc["journeys"][0];
  for (int k = 1; k < 13; ++k) {
    json more = journey;
    more["name"] = "deep-" + std::to_string(k);
    doc["journeys"].push_back(more);
  }
  const auto problems = problems_parsing(doc);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/journeys");
  CHECK(problems[0].message == "the journeys' call trees have 106483 nodes in all; at most " +
                                   std::to_string(model::kMaxCallTreeNodesTotal) +
                                   " are allowed");
}
