#include "bench/topology.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <variant>
#include <vector>

#include "sim/engine/check.hpp"
#include "sim/model/flow.hpp"
#include "sim/model/run.hpp"

using namespace firedrill;
using bench::generate_topology;
using bench::TopologyOptions;

namespace {

TopologyOptions options(std::size_t services, std::uint64_t seed = 1) {
  TopologyOptions o;
  o.services = services;
  o.seed = seed;
  return o;
}

// True iff the call graph has no directed cycle (Kahn's algorithm).
bool acyclic(const model::Scenario& s) {
  std::vector<std::size_t> indegree(s.services.size(), 0);
  std::vector<std::vector<std::size_t>> out(s.services.size());
  for (const model::Call& c : s.calls) {
    out[c.caller].push_back(c.callee);
    ++indegree[c.callee];
  }
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < indegree.size(); ++i)
    if (indegree[i] == 0) ready.push_back(i);
  std::size_t seen = 0;
  while (!ready.empty()) {
    const std::size_t v = ready.back();
    ready.pop_back();
    ++seen;
    for (const std::size_t w : out[v])
      if (--indegree[w] == 0) ready.push_back(w);
  }
  return seen == s.services.size();
}

}  // namespace

TEST_CASE("generate_topology: the same options give the same scenario, another seed another",
          "[topology]") {
  const model::Scenario a = generate_topology(options(300, 7));
  const model::Scenario b = generate_topology(options(300, 7));
  const model::Scenario c = generate_topology(options(300, 8));
  REQUIRE(a.calls.size() == b.calls.size());
  for (std::size_t i = 0; i < a.calls.size(); ++i) {
    CHECK(a.calls[i].caller == b.calls[i].caller);
    CHECK(a.calls[i].callee == b.calls[i].callee);
    CHECK(a.calls[i].timeout_ms == b.calls[i].timeout_ms);
  }
  for (std::size_t i = 0; i < a.services.size(); ++i) {
    CHECK(a.services[i].replicas == b.services[i].replicas);
    CHECK(a.services[i].capacity_rps == b.services[i].capacity_rps);
  }
  bool differs = a.calls.size() != c.calls.size();
  for (std::size_t i = 0; !differs && i < a.calls.size(); ++i)
    differs = a.calls[i].caller != c.calls[i].caller || a.calls[i].callee != c.calls[i].callee;
  CHECK(differs);
}

TEST_CASE("generate_topology: every reference is valid and every journey's caller is reachable",
          "[topology]") {
  for (const std::size_t n : {20, 100, 1000}) {
    const model::Scenario s = generate_topology(options(n));
    REQUIRE(s.services.size() == n);
    std::set<std::string> names;
    for (const model::Service& svc : s.services) {
      names.insert(svc.name);
      CHECK(svc.team < s.teams.size());
      CHECK(svc.replicas >= 2);
      CHECK(svc.capacity_rps > 0);
      CHECK(svc.base_latency_ms >= 1000.0 / svc.capacity_rps);
    }
    CHECK(names.size() == n);
    std::set<std::pair<std::size_t, std::size_t>> edges;
    for (const model::Call& c : s.calls) {
      CHECK(c.caller < n);
      CHECK(c.callee < n);
      CHECK(c.caller != c.callee);
      CHECK(c.timeout_ms > 0);
      CHECK(c.calls_per_request >= 1.0);
      edges.insert({c.caller, c.callee});
    }
    // One Call per (caller, callee) pair, as the loader names calls "caller->callee".
    CHECK(edges.size() == s.calls.size());
    CHECK(acyclic(s));
    for (std::size_t j = 0; j < s.journeys.size(); ++j) {
      const model::Journey& journey = s.journeys[j];
      CHECK(journey.entry_service == j);
      CHECK(journey.rate_rps > 0);
      CHECK(std::set<std::size_t>(journey.calls.begin(), journey.calls.end()).size() ==
            journey.calls.size());
      // The loader's reachability rule: every listed call's caller is reached from the entry.
      std::vector<bool> reached(n, false);
      reached[journey.entry_service] = true;
      for (const std::size_t c : journey.calls) {  // preorder: a caller comes before its calls
        CHECK(reached[s.calls[c].caller]);
        reached[s.calls[c].callee] = true;
      }
    }
    for (const model::Team& t : s.teams) {
      for (const model::Schedule& schedule : t.schedules)
        for (const model::ScheduleLayer& layer : schedule.layers)
          for (const std::size_t u : layer.users) CHECK(u < t.people.size());
      for (const model::EscalationLevel& level : t.escalation.levels)
        for (const model::EscalationTarget& target : level.targets)
          if (target.kind == model::EscalationTarget::Kind::Person)
            CHECK(target.index < t.people.size());
          else
            CHECK(target.index < t.schedules.size());
    }
    for (const model::ThresholdRule& r : s.threshold_rules)
      CHECK(r.target < (r.target_kind == model::TargetKind::Journey ? s.journeys.size() : n));
    CHECK(s.burn_rate_rules.size() == s.journeys.size());
    REQUIRE(s.faults.size() == 2);
    CHECK(s.faults[0].type == model::FaultType::BadDeploy);
    CHECK(s.faults[1].type == model::FaultType::CrashReplicas);
    CHECK(s.faults[1].replicas < s.services[s.faults[1].service].replicas);
  }
}

TEST_CASE(
    "generate_topology: each journey's call tree is the drawn tree, of depth 2 to 6, and "
    "uses every service",
    "[topology]") {
  const model::Scenario s = generate_topology(options(1000));
  const model::FlowModel model(s);
  for (std::size_t j = 0; j < s.journeys.size(); ++j)  // one tree node per listed call, no more
    CHECK(model.call_tree(j).size() == s.journeys[j].calls.size() + 1);
  const bench::TopologyShape shape = bench::describe_topology(s);
  CHECK(shape.unused_services == 0);
  CHECK(shape.min_depth == 2);
  CHECK(shape.max_depth == 6);
  CHECK(s.journeys.size() == 130);  // 13% of the services are entries
}

TEST_CASE("generate_topology: fan-out is heavy-tailed and a few services are called by many",
          "[topology]") {
  const model::Scenario s = generate_topology(options(1000));
  const bench::TopologyShape shape = bench::describe_topology(s);
  // Mean fan-out of a calling tree node, against the largest.
  std::size_t callers = 0;
  const model::FlowModel model(s);
  for (std::size_t j = 0; j < s.journeys.size(); ++j) {
    std::set<std::size_t> parents;
    for (const auto& node : model.call_tree(j))
      if (node.parent != model::FlowModel::kNoCall) parents.insert(node.parent);
    callers += parents.size();
  }
  const double mean_fanout = double(shape.tree_nodes - s.journeys.size()) / double(callers);
  CHECK(mean_fanout < 3.0);
  CHECK(double(shape.max_fanout) > 8.0 * mean_fanout);
  // Distinct callers per called service: mean against the most popular.
  std::vector<std::set<std::size_t>> by_callee(s.services.size());
  for (const model::Call& c : s.calls) by_callee[c.callee].insert(c.caller);
  std::size_t called = 0, edges = 0;
  for (const auto& c : by_callee)
    if (!c.empty()) ++called, edges += c.size();
  CHECK(double(shape.max_callers) > 20.0 * double(edges) / double(called));
}

TEST_CASE("generate_topology: the nominal steady state is healthy, utilisation 0.3 to 0.7",
          "[topology]") {
  for (const std::size_t n : {100, 1000}) {
    const bench::TopologyShape shape = bench::describe_topology(generate_topology(options(n)));
    CHECK(shape.min_utilisation >= 0.3 - 1e-9);
    CHECK(shape.max_utilisation <= 0.7 + 1e-9);
    CHECK(shape.worst_journey_error < 1e-6);  // far below every journey's 0.1% error budget
  }
}

TEST_CASE("generate_topology: a generated drill detects the bad deploy and responders work on it",
          "[topology]") {
  const model::Scenario s = generate_topology(options(100));
  const model::RunRecord record = model::simulate(s, 1);
  bool detected = false, acknowledged = false, diagnosed = false;
  for (const model::TimelineEvent& e : record.timeline) {
    if (const auto* d = std::get_if<model::ev::IncidentDetected>(&e.payload))
      detected = detected || d->incident == 0;
    if (const auto* a = std::get_if<model::ev::PageAcknowledged>(&e.payload))
      acknowledged = acknowledged || a->incident == 0;
    if (const auto* d = std::get_if<model::ev::DiagnosisStep>(&e.payload))
      diagnosed = diagnosed || d->incident == 0;
  }
  CHECK(detected);
  CHECK(acknowledged);
  CHECK(diagnosed);
}

TEST_CASE("generate_topology: out-of-range options are rejected", "[topology]") {
  CHECK_THROWS_AS(generate_topology(options(10)), engine::InvariantError);
  TopologyOptions o = options(100);
  o.min_depth = 1;
  CHECK_THROWS_AS(generate_topology(o), engine::InvariantError);
  o = options(100);
  o.journeys = 95;
  CHECK_THROWS_AS(generate_topology(o), engine::InvariantError);
}
