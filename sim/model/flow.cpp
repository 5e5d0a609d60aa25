#include "sim/model/flow.hpp"

#include <algorithm>
#include <cmath>

#include "sim/model/queueing.hpp"

namespace firedrill::model {
namespace {

// Above this utilisation the queueing stretch is held constant: overload shows up as errors
// (shed load), not as an unbounded mean latency.
constexpr double kMaxQueueingUtilisation = 0.99;

void expand(const Scenario& scenario, const std::vector<std::size_t>& journey_calls,
            std::size_t node_index, std::vector<bool>& on_path,
            std::vector<FlowModel::Node>& tree) {
  const std::size_t service = tree[node_index].service;
  on_path[service] = true;
  for (const std::size_t c : journey_calls) {
    const Call& call = scenario.calls[c];
    if (call.caller != service || on_path[call.callee]) continue;
    tree.push_back({call.callee, c, node_index, call.calls_per_request});
    expand(scenario, journey_calls, tree.size() - 1, on_path, tree);
  }
  on_path[service] = false;
}

// Mean wait in queue, seconds, of M/M/c at utilisation rho: Wq = C(c, a) / (cμ − λ).
double mmc_mean_wait(int servers, double mu, double rho) {
  const double a = rho * servers;
  return erlang_c(servers, a) / (servers * mu - a * mu);
}

struct ServiceOwn {
  int healthy = 0;
  double capacity_rps = 0.0;
  double utilisation = 0.0;
  double success = 1.0;  // share of its own work that succeeds
  double latency_ms = 0.0;
};

ServiceOwn own_state(const Service& service, const ServiceCondition& cond, double load_rps) {
  ServiceOwn own;
  own.healthy = std::max(0, service.replicas - cond.crashed_replicas + cond.extra_replicas);
  own.capacity_rps = own.healthy * service.capacity_rps;
  if (own.healthy == 0) {
    own.success = 0.0;
    own.latency_ms = service.base_latency_ms + cond.injected_latency_ms;
    return own;
  }
  own.utilisation = load_rps / own.capacity_rps;
  const double overload_error = own.utilisation > 1.0 ? 1.0 - 1.0 / own.utilisation : 0.0;
  own.success = (1.0 - overload_error) * (1.0 - cond.injected_error_ratio);
  own.latency_ms = unloaded_latency_ms(service) + cond.injected_latency_ms +
                   1000.0 * mmc_mean_wait(own.healthy, service.capacity_rps,
                                          std::min(own.utilisation, kMaxQueueingUtilisation));
  return own;
}

}  // namespace

double unloaded_latency_ms(const Service& service) {
  return std::max(service.base_latency_ms, 1000.0 / service.capacity_rps);
}

FlowState nominal_flow_state(const Scenario& scenario) {
  FlowState state;
  state.services.resize(scenario.services.size());
  state.call_error_ratio.assign(scenario.calls.size(), 0.0);
  state.call_disabled.assign(scenario.calls.size(), false);
  for (const Journey& j : scenario.journeys) state.journey_rate_rps.push_back(j.rate_rps);
  return state;
}

FlowModel::FlowModel(const Scenario& scenario) : scenario_(scenario) {
  std::vector<bool> on_path(scenario.services.size(), false);
  for (const Journey& journey : scenario.journeys) {
    std::vector<Node> tree{{journey.entry_service, kNoCall, kNoCall, 1.0}};
    expand(scenario, journey.calls, 0, on_path, tree);
    trees_.push_back(std::move(tree));
  }
}

Segment FlowModel::steady_state(const FlowState& state) const {
  const std::size_t n_services = scenario_.services.size();
  Segment seg;
  seg.services.resize(n_services);
  seg.journeys.resize(scenario_.journeys.size());

  // Requests per second reaching each node, and the offered load per service. A disabled call
  // and everything below it is never made.
  std::vector<std::vector<double>> node_rps(trees_.size());
  for (std::size_t j = 0; j < trees_.size(); ++j) {
    const auto& tree = trees_[j];
    auto& rps = node_rps[j];
    rps.assign(tree.size(), 0.0);
    for (std::size_t n = 0; n < tree.size(); ++n) {
      const Node& node = tree[n];
      if (node.call == kNoCall) {
        rps[n] = state.journey_rate_rps[j];
      } else if (!state.call_disabled[node.call]) {
        rps[n] = rps[node.parent] * node.calls_per_parent;
      }
      seg.services[node.service].load_rps += rps[n];
    }
  }

  std::vector<ServiceOwn> own(n_services);
  for (std::size_t s = 0; s < n_services; ++s) {
    own[s] = own_state(scenario_.services[s], state.services[s], seg.services[s].load_rps);
    seg.services[s].healthy_replicas = own[s].healthy;
    seg.services[s].utilisation = own[s].utilisation;
  }

  // Bottom-up over each tree (reverse preorder visits children before parents).
  std::vector<double> error_weight(n_services, 0.0), latency_weight(n_services, 0.0);
  for (std::size_t j = 0; j < trees_.size(); ++j) {
    const auto& tree = trees_[j];
    std::vector<double> success(tree.size()), latency(tree.size());
    for (std::size_t n = 0; n < tree.size(); ++n) {
      success[n] = own[tree[n].service].success;
      latency[n] = own[tree[n].service].latency_ms;
    }
    for (std::size_t n = tree.size(); n-- > 1;) {
      const Node& node = tree[n];
      if (state.call_disabled[node.call]) continue;
      const Call& call = scenario_.calls[node.call];
      const double mean_ms = latency[n];
      const double p_timeout = mean_ms > 0 ? std::exp(-call.timeout_ms / mean_ms) : 0.0;
      const double waited_ms = mean_ms * (1.0 - p_timeout);
      latency[node.parent] += node.calls_per_parent * waited_ms;
      if (call.hard) {
        const double p_call =
            (1.0 - state.call_error_ratio[node.call]) * success[n] * (1.0 - p_timeout);
        success[node.parent] *= std::pow(p_call, node.calls_per_parent);
      }
    }
    for (std::size_t n = 0; n < tree.size(); ++n) {
      const std::size_t s = tree[n].service;
      error_weight[s] += node_rps[j][n] * (1.0 - success[n]);
      latency_weight[s] += node_rps[j][n] * latency[n];
    }
    JourneyFlow& flow = seg.journeys[j];
    flow.offered_rps = state.journey_rate_rps[j];
    flow.good_rps = flow.offered_rps * success[0];
    flow.mean_latency_ms = latency[0];
  }
  for (std::size_t s = 0; s < n_services; ++s) {
    ServiceFlow& flow = seg.services[s];
    if (flow.load_rps > 0) {
      flow.error_ratio = error_weight[s] / flow.load_rps;
      flow.mean_latency_ms = latency_weight[s] / flow.load_rps;
    } else {
      flow.error_ratio = 1.0 - own[s].success;
      flow.mean_latency_ms = own[s].latency_ms;
    }
  }
  return seg;
}

}  // namespace firedrill::model
