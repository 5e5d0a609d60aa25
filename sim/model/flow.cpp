#include "sim/model/flow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "sim/engine/check.hpp"
#include "sim/model/queueing.hpp"

namespace firedrill::model {
namespace {

// A journey's calls ordered by caller, each caller's in the journey's order: the calls a service
// makes are then one equal_range.
struct CallsByCaller {
  std::vector<std::pair<std::size_t, std::size_t>> calls;  // (caller, call), sorted

  CallsByCaller(const Scenario& scenario, const Journey& journey) {
    calls.reserve(journey.calls.size());
    for (const std::size_t c : journey.calls) calls.emplace_back(scenario.calls[c].caller, c);
    std::stable_sort(calls.begin(), calls.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  // Returns [first, last) of the calls `service` makes.
  std::pair<std::size_t, std::size_t> of(std::size_t service) const {
    const auto [lo, hi] = std::equal_range(
        calls.begin(), calls.end(), std::pair{service, std::size_t{0}},
        [](const auto& a, const auto& b) { return a.first < b.first; });
    return {static_cast<std::size_t>(lo - calls.begin()),
            static_cast<std::size_t>(hi - calls.begin())};
  }
};

// Mean wait in queue, seconds, of M/M/c at utilisation rho: Wq = C(c, a) / (cμ − λ).
double mmc_mean_wait(int servers, double mu, double rho) {
  const double a = rho * servers;
  return erlang_c(servers, a) / (servers * mu - a * mu);
}

// Boost.Math evaluates double functions in long double by default; double is accurate enough for
// probabilities and several times faster (the incomplete gamma functions dominate a recompute).
using GammaPolicy =
    boost::math::policies::policy<boost::math::policies::promote_double<false>>;

// Passes of the retry fixed point: stop when no call's attempts move by more than this.
constexpr double kAttemptsTolerance = 1e-9;
constexpr int kMaxRetryPasses = 1000;

// A response time T = fixed + X, ms: a deterministic part (fixed delays, injected latency,
// backoff) and a random part X with mean `mean` and variance `var` (queueing and service).
struct ResponseTime {
  double fixed = 0.0;
  double mean = 0.0;
  double var = 0.0;
  double total() const { return fixed + mean; }
};

// A caller's view of one attempt with a timeout: the chance it times out, and the time the
// caller waits, min(T, timeout), split the same way.
struct CallTiming {
  double p_timeout = 0.0;
  ResponseTime waited;
};

// The random part X is taken as Gamma with X's mean and variance (shape α = mean²/var, scale
// θ = var/mean): exponential (α = 1, exact for M/M/1) for one station, and tighter for a sum of
// sequential calls, as a sum of independent stages is. With r = timeout − fixed, x = r/θ and P,
// Q the regularized incomplete gamma functions: P(T > timeout) = Q(α, x),
// E[min(X, r)] = αθ·P(α+1, x) + r·Q(α, x), E[min(X, r)²] = α(α+1)θ²·P(α+2, x) + r²·Q(α, x).
// A fixed part beyond the timeout always times out.
CallTiming call_timing(ResponseTime t, double timeout_ms) {
  if (t.fixed >= timeout_ms) return {1.0, {timeout_ms, 0.0, 0.0}};
  const double r = timeout_ms - t.fixed;
  if (t.mean <= 0.0) return {0.0, t};
  if (t.var <= 0.0) {
    return t.mean > r ? CallTiming{1.0, {timeout_ms, 0.0, 0.0}} : CallTiming{0.0, t};
  }
  const double alpha = t.mean * t.mean / t.var;
  const double theta = t.var / t.mean;
  const double x = r / theta;
  const double q = boost::math::gamma_q(alpha, x, GammaPolicy());
  const double m1 = alpha * theta * boost::math::gamma_p(alpha + 1.0, x, GammaPolicy()) + r * q;
  const double m2 =
      alpha * (alpha + 1.0) * theta * theta * boost::math::gamma_p(alpha + 2.0, x, GammaPolicy()) + r * r * q;
  return {q, {t.fixed, m1, std::max(0.0, m2 - m1 * m1)}};
}

// Returns the q-quantile of T = fixed + X, ms, X taken as Gamma with its mean and variance (as
// call_timing does). 0 < q < 1.
double quantile_ms(const ResponseTime& t, double q) {
  if (t.mean <= 0.0 || t.var <= 0.0) return t.total();
  const double alpha = t.mean * t.mean / t.var;
  return t.fixed + t.var / t.mean * boost::math::gamma_p_inv(alpha, q, GammaPolicy());
}

// Returns the chance that all of k calls succeed, each with probability p, for a mean fan-out
// k: ⌊k⌋ calls, plus one more with probability frac(k).
double all_succeed(double p, double k) {
  const double whole = std::floor(k);
  const double frac = k - whole;
  return (1.0 - frac) * std::pow(p, whole) + frac * std::pow(p, whole + 1.0);
}

struct ServiceOwn {
  int healthy = 0;
  double capacity_rps = 0.0;
  double utilisation = 0.0;
  double backlog_growth_rps = 0.0;
  double success = 1.0;  // share of its own work that succeeds
  ResponseTime time;     // of its own work, ms
};

// What a journey's bottom-up pass reads of a service: a change here invalidates it.
bool same_response(const ServiceOwn& a, const ServiceOwn& b) {
  return a.success == b.success && a.time.fixed == b.time.fixed && a.time.mean == b.time.mean &&
         a.time.var == b.time.var;
}

ServiceOwn own_state(const Service& service, const ServiceCondition& cond, double load_rps) {
  ServiceOwn own;
  own.healthy = healthy_replicas(service, cond);
  const double mu = service.capacity_rps * cond.capacity_factor;
  own.capacity_rps = own.healthy * mu;
  if (own.healthy == 0) {
    own.success = 0.0;  // refused at once
    return own;
  }
  own.utilisation = load_rps / own.capacity_rps;
  // A queue grows while overloaded and drains while it holds a backlog; once full, it rejects
  // what would queue beyond capacity.
  if (own.utilisation >= 1.0 || cond.backlog > 0.0) {
    own.backlog_growth_rps = load_rps - own.capacity_rps;
  }
  const bool full = cond.backlog >= backlog_limit(service, cond, own.healthy);
  if (full) own.backlog_growth_rps = std::min(0.0, own.backlog_growth_rps);
  const double overload_error = full && own.utilisation > 1.0 ? 1.0 - 1.0 / own.utilisation : 0.0;
  own.success = (1.0 - overload_error) * (1.0 - cond.injected_error_ratio);
  // Queue wait and service form the random part (one exponential stage, exact for M/M/1); what
  // the base latency adds beyond a service time, injected latency, and the wait behind the
  // backlog are fixed delays.
  const double service_ms = 1000.0 / mu;
  const double rho = std::min(own.utilisation, kMaxQueueingUtilisation);
  own.time.fixed = unloaded_latency_ms(service, cond.capacity_factor) - service_ms +
                   cond.injected_latency_ms + 1000.0 * cond.backlog / own.capacity_rps;
  own.time.mean = service_ms + 1000.0 * mmc_mean_wait(own.healthy, mu, rho);
  own.time.var = own.time.mean * own.time.mean;
  return own;
}

}  // namespace

int healthy_replicas(const Service& service, const ServiceCondition& cond) {
  return std::max(0, service.replicas - cond.crashed_replicas + cond.extra_replicas);
}

double backlog_limit(const Service& service, const ServiceCondition& cond, int healthy) {
  if (cond.load_shedding) return 0.0;
  if (service.queue_limit) return static_cast<double>(*service.queue_limit) * healthy;
  return service.load_shedding ? 0.0 : std::numeric_limits<double>::infinity();
}

double unloaded_latency_ms(const Service& service, double capacity_factor) {
  return std::max(service.base_latency_ms, 1000.0 / (service.capacity_rps * capacity_factor));
}

FlowState nominal_flow_state(const Scenario& scenario) {
  FlowState state;
  state.services.resize(scenario.services.size());
  state.call_error_ratio.assign(scenario.calls.size(), 0.0);
  state.call_disabled.assign(scenario.calls.size(), false);
  state.call_breaker_open.assign(scenario.calls.size(), false);
  for (const Journey& j : scenario.journeys) state.journey_rate_rps.push_back(j.rate_rps);
  return state;
}

std::optional<std::vector<FlowModel::Node>> expand_call_tree(const Scenario& scenario,
                                                             const Journey& journey,
                                                             std::size_t max_nodes) {
  using Node = FlowModel::Node;
  const CallsByCaller by_caller(scenario, journey);
  std::vector<Node> tree{{journey.entry_service, FlowModel::kNoCall, FlowModel::kNoCall, 1.0}};
  if (max_nodes < 1) return std::nullopt;
  // Depth-first with an explicit stack (a chain of calls can be as deep as the scenario is
  // long): per node on the path, the next of its service's calls to try. Children come in the
  // journey's order and are numbered in preorder, as a recursive walk would number them.
  struct Frame {
    std::size_t node;
    std::size_t next;  // into by_caller.calls
    std::size_t end;
  };
  std::vector<bool> on_path(scenario.services.size(), false);
  std::vector<Frame> stack;
  const auto enter = [&](std::size_t node) {
    const std::size_t service = tree[node].service;
    on_path[service] = true;
    const auto [first, last] = by_caller.of(service);
    stack.push_back({node, first, last});
  };
  enter(0);
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.end) {
      on_path[tree[top.node].service] = false;
      stack.pop_back();
      continue;
    }
    const std::size_t c = by_caller.calls[top.next++].second;
    const Call& call = scenario.calls[c];
    if (on_path[call.callee]) continue;
    if (tree.size() == max_nodes) return std::nullopt;
    tree.push_back({call.callee, c, top.node, call.calls_per_request});
    enter(tree.size() - 1);  // invalidates `top`
  }
  return tree;
}

CallTreeSize call_tree_size(const Scenario& scenario, const Journey& journey, std::size_t limit) {
  if (const auto tree = expand_call_tree(scenario, journey, limit))
    return {static_cast<double>(tree->size()), true};
  // Too many to expand. Without a cycle no service is ever on its own path, so the tree has a
  // node per path from the entry: count them over a topological order (Kahn's algorithm) of
  // the services the entry reaches.
  const CallsByCaller by_caller(scenario, journey);
  const std::size_t n = scenario.services.size();
  std::vector<bool> reached(n, false);
  std::vector<std::size_t> order{journey.entry_service};
  reached[journey.entry_service] = true;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const auto [first, last] = by_caller.of(order[k]);
    for (std::size_t i = first; i < last; ++i) {
      const std::size_t callee = scenario.calls[by_caller.calls[i].second].callee;
      if (!reached[callee]) {
        reached[callee] = true;
        order.push_back(callee);
      }
    }
  }
  std::vector<std::size_t> in_degree(n, 0);
  for (const std::size_t s : order) {
    const auto [first, last] = by_caller.of(s);
    for (std::size_t i = first; i < last; ++i)
      ++in_degree[scenario.calls[by_caller.calls[i].second].callee];
  }
  std::vector<double> paths(n, 0.0);
  paths[journey.entry_service] = 1.0;
  std::vector<std::size_t> ready;
  if (in_degree[journey.entry_service] == 0) ready.push_back(journey.entry_service);
  std::size_t done = 0;
  double nodes = 0.0;
  while (!ready.empty()) {
    const std::size_t s = ready.back();
    ready.pop_back();
    ++done;
    nodes += paths[s];
    const auto [first, last] = by_caller.of(s);
    for (std::size_t i = first; i < last; ++i) {
      const std::size_t callee = scenario.calls[by_caller.calls[i].second].callee;
      paths[callee] += paths[s];
      if (--in_degree[callee] == 0) ready.push_back(callee);
    }
  }
  if (done < order.size() || !std::isfinite(nodes))  // a cycle, or beyond a double
    return {static_cast<double>(limit), false};
  return {nodes, true};
}

FlowModel::FlowModel(const Scenario& scenario) : scenario_(scenario) {
  for (const Journey& journey : scenario.journeys) {
    auto tree = expand_call_tree(scenario, journey, kMaxCallTreeNodes);
    FIREDRILL_CHECK(tree, "journey \"" + journey.name + "\" has more than " +
                              std::to_string(kMaxCallTreeNodes) +
                              " call-tree nodes; the scenario loader refuses such journeys");
    trees_.push_back(std::move(*tree));
  }
  journey_order_.resize(trees_.size());
  std::iota(journey_order_.begin(), journey_order_.end(), std::size_t{0});
  std::sort(journey_order_.begin(), journey_order_.end(),
            [&scenario](std::size_t a, std::size_t b) {
              return scenario.journeys[a].name < scenario.journeys[b].name;
            });
  journeys_of_service_.resize(scenario.services.size());
  journeys_of_call_.resize(scenario.calls.size());
  for (std::size_t j = 0; j < trees_.size(); ++j) {
    for (const Node& node : trees_[j]) {
      auto& of_service = journeys_of_service_[node.service];
      if (of_service.empty() || of_service.back() != j) of_service.push_back(j);
      if (node.call == kNoCall) continue;
      auto& of_call = journeys_of_call_[node.call];
      if (of_call.empty() || of_call.back() != j) of_call.push_back(j);
    }
  }
}

FlowModel::FlowModel(const FlowModel& other)
    : scenario_(other.scenario_),
      trees_(other.trees_),
      journey_order_(other.journey_order_),
      journeys_of_service_(other.journeys_of_service_),
      journeys_of_call_(other.journeys_of_call_) {
  for (const auto& cache : other.pass_caches_)
    pass_caches_.push_back(std::make_unique<PassCache>(*cache));
}

FlowModel::~FlowModel() = default;

// What one pass of the bottom-up walk computed for one journey, per tree node.
struct FlowModel::JourneyResult {
  std::vector<double> success;          // the node answers successfully, 0–1
  std::vector<ResponseTime> seen;       // what its caller (or the user) waits, ms
  ResponseTime root;                    // the journey's response time before the user gives up
  std::vector<double> attempt_failure;  // one attempt of the node's call fails, 0–1
  std::vector<double> attempts;         // attempts per call its failures imply
};

// The inputs and results of the k-th pass of the previous solve. Pass k of the next solve
// re-walks only the journeys that contain a service or call whose inputs differ from it.
struct FlowModel::PassCache {
  std::vector<double> load_rps;
  std::vector<ServiceCondition> conditions;
  std::vector<ServiceOwn> own;
  std::vector<double> call_error_ratio;
  std::vector<bool> call_disabled;
  std::vector<bool> call_breaker_open;
  std::vector<JourneyResult> journeys;
};

Segment FlowModel::steady_state(const FlowState& state) const {
  // Retries make load depend on failures and failures on load. Starting from one attempt per
  // call, each pass recomputes the attempts from the failures the previous pass's load causes.
  // Every step is monotone (more attempts → more load → more failures → more attempts), so the
  // passes rise to the least fixed point: the retry storm, if the system has one.
  std::vector<std::vector<double>> attempts(trees_.size());
  for (std::size_t j = 0; j < trees_.size(); ++j) attempts[j].assign(trees_[j].size(), 1.0);
  Segment seg;
  for (int pass = 0;; ++pass) {
    std::vector<std::vector<double>> next = attempts;
    if (static_cast<std::size_t>(pass) == pass_caches_.size() && pass < kCachedPasses)
      pass_caches_.push_back(std::make_unique<PassCache>());
    seg = evaluate(state, attempts, next,
                   *pass_caches_[std::min(pass, kCachedPasses - 1)]);
    double change = 0.0;
    for (std::size_t j = 0; j < next.size(); ++j)
      for (std::size_t n = 0; n < next[j].size(); ++n)
        change = std::max(change, std::abs(next[j][n] - attempts[j][n]));
    if (change < kAttemptsTolerance || pass == kMaxRetryPasses) break;
    attempts = std::move(next);
  }
  return seg;
}

void FlowModel::walk_journey(std::size_t j, const FlowState& state, PassCache& cache) const {
  const std::vector<ServiceOwn>& own = cache.own;
  JourneyResult& out = cache.journeys[j];
  const auto& tree = trees_[j];
  const std::size_t n_nodes = tree.size();
  out.success.resize(n_nodes);
  out.seen.assign(n_nodes, ResponseTime{});
  out.attempt_failure.assign(n_nodes, 0.0);
  out.attempts.assign(n_nodes, 1.0);
  // A node's response time is its own work's, plus what its calls' attempts make it wait.
  std::vector<ResponseTime> time(n_nodes);
  for (std::size_t n = 0; n < n_nodes; ++n) {
    out.success[n] = own[tree[n].service].success;
    time[n] = own[tree[n].service].time;
  }
  // Bottom-up (reverse preorder visits children before parents). What a caller sees of a node
  // is capped by its timeout, so every reported latency is finite.
  for (std::size_t n = n_nodes; n-- > 1;) {
    const Node& node = tree[n];
    if (state.call_disabled[node.call]) continue;
    const Call& call = scenario_.calls[node.call];
    const CallTiming timing = call_timing(time[n], call.timeout_ms);
    out.attempt_failure[n] =
        1.0 - (1.0 - state.call_error_ratio[node.call]) * out.success[n] * (1.0 - timing.p_timeout);
    if (state.call_breaker_open[node.call]) {
      // Fails at once, without an attempt; a soft caller falls back.
      if (call.hard) out.success[node.parent] *= all_succeed(0.0, node.calls_per_parent);
      continue;
    }
    out.seen[n] = timing.waited;
    const RetryOutcome outcome =
        retry_outcome(out.attempt_failure[n], call.retries, call.retry_budget);
    out.attempts[n] = outcome.attempts;
    const double calls = node.calls_per_parent * outcome.attempts;
    ResponseTime& parent = time[node.parent];
    parent.fixed += calls * timing.waited.fixed +
                    node.calls_per_parent * (outcome.attempts - 1.0) * call.retry_backoff_ms;
    parent.mean += calls * timing.waited.mean;
    parent.var += calls * timing.waited.var;
    if (call.hard) {
      out.success[node.parent] *= all_succeed(1.0 - outcome.failure, node.calls_per_parent);
    }
  }
  // Users give up after the journey's timeout, as a caller does.
  const CallTiming user = call_timing(time[0], scenario_.journeys[j].timeout_ms);
  out.seen[0] = user.waited;
  out.root = time[0];
  out.success[0] *= 1.0 - user.p_timeout;
}

Segment FlowModel::evaluate(const FlowState& state,
                            const std::vector<std::vector<double>>& attempts,
                            std::vector<std::vector<double>>& next_attempts,
                            PassCache& cache) const {
  const std::size_t n_services = scenario_.services.size();
  const std::size_t n_calls = scenario_.calls.size();
  Segment seg;
  seg.services.resize(n_services);
  seg.journeys.resize(scenario_.journeys.size());
  seg.calls.resize(n_calls);

  // Requests per second reaching each node (every attempt counts), and the offered load per
  // service. A disabled call and everything below it is never made.
  std::vector<std::vector<double>> node_rps(trees_.size());
  for (const std::size_t j : journey_order_) {
    const auto& tree = trees_[j];
    auto& rps = node_rps[j];
    rps.assign(tree.size(), 0.0);
    for (std::size_t n = 0; n < tree.size(); ++n) {
      const Node& node = tree[n];
      if (node.call == kNoCall) {
        rps[n] = state.journey_rate_rps[j];
      } else if (!state.call_disabled[node.call] && !state.call_breaker_open[node.call]) {
        rps[n] = rps[node.parent] * node.calls_per_parent * attempts[j][n];
      }
      seg.services[node.service].load_rps += rps[n];
    }
  }

  // Each service's own state, recomputed only where its load or condition moved; journeys that
  // contain a service whose response changed, or a call whose condition changed, are re-walked.
  const bool fresh = cache.own.empty();
  if (fresh) {
    cache.own.resize(n_services);
    cache.load_rps.assign(n_services, -1.0);
    cache.conditions.resize(n_services);
    cache.journeys.resize(trees_.size());
  }
  std::vector<bool> dirty(trees_.size(), fresh);
  for (std::size_t s = 0; s < n_services; ++s) {
    const double load = seg.services[s].load_rps;
    if (!fresh && load == cache.load_rps[s] &&
        state.services[s] == cache.conditions[s])
      continue;
    const ServiceOwn own = own_state(scenario_.services[s], state.services[s], load);
    if (fresh || !same_response(own, cache.own[s]))
      for (const std::size_t j : journeys_of_service_[s]) dirty[j] = true;
    cache.own[s] = own;
    cache.load_rps[s] = load;
    cache.conditions[s] = state.services[s];
  }
  if (!fresh) {
    for (std::size_t c = 0; c < n_calls; ++c) {
      if (state.call_error_ratio[c] == cache.call_error_ratio[c] &&
          state.call_disabled[c] == cache.call_disabled[c] &&
          state.call_breaker_open[c] == cache.call_breaker_open[c])
        continue;
      for (const std::size_t j : journeys_of_call_[c]) dirty[j] = true;
    }
  }
  cache.call_error_ratio = state.call_error_ratio;
  cache.call_disabled = state.call_disabled;
  cache.call_breaker_open = state.call_breaker_open;
  for (std::size_t j = 0; j < trees_.size(); ++j)
    if (dirty[j]) walk_journey(j, state, cache);

  for (std::size_t s = 0; s < n_services; ++s) {
    const ServiceOwn& own = cache.own[s];
    ServiceFlow& flow = seg.services[s];
    flow.healthy_replicas = own.healthy;
    flow.utilisation = own.utilisation;
    flow.capacity_rps = own.capacity_rps;
    flow.backlog = own.healthy > 0 ? state.services[s].backlog : 0.0;
    flow.backlog_growth_rps = own.backlog_growth_rps;
  }

  // Sums over every journey's nodes: call edges, and each service's errors and latency.
  std::vector<double> failed_demand(n_calls, 0.0);
  std::vector<double> error_weight(n_services, 0.0), latency_weight(n_services, 0.0);
  std::vector<double> square_weight(n_services, 0.0);  // Σ rps × E[T²], for the quantiles
  std::vector<double> least_fixed(n_services, std::numeric_limits<double>::infinity());
  for (const std::size_t j : journey_order_) {
    const auto& tree = trees_[j];
    const JourneyResult& result = cache.journeys[j];
    for (std::size_t n = 0; n < tree.size(); ++n) {
      const Node& node = tree[n];
      const std::size_t s = node.service;
      error_weight[s] += node_rps[j][n] * (1.0 - result.success[n]);
      const ResponseTime& seen = result.seen[n];
      latency_weight[s] += node_rps[j][n] * seen.total();
      square_weight[s] += node_rps[j][n] * (seen.var + seen.total() * seen.total());
      if (node_rps[j][n] > 0) least_fixed[s] = std::min(least_fixed[s], seen.fixed);
      if (n == 0 || state.call_disabled[node.call]) continue;
      const double demand = node_rps[j][node.parent] * node.calls_per_parent;
      CallFlow& edge = seg.calls[node.call];
      edge.demand_rps += demand;
      edge.attempts_rps += node_rps[j][n];
      failed_demand[node.call] += demand * result.attempt_failure[n];
      if (!state.call_breaker_open[node.call]) next_attempts[j][n] = result.attempts[n];
    }
    JourneyFlow& flow = seg.journeys[j];
    flow.offered_rps = state.journey_rate_rps[j];
    flow.good_rps = flow.offered_rps * result.success[0];
    flow.mean_latency_ms = result.seen[0].total();
    const double timeout = scenario_.journeys[j].timeout_ms;
    flow.p50_latency_ms = std::min(timeout, quantile_ms(result.root, 0.5));
    flow.p99_latency_ms = std::min(timeout, quantile_ms(result.root, 0.99));
  }
  for (std::size_t c = 0; c < n_calls; ++c) {
    CallFlow& edge = seg.calls[c];
    edge.breaker_open = state.call_breaker_open[c];
    edge.failure_ratio = edge.demand_rps > 0 ? failed_demand[c] / edge.demand_rps : 0.0;
  }
  for (std::size_t s = 0; s < n_services; ++s) {
    ServiceFlow& flow = seg.services[s];
    // What its callers wait: a mixture over its tree nodes, matched by its first two moments.
    ResponseTime seen = cache.own[s].time;
    if (flow.load_rps > 0) {
      flow.error_ratio = error_weight[s] / flow.load_rps;
      const double mean = latency_weight[s] / flow.load_rps;
      seen.fixed = std::min(least_fixed[s], mean);
      seen.mean = mean - seen.fixed;
      seen.var = std::max(0.0, square_weight[s] / flow.load_rps - mean * mean);
    } else {
      flow.error_ratio = 1.0 - cache.own[s].success;
    }
    flow.mean_latency_ms = seen.total();
    flow.p50_latency_ms = quantile_ms(seen, 0.5);
    flow.p99_latency_ms = quantile_ms(seen, 0.99);
  }
  return seg;
}

RetryOutcome retry_outcome(double q, int retries, std::optional<double> budget) {
  // Each failed attempt is retried with probability f (the throttle); g = q·f is the chance an
  // attempt fails and is retried. Extra attempts Σ_{i=1..r} g^i; the call fails when an attempt
  // fails and is not retried, or the last allowed attempt fails.
  const auto with_throttle = [q, retries](double f) {
    const double g = q * f;
    RetryOutcome out{1.0, 0.0};
    double g_i = 1.0;  // g^i
    for (int i = 0; i < retries; ++i) {
      out.failure += q * (1.0 - f) * g_i;
      g_i *= g;
      out.attempts += g_i;
    }
    out.failure += q * g_i;
    return out;
  };
  const RetryOutcome unthrottled = with_throttle(1.0);
  if (!budget || unthrottled.attempts - 1.0 <= *budget) return unthrottled;
  double lo = 0.0, hi = 1.0;  // extra attempts rise with f: bisect for extra = budget
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (with_throttle(mid).attempts - 1.0 > *budget ? hi : lo) = mid;
  }
  return with_throttle(lo);
}

}  // namespace firedrill::model
