#pragma once
// A synthetic topology generator for the model benchmarks: complete, valid scenarios of any
// number of services whose call graphs have the shape published for production microservice
// traces (Luo et al., SoCC 2021): tree-like, shallow, heavy-tailed fan-out, a few very popular
// services. docs/performance.md says which parameters come from the papers and which are ours.

#include <cstddef>
#include <cstdint>

#include "sim/engine/sim_time.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::bench {

// What to generate. Depths count levels of a journey's call tree, the entry service being
// level 1: depth 2 is an entry and the services it calls.
struct TopologyOptions {
  std::size_t services = 1000;  // N, >= 20
  std::uint64_t seed = 1;
  std::size_t journeys = 0;  // entry points, one entry service each; 0: 13% of N (at least 2)
  int min_depth = 2;         // 2 <= min_depth <= max_depth
  int max_depth = 6;
  // Children of a call-tree node: Zipf, P(k) ∝ k^−fanout_exponent for k = 1..max_fanout (and
  // up to two calls to stores besides).
  double fanout_exponent = 2.0;
  int max_fanout = 32;
  std::size_t teams = 0;  // 0: N / 200, between 1 and 8
  engine::SimTime duration = std::chrono::hours(1);
  engine::SimTime scrape_interval = std::chrono::seconds(15);
  // Every journey's rate steps up by 12.5% this many times over the run (an evening ramp, the
  // same for every journey, as in the bundled drills), peaking at ×(1 + 0.125·steps).
  int profile_steps = 2;
  bool faults = true;  // a bad deploy of the most loaded service and a crash of the busiest store
  // > 0: every replica of every service also crashes as an alternating renewal process with
  // this mean time to failure (days) and a 10-minute mean time to repair (background noise).
  double replica_mttf_days = 0.0;
};

// Returns a complete scenario of `options.services` services (DESIGN.md, "Scenarios"):
// - Journey j enters at service j ("entry-j"); its call tree is grown level by level to a
//   drawn depth with Zipf fan-out. Tree nodes below the entry are filled with services of that
//   level ("svc-i"): every service is used by at least one journey, and further uses go to
//   services in proportion to their uses so far (preferential attachment), so a few become
//   popular. A service appears at most once in a journey, so FlowModel's expansion of the
//   journey is exactly the drawn tree. Services call only the next level, so the call graph is
//   acyclic.
// - 1% of services ("store-i") are stateful hubs (caches, databases): leaves, called from any
//   level with Zipf popularity, sized per replica like caches, shedding load when overloaded.
// - Capacities: each service's load is computed by walking the journeys, as the flow model does,
//   and its replicas and per-replica capacity put its nominal utilisation at a drawn value in
//   [0.3, 0.7]. Timeouts are at least 20 mean response times of the callee's subtree.
// - Teams of four people with a weekly rotation and a three-level escalation policy, one SLO
//   and one SRE Workbook burn-rate rule per journey, a few threshold rules, the faults above.
// Deterministic for a given options.seed (named random streams "topology/...").
// Throws engine::InvariantError if the options are out of range.
model::Scenario generate_topology(const TopologyOptions& options);

// The shape of a scenario's journeys as the flow model walks them, and its nominal state.
struct TopologyShape {
  std::size_t tree_nodes = 0;      // Σ over journeys of FlowModel::call_tree(j).size()
  std::size_t max_tree_nodes = 0;  // the largest journey's
  int min_depth = 0;               // levels, over journeys
  int max_depth = 0;
  std::size_t max_fanout = 0;       // most children of one tree node
  std::size_t max_callers = 0;      // most distinct callers of one service
  std::size_t unused_services = 0;  // services no journey reaches
  double min_utilisation = 0.0;     // nominal, over services with load
  double max_utilisation = 0.0;
  double worst_journey_error = 0.0;  // nominal error ratio of the worst journey
};

// Returns the shape of `scenario` (builds a FlowModel and one nominal steady state).
TopologyShape describe_topology(const model::Scenario& scenario);

}  // namespace firedrill::bench
