#include "visualizer/fault_menu.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace firedrill::visualizer {
namespace {

using model::FaultType;

ParameterSpec spec(FaultParameter p, const model::Service* service) {
  switch (p) {
    case FaultParameter::Replicas:
      return {p, "replicas", 1, static_cast<double>(service ? service->replicas : 1), 1, true};
    case FaultParameter::ErrorRatio:
      return {p, "error ratio (0-1)", 0.01, 1.0, 0.3};
    case FaultParameter::LatencyMs:
      return {p, "added latency (ms)", 10, 5000, 500};
    case FaultParameter::Multiplier:
      return {p, "traffic multiplier", 1.1, 10, 2};
    case FaultParameter::CapacityFactor:
      return {p, "capacity left (0-1)", 0.05, 0.95, 0.5};
    case FaultParameter::LeakPeriodMin:
      return {p, "leak period (min)", 5, 240, 30};
  }
  return {p, "", 0, 1, 0};
}

FaultChoice choice(FaultType type, std::vector<FaultParameter> params, const model::Service* s) {
  FaultChoice c;
  c.type = type;
  for (const FaultParameter p : params) c.parameters.push_back(spec(p, s));
  return c;
}

FaultChoice surge(const model::Scenario& sc) {
  FaultChoice c = choice(FaultType::TrafficSurge, {FaultParameter::Multiplier}, nullptr);
  c.options_label = "journey";
  c.options.push_back("all journeys");
  for (const model::Journey& j : sc.journeys) c.options.push_back(j.name);
  return c;
}

}  // namespace

std::vector<FaultChoice> fault_choices(const model::Scenario& sc, Hit target) {
  using P = FaultParameter;
  std::vector<FaultChoice> out;
  if (target.kind == Hit::Kind::Call) {
    const model::Call& call = sc.calls[target.index];
    out.push_back(choice(FaultType::CallFailure, {P::ErrorRatio}, nullptr));
    FaultChoice partition = choice(FaultType::NetworkPartition, {}, nullptr);
    partition.options_label = "between";
    partition.options.push_back(sc.services[call.caller].name + " and " +
                                sc.services[call.callee].name);
    out.push_back(partition);
    return out;
  }
  const model::Service& s = sc.services[target.index];
  if (s.external) {
    out.push_back(choice(FaultType::ThirdPartyOutage, {P::ErrorRatio}, &s));
    out.back().parameters[0].value = 1.0;
    out.push_back(surge(sc));
    return out;
  }
  out.push_back(choice(FaultType::CrashReplicas, {P::Replicas}, &s));
  out.push_back(choice(FaultType::ErrorRate, {P::ErrorRatio}, &s));
  out.push_back(choice(FaultType::Latency, {P::LatencyMs}, &s));
  out.push_back(choice(FaultType::BadDeploy, {P::ErrorRatio, P::LatencyMs}, &s));
  out.back().parameters[1].value = 0.0;
  out.back().parameters[1].min = 0.0;
  out.push_back(choice(FaultType::Outage, {}, &s));
  out.push_back(choice(FaultType::ResourceExhaustion, {P::CapacityFactor}, &s));
  out.push_back(choice(FaultType::MemoryLeak, {P::CapacityFactor, P::LeakPeriodMin}, &s));
  out.back().parameters[0].value = 0.2;
  out.push_back(choice(FaultType::BadConfig, {P::ErrorRatio, P::LatencyMs}, &s));
  out.back().parameters[1].value = 0.0;
  out.back().parameters[1].min = 0.0;
  // A partition toward each service it talks to, by name.
  std::set<std::string> peers;
  for (const model::Call& c : sc.calls) {
    if (c.caller == target.index) peers.insert(sc.services[c.callee].name);
    if (c.callee == target.index) peers.insert(sc.services[c.caller].name);
  }
  if (!peers.empty()) {
    FaultChoice partition = choice(FaultType::NetworkPartition, {}, &s);
    partition.options_label = "from";
    partition.options.assign(peers.begin(), peers.end());
    out.push_back(partition);
  }
  if (!s.zones.empty()) {
    FaultChoice zone = choice(FaultType::ZoneOutage, {}, &s);
    zone.options_label = "zone";
    const std::set<std::string> zones(s.zones.begin(), s.zones.end());
    zone.options.assign(zones.begin(), zones.end());
    out.push_back(zone);
  }
  out.push_back(choice(FaultType::CertificateExpiry, {}, &s));
  out.push_back(choice(FaultType::DatastoreFailover, {P::CapacityFactor}, &s));
  out.push_back(surge(sc));
  return out;
}

model::Fault make_fault(const model::Scenario& sc, Hit target, const FaultChoice& choice,
                        const std::vector<double>& values, std::size_t option,
                        const std::string& id, model::SimTime now, model::SimTime duration) {
  model::Fault f;
  f.id = id;
  f.type = choice.type;
  f.start = now;
  if (duration.count() > 0) f.end = now + duration;
  if (target.kind == Hit::Kind::Call) {
    f.call = target.index;
    f.service = sc.calls[target.index].caller;
    f.peer_service = sc.calls[target.index].callee;
  } else {
    f.service = target.index;
  }
  for (std::size_t k = 0; k < choice.parameters.size() && k < values.size(); ++k) {
    const double v = values[k];
    switch (choice.parameters[k].parameter) {
      case FaultParameter::Replicas:
        f.replicas = static_cast<int>(std::lround(v));
        break;
      case FaultParameter::ErrorRatio:
        f.error_ratio = v;
        break;
      case FaultParameter::LatencyMs:
        f.latency_ms = v;
        break;
      case FaultParameter::Multiplier:
        f.multiplier = v;
        break;
      case FaultParameter::CapacityFactor:
        f.capacity_factor = v;
        break;
      case FaultParameter::LeakPeriodMin:
        f.leak_period = std::chrono::duration_cast<model::SimTime>(
            std::chrono::duration<double, std::ratio<60>>(v));
        break;
    }
  }
  if (option < choice.options.size()) {
    const std::string& name = choice.options[option];
    switch (choice.type) {
      case FaultType::NetworkPartition:
        if (target.kind == Hit::Kind::Service)
          for (std::size_t s = 0; s < sc.services.size(); ++s)
            if (sc.services[s].name == name) f.peer_service = s;
        break;
      case FaultType::ZoneOutage:
        f.zone = name;
        break;
      case FaultType::TrafficSurge:
        if (option > 0) f.journey = option - 1;
        break;
      default:
        break;
    }
  }
  return f;
}

}  // namespace firedrill::visualizer
