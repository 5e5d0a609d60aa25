#pragma once
// The flow-level model: the steady state of the call graph for constant rates and conditions.

#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// What faults and mitigations currently do to one service.
struct ServiceCondition {
  int crashed_replicas = 0;
  int extra_replicas = 0;             // added by scale-out
  double injected_error_ratio = 0.0;  // share of its own work that fails, 0–1
  double injected_latency_ms = 0.0;   // added to its own mean latency, ms
  double capacity_factor = 1.0;       // each replica serves capacity_rps × this, 0–1
  bool load_shedding = false;         // turned on by the shed_load mitigation
  // Requests queued by an earlier overload and not yet served (the world integrates it over
  // time from ServiceFlow::backlog_growth_rps). Each waits backlog / capacity seconds for them.
  double backlog = 0.0;

  friend bool operator==(const ServiceCondition&, const ServiceCondition&) = default;
};

// Returns the replicas of `service` that serve under `cond`: replicas − crashed + extra, >= 0.
int healthy_replicas(const Service& service, const ServiceCondition& cond);

// Returns the most requests `service` in condition `cond` can hold as a backlog on `healthy`
// replicas: 0 while shedding load (cond's, or the service's without a queue_limit); else
// queue_limit per replica; +infinity with neither.
double backlog_limit(const Service& service, const ServiceCondition& cond, int healthy);

// The inputs of one steady state: conditions per service and call, and each journey's rate.
struct FlowState {
  std::vector<ServiceCondition> services;  // indexed like Scenario::services
  std::vector<double> call_error_ratio;    // injected failures per call, 0–1
  std::vector<bool> call_disabled;         // turned off by a feature flag: the caller skips it
  std::vector<bool> call_breaker_open;     // its circuit breaker fails every call at once
  std::vector<double> journey_rate_rps;    // current offered rate per journey, req/s
};

// The result of retrying a call whose attempts each fail with probability `attempt_failure`.
struct RetryOutcome {
  double attempts = 1.0;  // expected attempts per call, 1 + expected retries
  double failure = 0.0;   // probability that the call fails after its retries
};

// Returns the outcome of a call with up to `retries` retries of independent attempts. Without a
// budget: attempts = Σ_{i=0..r} q^i, failure = q^(r+1). A retry budget caps the expected retries
// per call (the token-bucket throttles of gRPC and Finagle): failed attempts are then retried
// with the probability f that spends exactly the budget. Cost O(retries × 60).
RetryOutcome retry_outcome(double attempt_failure, int retries, std::optional<double> budget);

// Above this utilisation the M/M/c wait is held constant: overload shows up as shed load or as a
// backlog that grows over time (ServiceCondition::backlog), not as an ever longer mean wait.
constexpr double kMaxQueueingUtilisation = 0.99;

// Returns a service's mean latency when idle, ms: its base latency, but never less than one
// service time 1/μ with μ = capacity_rps × capacity_factor (a replica cannot answer faster than
// it serves).
double unloaded_latency_ms(const Service& service, double capacity_factor = 1.0);

// Returns the state of a scenario with no faults, at the journeys' base rates.
FlowState nominal_flow_state(const Scenario& scenario);

// Computes steady states. Each journey is expanded once into a call tree: from the entry
// service along the journey's calls, never re-entering a service already on the path (so
// topology cycles are walked once). A tree has a node per path of calls from the entry, so a DAG
// of shared services can have exponentially many: the scenario loader refuses a journey with more
// than kMaxCallTreeNodes, and the constructor throws InvariantError on one. Per service:
//   capacity = healthy replicas × capacity_rps; ρ = load / capacity; every request fails at
//   capacity 0;
//   own latency = unloaded latency + injected latency + Wq + backlog / capacity, with
//   Wq = C(c, a)/(cμ − λ) the M/M/c mean wait in queue (Erlang C; Kleinrock 1975),
//   c = healthy replicas, μ = capacity_rps, a = min(ρ, 0.99)·c: a replica is one server whose
//   service time averages 1/μ;
//   overload (ρ ≥ 1) queues the excess: the segment reports backlog_growth_rps = λ − cμ, and
//   the backlog drains at cμ − λ once load falls below capacity (the fluid approximation of a
//   queue; Newell, Applications of Queueing Theory, ch. 2). As the backlog's wait passes the
//   callers' timeouts, their attempts time out (and are retried): congestion collapse, over
//   time. A full backlog (backlog_limit; at once with load shedding) rejects the excess
//   instead: error = 1 − 1/ρ.
// Per call, the callee's response time is a fixed part (base latency beyond one service time,
// injected latency, retry backoff) plus a random part taken as Gamma with its mean and variance:
// one station's queueing and service are exponential (exact for M/M/1: with no fixed part a
// call times out with probability e^(−timeout/L) and costs the caller
// E[min(T, timeout)] = L(1 − e^(−timeout/L))), and each call it makes adds the moments of
// min(T_callee, timeout), so a chain of calls has the lighter tail a sum of stages has. A
// fractional fan-out k makes ⌊k⌋ calls, and one more with probability frac(k). A hard call succeeds only if the callee succeeds,
// the call is not failed by injection and does not time out, for each of its calls per request;
// a soft call's failure is ignored. A call with retries repeats a failed or timed-out attempt
// (retry_outcome); every attempt loads the callee, and the load, the failures and the attempts
// are solved together as a fixed point, so retry storms emerge. Users give up after the
// journey's timeout. Latency quantiles (p50, p99) are those of the same fixed part plus Gamma:
// for a journey, its response time capped at the users' timeout; for a service, the mixture of
// what its callers wait, matched by its mean and variance. Cost: the size of the journeys' call trees per pass; one pass without
// retries, a few to a few dozen with them. Incremental: each pass remembers its inputs and
// results, and the same pass of the next steady state re-walks (the incomplete gamma functions,
// nearly all of the cost) only the journeys that contain a service or call whose inputs
// changed; the rest is a linear sum over the trees. The results are identical to a fresh
// model's. Not thread-safe: one FlowModel per run.
class FlowModel {
 public:
  // REQUIRES: every journey's call tree has at most kMaxCallTreeNodes nodes (call_tree_size).
  explicit FlowModel(const Scenario& scenario);
  // A copy (a forked run's) carries the passes' caches, so its next steady state costs what
  // the original's would.
  FlowModel(const FlowModel& other);
  FlowModel& operator=(const FlowModel&) = delete;
  ~FlowModel();

  // Returns the flows of every journey and service for `state` (start and end left at 0).
  Segment steady_state(const FlowState& state) const;

  // One node of a journey's call tree, in depth-first preorder; the root has call == kNoCall.
  struct Node {
    std::size_t service = 0;
    std::size_t call = kNoCall;  // the edge from the parent
    std::size_t parent = kNoCall;
    double calls_per_parent = 1.0;
  };
  static constexpr std::size_t kNoCall = std::numeric_limits<std::size_t>::max();

  const std::vector<Node>& call_tree(std::size_t journey) const { return trees_[journey]; }

 private:
  struct JourneyResult;
  struct PassCache;
  static constexpr int kCachedPasses = 8;  // later passes share the last pass's cache

  // One pass of steady_state for given attempts per tree node; writes the attempts that the
  // resulting failures imply into `next_attempts`, and updates `cache` (this pass's).
  Segment evaluate(const FlowState& state, const std::vector<std::vector<double>>& attempts,
                   std::vector<std::vector<double>>& next_attempts, PassCache& cache) const;
  // Walks journey j's call tree bottom-up over cache.own into cache.journeys[j].
  void walk_journey(std::size_t j, const FlowState& state, PassCache& cache) const;

  const Scenario& scenario_;
  std::vector<std::vector<Node>> trees_;  // per journey
  // Journey indices in order of name: sums over journeys run in this order, so that a steady
  // state does not depend on the order of the scenario's journeys (to the last bit).
  std::vector<std::size_t> journey_order_;
  std::vector<std::vector<std::size_t>> journeys_of_service_;  // journeys whose tree holds it
  std::vector<std::vector<std::size_t>> journeys_of_call_;
  mutable std::vector<std::unique_ptr<PassCache>> pass_caches_;
};

// The most nodes one journey's call tree may have, and all journeys' trees together: a steady
// state costs about a microsecond per node and pass (docs/performance.md), so a tree at the limit
// takes about 10 ms per pass. Real topologies stay far below (the largest generated journey of
// docs/performance.md has 453 nodes; the bundled ones have 40 in all).
constexpr std::size_t kMaxCallTreeNodes = 10'000;
constexpr std::size_t kMaxCallTreeNodesTotal = 100'000;

// Returns the call tree of `journey` as FlowModel expands it (depth-first preorder, children in
// the order of the journey's calls), or nullopt as soon as it would have more than `max_nodes`
// nodes. Iterative, so a chain of any depth is safe; cost O(calls × log calls + min(size,
// max_nodes) × the most calls one service makes in the journey).
std::optional<std::vector<FlowModel::Node>> expand_call_tree(const Scenario& scenario,
                                                             const Journey& journey,
                                                             std::size_t max_nodes);

// The size of a journey's call tree: `nodes` exactly when at most `limit`; above it, the exact
// count when the journey's calls reachable from its entry form no cycle (the number of paths
// from the entry, which may exceed 2^53 and is then rounded), else only that it is above.
struct CallTreeSize {
  double nodes = 0.0;
  bool exact = true;  // false: more than `limit`, how many more unknown (a cycle)
};

// Returns the size of `journey`'s call tree. Cost O(calls × log calls + min(size, limit) × the
// most calls one service makes in the journey); never expands more than `limit` nodes.
CallTreeSize call_tree_size(const Scenario& scenario, const Journey& journey, std::size_t limit);

}  // namespace firedrill::model
