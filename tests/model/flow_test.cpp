#include "sim/model/flow.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/check.hpp"
#include "sim/model/queueing.hpp"
#include "tests/graph_shapes.hpp"
#include "tests/model/test_scenarios.hpp"

using namespace firedrill::model;

namespace {
// Own latency of a service (base latency ms, capacity μ req/s per replica) on c replicas at
// utilisation rho: base latency + the M/M/c mean wait in queue, W − 1/μ (Erlang C; Kleinrock
// 1975), in ms.
double own_ms(double base_ms, int c, double mu, double rho) {
  return base_ms + 1000.0 * (mmc_mean_response_time(c, rho * c * mu, mu) - 1.0 / mu);
}
// E[min(T, timeout)] for exponential T with mean L.
double capped(double mean_ms, double timeout_ms) {
  return mean_ms * (1.0 - std::exp(-timeout_ms / mean_ms));
}
}  // namespace

TEST_CASE("FlowModel: a healthy journey succeeds and its latency is the M/M/c sum of its calls",
          "[flow]") {
  const Scenario s = testing::three_tier();
  const FlowModel model(s);
  const Segment seg = model.steady_state(nominal_flow_state(s));
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
  // Loads: every service sees the journey's 100 req/s once.
  for (std::size_t i = 0; i < s.services.size(); ++i)
    CHECK(seg.services[i].load_rps == Approx(100.0));
  CHECK(seg.services[1].utilisation == Approx(0.5));  // 100 / (2 × 100)
  // Every timeout here is at least 15 mean latencies away, so the calls' caps cost < 1e-6.
  const double db = own_ms(5.0, 2, 200.0, 0.25);
  const double recs = own_ms(30.0, 1, 200.0, 0.5);
  const double api = own_ms(20.0, 2, 100.0, 0.5) + db;
  const double frontend = own_ms(10.0, 4, 100.0, 0.25) + api + recs;
  CHECK(seg.journeys[0].mean_latency_ms == Approx(frontend).epsilon(1e-6));
}

TEST_CASE("FlowModel: a hard dependency's errors cascade to the journey, a soft one's do not",
          "[flow]") {
  const Scenario s = testing::three_tier();
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_error_ratio = 0.3;  // db, behind two hard calls
  CHECK(model.steady_state(state).journeys[0].good_rps == Approx(70.0));
  CHECK(model.steady_state(state).services[1].error_ratio == Approx(0.3));

  state = nominal_flow_state(s);
  state.services[3].injected_error_ratio = 1.0;  // recs is soft: the frontend degrades
  const Segment seg = model.steady_state(state);
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
  CHECK(seg.services[3].error_ratio == Approx(1.0));
}

TEST_CASE("FlowModel: crashed replicas cut capacity and load shedding rejects the excess",
          "[flow]") {
  Scenario s = testing::three_tier();
  s.services[1].load_shedding = true;
  // A timeout far above any latency here, so only shed load fails requests: the api at the
  // queueing cap (ρ = 0.99 on one replica, μ = 100/s) waits 0.99 / (100 − 99) s ≈ 1 s.
  s.calls[0].timeout_ms = 60'000.0;
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.journey_rate_rps[0] = 150.0;
  state.services[1].crashed_replicas = 1;  // api: 1 × 100 req/s left for 150 req/s
  const Segment seg = model.steady_state(state);
  CHECK(seg.services[1].utilisation == Approx(1.5));
  CHECK(seg.services[1].healthy_replicas == 1);
  // Overload error 1 − 1/ρ = 1/3 of the api's requests fail, and with them the journey's.
  CHECK(seg.journeys[0].good_rps == Approx(150.0 * (1.0 - 1.0 / 3.0)));

  state.services[1].crashed_replicas = 2;  // no healthy replica at all
  CHECK(model.steady_state(state).journeys[0].good_rps == Approx(0.0));
}

TEST_CASE("FlowModel: overload without load shedding grows a backlog whose wait times callers "
          "out, a full queue rejects the excess",
          "[flow]") {
  const Scenario s = testing::three_tier();
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.journey_rate_rps[0] = 101.0;  // just over the api's one remaining replica (100 req/s)
  state.services[1].crashed_replicas = 1;
  // The queue grows by λ − cμ = 1 request a second (fluid approximation; Newell, Applications
  // of Queueing Theory, ch. 2). Empty, it holds requests for the M/M/1 wait at the cap
  // ρ = 0.99, about 1 s: some time out, not all.
  const Segment empty = model.steady_state(state);
  CHECK(empty.services[1].backlog_growth_rps == Approx(1.0));
  CHECK(empty.services[1].capacity_rps == Approx(100.0));
  CHECK(empty.journeys[0].good_rps > 0.2 * 101.0);

  // 100 queued requests hold every new one for 100 / 100 s = 1 s, the frontend's timeout:
  // every call times out, and the frontend reports the full timeout.
  state.services[1].backlog = 100.0;
  const Segment backed_up = model.steady_state(state);
  CHECK(backed_up.journeys[0].good_rps == Approx(0.0));
  CHECK(backed_up.services[1].mean_latency_ms == Approx(s.calls[0].timeout_ms));
  CHECK(backed_up.services[1].backlog == 100.0);

  // Below capacity the backlog drains at cμ − λ.
  state.journey_rate_rps[0] = 50.0;
  CHECK(model.steady_state(state).services[1].backlog_growth_rps == Approx(-50.0));

  // With a waiting room of 50 requests per replica, a full queue stops growing and rejects the
  // excess, 1 − 1/ρ, at once. The rest wait 0.5 s behind it plus the api's own fixed 10 ms
  // and exponential M/M/1 part (mean 1 s at the cap): they time out at 1 s with probability
  // e^(−(1000 − 510)/1000); the db's few ms are why the match is to 2 %.
  Scenario limited = s;
  limited.services[1].queue_limit = 50;
  state.journey_rate_rps[0] = 101.0;
  state.services[1].backlog = 50.0;
  const Segment full = FlowModel(limited).steady_state(state);
  CHECK(full.services[1].backlog_growth_rps == 0.0);
  const double rho = 1.01;
  const double on_time = 1.0 - std::exp(-(1000.0 - 510.0) / 1000.0);
  CHECK(full.journeys[0].good_rps == Approx(101.0 / rho * on_time).epsilon(0.02));
}

TEST_CASE("FlowModel: a fan-out call must succeed on every call of a request", "[flow]") {
  Scenario s = testing::three_tier();
  s.calls[1].calls_per_request = 3.0;  // api calls db three times per request
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_error_ratio = 0.1;
  const Segment seg = model.steady_state(state);
  CHECK(seg.services[2].load_rps == Approx(300.0));
  CHECK(seg.journeys[0].good_rps == Approx(100.0 * std::pow(0.9, 3)));
}

TEST_CASE("FlowModel: latency beyond a call's timeout turns into errors", "[flow]") {
  Scenario s = testing::three_tier();
  s.calls[0].timeout_ms = 1e9;  // only the api → db call can time out
  s.journeys[0].timeout_ms = 1e9;
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  // db answers 900 ms later (a fixed delay) than its M/M/c response time m, one exponential
  // stage: a call with a 1 s timeout fails when that stage exceeds 100 ms, e^(−100/m), and
  // the api waits 900 + m(1 − e^(−100/m)) ms.
  state.services[2].injected_latency_ms = 900.0;
  const double m = own_ms(5.0, 2, 200.0, 0.25);
  Segment seg = model.steady_state(state);
  CHECK(seg.journeys[0].good_rps == Approx(100.0 * (1.0 - std::exp(-100.0 / m))));
  CHECK(seg.services[1].mean_latency_ms ==
        Approx(own_ms(20.0, 2, 100.0, 0.5) + 900.0 + capped(m, 100.0)));
  // 1.1 s later than usual, every call times out after waiting the full second.
  state.services[2].injected_latency_ms = 1100.0;
  seg = model.steady_state(state);
  CHECK(seg.journeys[0].good_rps == Approx(0.0));
  CHECK(seg.services[1].mean_latency_ms == Approx(own_ms(20.0, 2, 100.0, 0.5) + 1000.0));
}

TEST_CASE("FlowModel: a chain of k equal exponential stages times out as an Erlang-k",
          "[flow]") {
  // Four services, each one replica serving 10 req/s (100 ms of exponential work) at a
  // negligible 0.01 req/s, calling the next in a chain with no call timeouts: the journey's
  // response time is the sum of four iid exponentials, Erlang(4, 100 ms), whose tail is
  // e^(−t/m) Σ_{i<4} (t/m)^i / i!. Users give up at 600 ms. (An exponential with the same
  // 400 ms mean would give e^(−1.5) ≈ 0.22; the Erlang tail is ≈ 0.15.)
  Scenario s = testing::three_tier();
  s.services.clear();
  s.calls.clear();
  s.journeys[0].calls.clear();
  for (std::size_t i = 0; i < 4; ++i) {
    Service svc;
    svc.name = "s" + std::to_string(i);
    svc.capacity_rps = 10.0;
    svc.base_latency_ms = 100.0;
    s.services.push_back(svc);
    if (i > 0) {
      s.calls.push_back(testing::make_call(i - 1, i, true, 1e9));
      s.journeys[0].calls.push_back(i - 1);
    }
  }
  s.journeys[0].timeout_ms = 600.0;
  s.journeys[0].rate_rps = 0.01;
  const Segment seg = FlowModel(s).steady_state(nominal_flow_state(s));
  // At ρ = 0.001 each stage's mean is 100 ms × (1 + 0.001 + …): take it from the model's own
  // M/M/1 formula rather than round it.
  const double stage_ms = 1000.0 * mmc_mean_response_time(1, 0.01, 10.0);
  const double x = 600.0 / stage_ms;
  const double tail = std::exp(-x) * (1.0 + x + x * x / 2.0 + x * x * x / 6.0);
  CHECK(seg.journeys[0].good_rps == Approx(0.01 * (1.0 - tail)).epsilon(1e-9));
}

TEST_CASE("FlowModel: a cycle in the topology is walked once and a disabled call is skipped",
          "[flow]") {
  Scenario s = testing::three_tier();
  s.calls.push_back(testing::make_call(2, 1, true, 1000.0));  // db → api closes a cycle
  s.journeys[0].calls.push_back(3);
  const FlowModel model(s);
  CHECK(model.call_tree(0).size() == 4);  // frontend, api, db, recs: api is not re-entered
  FlowState state = nominal_flow_state(s);
  CHECK(model.steady_state(state).services[1].load_rps == Approx(100.0));

  state.services[2].injected_error_ratio = 1.0;
  state.call_disabled[1] = true;  // api stops calling db: db gets no load, the journey is fine
  const Segment seg = model.steady_state(state);
  CHECK(seg.services[2].load_rps == Approx(0.0));
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
}

TEST_CASE("retry_outcome: unbounded retries follow the geometric series, a budget caps them",
          "[flow]") {
  // r retries of independent attempts failing with probability q: attempts Σ_{i=0..r} q^i,
  // failure q^(r+1).
  const RetryOutcome free = retry_outcome(0.3, 3, std::nullopt);
  CHECK(free.attempts == Approx(1 + 0.3 + 0.09 + 0.027));
  CHECK(free.failure == Approx(std::pow(0.3, 4)));
  CHECK(retry_outcome(0.3, 0, std::nullopt).failure == Approx(0.3));
  // A 10 % budget binds (0.417 retries wanted): exactly 0.1 retries per call, and the failure
  // lies between the unbounded one and no retries at all.
  const RetryOutcome capped_retries = retry_outcome(0.3, 3, 0.1);
  CHECK(capped_retries.attempts == Approx(1.1));
  CHECK(capped_retries.failure > free.failure);
  CHECK(capped_retries.failure < 0.3);
  // A budget that does not bind changes nothing.
  CHECK(retry_outcome(0.3, 3, 0.5).failure == Approx(free.failure));
}

namespace {

// The share of checkouts that fail after losing one of the four payment replicas.
double failed_share_after_crash(const Scenario& s) {
  FlowState state = nominal_flow_state(s);
  state.services[1].crashed_replicas = 1;
  const Segment seg = FlowModel(s).steady_state(state);
  return 1.0 - seg.journeys[0].good_rps / seg.journeys[0].offered_rps;
}

// P(timeout) of one attempt on M/M/3, μ = 50/s, at arrival rate λ: e^(−100 ms / W), W the
// M/M/c mean response time (Erlang C) — the flow model's exponential response-time tail.
double p_timeout(double lambda) {
  return std::exp(-100.0 / (1000.0 * mmc_mean_response_time(3, lambda, 50.0)));
}

}  // namespace

TEST_CASE("FlowModel: a retry storm turns a partial capacity loss into a full outage, and a "
          "retry budget stops it",
          "[flow][retry]") {
  // Healthy (4 replicas, ρ = 0.675): three retries hide the rare timeouts.
  const Scenario storm = testing::payment_chain(4, 3, std::nullopt);
  const Segment healthy = FlowModel(storm).steady_state(nominal_flow_state(storm));
  CHECK(healthy.journeys[0].good_rps > 0.999 * 135.0);

  // One replica lost (ρ = 0.9 on 3 replicas). Without retries only the timeouts fail: a
  // partial outage of e^(−100/W) ≈ 26 %.
  const double no_retries = failed_share_after_crash(testing::payment_chain(4, 0, std::nullopt));
  CHECK(no_retries == Approx(p_timeout(135.0)));
  CHECK(no_retries < 0.5);
  CHECK(failed_share_after_crash(storm) > no_retries);

  // With three retries every timeout is retried and the extra load pushes ρ past 1: the queue
  // grows (λ − cμ > 0). Once its backlog holds a request for the 100 ms timeout (15 requests
  // on 3 × 50 req/s), every attempt times out: 4 × 135 req/s hit payment, nothing succeeds, and
  // the backlog keeps growing by 540 − 150 req/s. The storm sustains itself.
  FlowState crashed = nominal_flow_state(storm);
  crashed.services[1].crashed_replicas = 1;
  CHECK(FlowModel(storm).steady_state(crashed).services[1].backlog_growth_rps > 0.0);
  crashed.services[1].backlog = 15.0;
  const Segment collapsed = FlowModel(storm).steady_state(crashed);
  CHECK(collapsed.journeys[0].good_rps == Approx(0.0));
  CHECK(collapsed.services[1].load_rps == Approx(4 * 135.0));
  CHECK(collapsed.services[1].backlog_growth_rps == Approx(4 * 135.0 - 150.0));

  // A 5 % retry budget caps the extra load at 1.05 × 135 req/s (ρ = 0.945): worse than no
  // retries, but no backlog, so no collapse.
  const double budgeted = failed_share_after_crash(testing::payment_chain(4, 3, 0.05));
  CHECK(budgeted == Approx(retry_outcome(p_timeout(1.05 * 135.0), 3, 0.05).failure));
  CHECK(budgeted < 0.5);
  crashed.services[1].backlog = 0.0;
  CHECK(FlowModel(testing::payment_chain(4, 3, 0.05)).steady_state(crashed).services[1].backlog_growth_rps ==
        0.0);
}

TEST_CASE("FlowModel: a fractional fan-out mixes its whole numbers of calls", "[flow]") {
  // 1.5 calls per request to a db failing half its work: one call (success 0.5) or two
  // (success 0.25), each half the time, so 0.375 succeed, not 0.5^1.5 ≈ 0.354.
  Scenario s = testing::three_tier();
  s.calls[1].calls_per_request = 1.5;
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_error_ratio = 0.5;
  const Segment seg = FlowModel(s).steady_state(state);
  CHECK(seg.journeys[0].good_rps == Approx(100.0 * 0.375));
  CHECK(seg.services[2].load_rps == Approx(150.0));
}

TEST_CASE("FlowModel: an open circuit breaker fails calls at once and sheds the callee's load",
          "[flow][breaker]") {
  const Scenario s = testing::three_tier();
  const FlowModel model(s);
  FlowState state = nominal_flow_state(s);
  state.services[2].injected_error_ratio = 0.3;
  state.call_breaker_open[1] = true;  // api → db, hard
  Segment seg = model.steady_state(state);
  CHECK(seg.services[2].load_rps == 0.0);
  CHECK(seg.journeys[0].good_rps == 0.0);
  CHECK(seg.calls[1].breaker_open);
  CHECK(seg.calls[1].demand_rps == Approx(100.0));
  CHECK(seg.calls[1].attempts_rps == 0.0);
  CHECK(seg.calls[1].failure_ratio == Approx(0.3));  // what a half-open probe would meet

  state = nominal_flow_state(s);
  state.call_breaker_open[2] = true;  // frontend → recs, soft: the frontend falls back
  seg = model.steady_state(state);
  CHECK(seg.services[3].load_rps == 0.0);
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
}

TEST_CASE("FlowModel: an incremental recompute gives exactly what a fresh model gives",
          "[flow]") {
  // One model carried through a sequence of states (so each recompute reuses the previous
  // one's cache) against a fresh model per state: every reported number must be identical.
  const Scenario s = testing::payment_chain(4, 3, std::nullopt);
  const FlowModel carried(s);
  std::vector<FlowState> states(5, nominal_flow_state(s));
  states[1].services[1].crashed_replicas = 1;  // a retry-heavy state
  states[2].services[1].crashed_replicas = 1;
  states[2].services[1].backlog = 15.0;        // collapsed
  states[3].journey_rate_rps[0] = 100.0;       // only the rate moves
  states[4].call_error_ratio[0] = 0.2;         // only a call moves
  for (std::size_t i = 0; i < states.size(); ++i) {
    INFO("state " << i);
    const Segment a = carried.steady_state(states[i]);
    const Segment b = FlowModel(s).steady_state(states[i]);
    for (std::size_t j = 0; j < a.journeys.size(); ++j) {
      CHECK(a.journeys[j].good_rps == b.journeys[j].good_rps);
      CHECK(a.journeys[j].mean_latency_ms == b.journeys[j].mean_latency_ms);
    }
    for (std::size_t k = 0; k < a.services.size(); ++k) {
      CHECK(a.services[k].load_rps == b.services[k].load_rps);
      CHECK(a.services[k].error_ratio == b.services[k].error_ratio);
      CHECK(a.services[k].mean_latency_ms == b.services[k].mean_latency_ms);
      CHECK(a.services[k].backlog_growth_rps == b.services[k].backlog_growth_rps);
    }
    for (std::size_t c = 0; c < a.calls.size(); ++c) {
      CHECK(a.calls[c].attempts_rps == b.calls[c].attempts_rps);
      CHECK(a.calls[c].failure_ratio == b.calls[c].failure_ratio);
    }
  }
}

namespace {
// Journeys whose call trees are built from the graph's shape alone: every service one replica
// of ample capacity, every call hard with a long timeout, the journey over every call.
Scenario shaped(std::size_t services, const std::vector<std::pair<std::size_t, std::size_t>>& edges) {
  Scenario s = testing::three_tier();
  s.services.clear();
  for (std::size_t i = 0; i < services; ++i)
    s.services.push_back({"s" + std::to_string(i), 0, 1, 1e6, 1.0});
  s.calls.clear();
  s.journeys[0].calls.clear();
  for (const auto& [from, to] : edges) {
    s.journeys[0].calls.push_back(s.calls.size());
    s.calls.push_back(testing::make_call(from, to, true, 1e6));
  }
  s.journeys[0].entry_service = 0;
  return s;
}

// A chain s0 → s1 → … → s(n−1).
Scenario chain(std::size_t n) {
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  for (std::size_t i = 0; i + 1 < n; ++i) edges.emplace_back(i, i + 1);
  return shaped(n, edges);
}

// A two-wide diamond of `layers` layers below the entry s0 (tests/graph_shapes.hpp): its tree
// has 2^(layers+1) − 1 nodes.
Scenario diamond(std::size_t layers) {
  return shaped(1 + 2 * layers, firedrill::testing::diamond_edges(layers));
}

// The recursive expansion FlowModel used before it became iterative: the reference for the
// order of the nodes.
void expand_recursively(const Scenario& s, std::size_t node, std::vector<bool>& on_path,
                        std::vector<FlowModel::Node>& tree) {
  const std::size_t service = tree[node].service;
  on_path[service] = true;
  for (const std::size_t c : s.journeys[0].calls) {
    if (s.calls[c].caller != service || on_path[s.calls[c].callee]) continue;
    tree.push_back({s.calls[c].callee, c, node, s.calls[c].calls_per_request});
    expand_recursively(s, tree.size() - 1, on_path, tree);
  }
  on_path[service] = false;
}
}  // namespace

TEST_CASE("expand_call_tree: a chain of 60,000 calls expands without recursion, or stops at the "
          "limit",
          "[flow]") {
  const Scenario s = chain(60'001);
  const auto tree = expand_call_tree(s, s.journeys[0], 100'000);
  REQUIRE(tree);
  REQUIRE(tree->size() == 60'001);
  CHECK(tree->back().service == 60'000);
  CHECK(tree->back().parent == 59'999);
  CHECK_FALSE(expand_call_tree(s, s.journeys[0], kMaxCallTreeNodes));
  const CallTreeSize size = call_tree_size(s, s.journeys[0], kMaxCallTreeNodes);
  CHECK(size.exact);
  CHECK(size.nodes == 60'001.0);
  CHECK_THROWS_AS(FlowModel(s), firedrill::engine::InvariantError);
}

TEST_CASE("call_tree_size: 24- and 40-layer diamonds are counted, never expanded", "[flow]") {
  for (const std::size_t layers : {3, 12, 13, 24, 40, 1100}) {
    CAPTURE(layers);
    const Scenario s = diamond(layers);
    const CallTreeSize size = call_tree_size(s, s.journeys[0], kMaxCallTreeNodes);
    if (layers > 1000) {
      CHECK_FALSE(size.exact);  // 2^1101 paths: beyond a double
      continue;
    }
    CHECK(size.exact);
    CHECK(size.nodes == std::ldexp(1.0, static_cast<int>(layers) + 1) - 1.0);
    CHECK(expand_call_tree(s, s.journeys[0], kMaxCallTreeNodes).has_value() ==
          (size.nodes <= double(kMaxCallTreeNodes)));
  }
}

TEST_CASE("call_tree_size: a cycle too large to expand is reported as above the limit", "[flow]") {
  // Eight services all calling each other: the tree has a node per simple path from s0,
  // Σ_{k=0..7} 7!/(7−k)! = 13,700.
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  for (std::size_t a = 0; a < 8; ++a)
    for (std::size_t b = 0; b < 8; ++b)
      if (a != b) edges.emplace_back(a, b);
  const Scenario s = shaped(8, edges);
  CHECK(expand_call_tree(s, s.journeys[0], 13'700)->size() == 13'700);
  CHECK_FALSE(expand_call_tree(s, s.journeys[0], 13'699));
  const CallTreeSize size = call_tree_size(s, s.journeys[0], 10'000);
  CHECK_FALSE(size.exact);
  CHECK(call_tree_size(s, s.journeys[0], 20'000).nodes == 13'700.0);
}

TEST_CASE("expand_call_tree: nodes come in the recursive walk's preorder, children in the "
          "journey's order",
          "[flow]") {
  // Six services, calls listed in a scrambled order, with cycles and a shared callee.
  const Scenario s = shaped(6, {{3, 4}, {0, 2}, {2, 3}, {4, 0}, {0, 1}, {1, 3}, {3, 1}, {2, 5},
                                {5, 2}, {4, 5}, {1, 2}});
  std::vector<bool> on_path(s.services.size(), false);
  std::vector<FlowModel::Node> reference{{0, FlowModel::kNoCall, FlowModel::kNoCall, 1.0}};
  expand_recursively(s, 0, on_path, reference);
  const auto tree = expand_call_tree(s, s.journeys[0], kMaxCallTreeNodes);
  REQUIRE(tree);
  REQUIRE(tree->size() == reference.size());
  for (std::size_t n = 0; n < tree->size(); ++n) {
    CAPTURE(n);
    CHECK((*tree)[n].service == reference[n].service);
    CHECK((*tree)[n].call == reference[n].call);
    CHECK((*tree)[n].parent == reference[n].parent);
  }
}

TEST_CASE("FlowModel: a diamond's shared services carry the load of every path to them",
          "[flow]") {
  // Three layers: a service of layer k is reached by 2^(k−1) paths, each carrying the journey's
  // 100 req/s once (one call per request).
  const Scenario s = diamond(3);
  const FlowModel model(s);
  CHECK(model.call_tree(0).size() == 15);  // 2^4 − 1
  const Segment seg = model.steady_state(nominal_flow_state(s));
  CHECK(seg.services[0].load_rps == Approx(100.0));
  for (std::size_t k = 1; k <= 3; ++k) {
    CAPTURE(k);
    CHECK(seg.services[2 * k - 1].load_rps == Approx(100.0 * std::ldexp(1.0, int(k) - 1)));
    CHECK(seg.services[2 * k].load_rps == Approx(100.0 * std::ldexp(1.0, int(k) - 1)));
  }
  CHECK(seg.journeys[0].good_rps == Approx(100.0));
}
