#include "sim/model/faults.hpp"

#include <algorithm>
#include <string>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>

#include "sim/engine/random_streams.hpp"

namespace firedrill::model {
namespace {

double combine_failures(double a, double b) { return 1.0 - (1.0 - a) * (1.0 - b); }

void fail_calls_between(const Scenario& scenario, std::size_t a, std::size_t b,
                        FlowState& state) {
  for (std::size_t c = 0; c < scenario.calls.size(); ++c) {
    const Call& call = scenario.calls[c];
    if ((call.caller == a && call.callee == b) || (call.caller == b && call.callee == a))
      state.call_error_ratio[c] = 1.0;
  }
}

SimTime leak_cycle(const Fault& f) { return f.leak_period + f.restart_duration; }

// The longest duration a draw returns, s: about 31,700 years, beyond any run, and far enough
// from SimTime's range that adding it to a time within a run cannot overflow.
constexpr double kLongestDraw_s = 1e12;

// Draws an exponential duration with mean `mean_s` seconds, at least 1 ms and at most
// kLongestDraw_s. REQUIRES: mean_s > 0.
SimTime exponential(engine::RandomStreams::Engine& rng, double mean_s) {
  boost::random::exponential_distribution<double> dist(1.0 / mean_s);
  return std::max(SimTime{1}, engine::from_seconds(std::min(dist(rng), kLongestDraw_s)));
}

// Appends the down periods of an alternating renewal process over [0, end) as faults.
void draw_renewal(const FaultProcess& p, const Fault& templ, const std::string& prefix,
                  engine::RandomStreams::Engine& rng, SimTime end, std::vector<Fault>& out) {
  SimTime t{0};
  for (int n = 1;; ++n) {
    t += exponential(rng, engine::to_seconds(p.mttf));
    if (t >= end) return;
    Fault f = templ;
    f.id = prefix + "-" + std::to_string(n);
    f.start = t;
    t += exponential(rng, engine::to_seconds(p.mttr));
    f.end = t;
    out.push_back(std::move(f));
  }
}

}  // namespace

std::vector<Fault> realize_faults(const Scenario& scenario, std::uint64_t seed) {
  std::vector<Fault> drawn;
  engine::RandomStreams streams(seed);
  const SimTime end = scenario.run.duration;
  for (const FaultProcess& p : scenario.fault_processes) {
    if (p.per_replica) {
      Fault one = p.fault;
      one.replicas = 1;
      for (int r = 0; r < scenario.services[p.fault.service].replicas; ++r) {
        const std::string name = p.id + "/" + std::to_string(r);
        draw_renewal(p, one, name, streams.get("faults/" + name), end, drawn);
      }
    } else {
      draw_renewal(p, p.fault, p.id, streams.get("faults/" + p.id), end, drawn);
    }
  }
  for (const ChangeProcess& c : scenario.change_processes) {
    auto& rng = streams.get("changes/" + c.id);
    // The mean gap in whole milliseconds (at least one), as long as that is representable.
    const double mean_gap_s =
        86'400.0 / c.deploys_per_day < kLongestDraw_s
            ? std::max(0.001, engine::to_seconds(engine::from_seconds(86'400.0 / c.deploys_per_day)))
            : 86'400.0 / c.deploys_per_day;
    SimTime t{0};
    for (int n = 1;; ++n) {
      t += exponential(rng, mean_gap_s);
      if (t >= end) break;
      if (!boost::random::bernoulli_distribution<double>(c.change_failure_rate)(rng)) continue;
      Fault f;
      f.id = c.id + "-" + std::to_string(n);
      f.type = FaultType::BadDeploy;
      f.service = c.service;
      f.start = t;
      f.error_ratio = c.error_ratio;
      f.latency_ms = c.latency_ms;
      drawn.push_back(std::move(f));
    }
  }
  std::stable_sort(drawn.begin(), drawn.end(),
                   [](const Fault& a, const Fault& b) { return a.start < b.start; });
  std::vector<Fault> all = scenario.faults;
  all.insert(all.end(), drawn.begin(), drawn.end());
  return all;
}

double rollout_share(const Fault& fault, SimTime elapsed) {
  SimTime stage_end{0};
  for (const RolloutStage& stage : fault.rollout) {
    stage_end += stage.bake;
    if (elapsed < stage_end || &stage == &fault.rollout.back()) return stage.share;
  }
  return 1.0;
}

int replicas_in_zone(const Service& service, const std::string& zone) {
  if (service.zones.empty()) return 0;
  int count = 0;
  for (int i = 0; i < service.replicas; ++i)
    if (service.zones[static_cast<std::size_t>(i) % service.zones.size()] == zone) ++count;
  return count;
}

void apply_fault(const Scenario& scenario, const Fault& fault, SimTime elapsed,
                 FlowState& state) {
  ServiceCondition& cond = state.services[fault.service];
  const Service& service = scenario.services[fault.service];
  switch (fault.type) {
    case FaultType::CrashReplicas:
      cond.crashed_replicas += fault.replicas;
      break;
    case FaultType::Outage:
      cond.crashed_replicas += service.replicas;
      break;
    case FaultType::ErrorRate:
    case FaultType::Latency:
    case FaultType::BadConfig:
    case FaultType::ThirdPartyOutage:
      cond.injected_error_ratio = combine_failures(cond.injected_error_ratio, fault.error_ratio);
      cond.injected_latency_ms += fault.latency_ms;
      break;
    case FaultType::BadDeploy: {
      // The new version serves `share` of the requests; only those see its defect.
      const double share = rollout_share(fault, elapsed);
      cond.injected_error_ratio =
          combine_failures(cond.injected_error_ratio, share * fault.error_ratio);
      cond.injected_latency_ms += share * fault.latency_ms;
      break;
    }
    case FaultType::CertificateExpiry:
      cond.injected_error_ratio = 1.0;  // every handshake fails, whatever the work
      break;
    case FaultType::ResourceExhaustion:
      cond.capacity_factor *= fault.capacity_factor;
      break;
    case FaultType::MemoryLeak: {
      const SimTime in_cycle = elapsed % leak_cycle(fault);
      if (in_cycle >= fault.leak_period) {
        cond.crashed_replicas += service.replicas;  // OOM-killed, restarting
        break;
      }
      const SimTime step = fault.leak_period / kLeakSteps;
      const auto k = static_cast<double>(std::min<std::int64_t>(in_cycle / step, kLeakSteps - 1));
      cond.capacity_factor *= 1.0 - (1.0 - fault.capacity_factor) * (k + 0.5) / kLeakSteps;
      break;
    }
    case FaultType::DatastoreFailover:
      if (elapsed < fault.outage_duration) {
        cond.crashed_replicas += service.replicas;
      } else {
        cond.capacity_factor *= fault.capacity_factor;
      }
      break;
    case FaultType::TrafficSurge:
      for (std::size_t j = 0; j < scenario.journeys.size(); ++j)
        if (!fault.journey || *fault.journey == j) state.journey_rate_rps[j] *= fault.multiplier;
      break;
    case FaultType::CallFailure:
      state.call_error_ratio[fault.call] =
          combine_failures(state.call_error_ratio[fault.call], fault.error_ratio);
      break;
    case FaultType::NetworkPartition:
      fail_calls_between(scenario, fault.service, fault.peer_service, state);
      break;
    case FaultType::ZoneOutage:
      for (std::size_t s = 0; s < scenario.services.size(); ++s)
        state.services[s].crashed_replicas += replicas_in_zone(scenario.services[s], fault.zone);
      break;
  }
}

std::optional<SimTime> next_phase_change(const Fault& fault, SimTime elapsed) {
  switch (fault.type) {
    case FaultType::BadDeploy: {
      SimTime stage_end{0};
      for (std::size_t i = 0; i + 1 < fault.rollout.size(); ++i) {
        stage_end += fault.rollout[i].bake;
        if (elapsed < stage_end) return stage_end;
      }
      return std::nullopt;
    }
    case FaultType::MemoryLeak: {
      const SimTime cycle = leak_cycle(fault);
      const SimTime start = elapsed - elapsed % cycle;
      const SimTime in_cycle = elapsed - start;
      if (in_cycle >= fault.leak_period) return start + cycle;
      const SimTime step = fault.leak_period / kLeakSteps;
      const std::int64_t k = in_cycle / step + 1;
      return start + (k >= kLeakSteps ? fault.leak_period : k * step);
    }
    case FaultType::DatastoreFailover:
      if (elapsed < fault.outage_duration) return fault.outage_duration;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace firedrill::model
