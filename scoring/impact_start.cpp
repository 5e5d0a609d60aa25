#include "scoring/impact_start.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <variant>

#include "scoring/integrals.hpp"
#include "sim/engine/check.hpp"
#include "sim/model/faults.hpp"

namespace firedrill::scoring {
namespace {

// The services a fault acts on, as response.cpp's Response::affected_services names them (the
// scoring side cannot call the model's responders), as a set indexed like Scenario::services.
std::vector<bool> fault_services(const model::Scenario& scenario, const model::Fault& fault) {
  std::vector<bool> out(scenario.services.size(), false);
  switch (fault.type) {
    case model::FaultType::CallFailure:
      out[scenario.calls[fault.call].caller] = true;
      out[scenario.calls[fault.call].callee] = true;
      break;
    case model::FaultType::NetworkPartition:
      out[fault.service] = true;
      out[fault.peer_service] = true;
      break;
    case model::FaultType::TrafficSurge:
      for (std::size_t j = 0; j < scenario.journeys.size(); ++j)
        if (!fault.journey || *fault.journey == j) out[scenario.journeys[j].entry_service] = true;
      break;
    case model::FaultType::ZoneOutage:
      for (std::size_t s = 0; s < scenario.services.size(); ++s)
        out[s] = model::replicas_in_zone(scenario.services[s], fault.zone) > 0;
      break;
    default:
      out[fault.service] = true;
  }
  return out;
}

// The services a journey's requests visit: its entry and everything reached from it along the
// journey's own calls. A fixed point, so the order of the calls does not matter.
std::vector<bool> visited_services(const model::Scenario& scenario, const model::Journey& journey) {
  std::vector<bool> visited(scenario.services.size(), false);
  visited[journey.entry_service] = true;
  for (bool grew = true; grew;) {
    grew = false;
    for (const std::size_t c : journey.calls) {
      const model::Call& call = scenario.calls[c];
      if (visited[call.caller] && !visited[call.callee]) visited[call.callee] = grew = true;
    }
  }
  return visited;
}

double failed_share(const model::JourneyFlow& f) {
  return f.offered_rps > 0.0 ? std::max(0.0, 1.0 - f.good_rps / f.offered_rps) : 0.0;
}

}  // namespace

const char* to_string(ImpactSignal s) {
  switch (s) {
    case ImpactSignal::FailedShare:
      return "failed_share";
    case ImpactSignal::Latency:
      return "latency";
  }
  return "?";
}

std::vector<bool> journeys_reaching(const model::Scenario& scenario, const model::Fault& fault) {
  const std::vector<bool> acted_on = fault_services(scenario, fault);
  std::vector<bool> out(scenario.journeys.size(), false);
  for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
    const std::vector<bool> visited = visited_services(scenario, scenario.journeys[j]);
    for (std::size_t s = 0; s < visited.size() && !out[j]; ++s) out[j] = visited[s] && acted_on[s];
  }
  return out;
}

UserImpact::UserImpact(const model::Scenario& scenario, const model::RunRecord& record,
                       std::size_t fault, SimTime fault_start)
    : scenario_(scenario),
      record_(record),
      fault_start_(fault_start),
      reachable_(journeys_reaching(scenario, record.faults.at(fault))),
      by_name_(scenario.journeys.size()) {
  std::iota(by_name_.begin(), by_name_.end(), std::size_t{0});
  std::sort(by_name_.begin(), by_name_.end(), [&](std::size_t a, std::size_t b) {
    return scenario.journeys[a].name < scenario.journeys[b].name;
  });
  for (const model::Segment& seg : record.segments)
    if (seg.start < fault_start && seg.end >= fault_start) before_ = &seg;
}

double UserImpact::sli(const model::Segment& seg, std::size_t j, ImpactSignal signal) const {
  const model::JourneyFlow& f = seg.journeys[j];
  return signal == ImpactSignal::FailedShare ? failed_share(f) : f.p99_latency_ms;
}

bool UserImpact::latency_breached(const model::Segment& seg, std::size_t j) const {
  const model::JourneyFlow& now = seg.journeys[j];
  const std::optional<double>& objective_ms = scenario_.journeys[j].slo.p99_latency_ms;
  if (!objective_ms || now.offered_rps <= 0.0 || now.p99_latency_ms <= *objective_ms) return false;
  return !before_ ||
         now.p99_latency_ms > before_->journeys.at(j).p99_latency_ms * (1.0 + kLatencyRounding);
}

std::optional<ImpactSignal> UserImpact::hurt(const model::Segment& seg, std::size_t j) const {
  if (!reachable_[j] || j >= seg.journeys.size()) return std::nullopt;
  const model::JourneyFlow& now = seg.journeys[j];
  if (now.offered_rps <= 0.0) return std::nullopt;  // nobody there to hurt
  const double background = before_ ? failed_share(before_->journeys.at(j)) : 0.0;
  const double excess_share = failed_share(now) - background;
  const double excess_failed =
      excess_share * now.offered_rps * engine::to_seconds(seg.end - seg.start);
  if (excess_share > 0.0 && excess_failed >= kMinFailedRequests) return ImpactSignal::FailedShare;
  if (latency_breached(seg, j)) return ImpactSignal::Latency;
  return std::nullopt;
}

std::optional<ImpactStart> UserImpact::start(SimTime until) const {
  bool any_sli = false;
  std::optional<ImpactStart> first;
  for (const model::Segment& seg : record_.segments) {
    if (seg.end <= fault_start_ || seg.start >= until) continue;
    any_sli = true;
    const SimTime at = std::max(seg.start, fault_start_);
    if (first && first->at <= at) continue;
    // Journeys by name, so that which one is named never depends on their order in the file.
    std::optional<ImpactStart> found;
    for (const std::size_t j : by_name_) {
      const std::optional<ImpactSignal> signal = hurt(seg, j);
      if (!signal) continue;
      if (found && !(found->signal == ImpactSignal::Latency && *signal != ImpactSignal::Latency))
        continue;
      found = ImpactStart{at, j, *signal, before_ ? sli(*before_, j, *signal) : 0.0,
                          sli(seg, j, *signal)};
    }
    if (found) first = found;
  }
  if (any_sli) return first;
  // No SLIs over the window (a hand-made record): nothing says users were spared.
  for (const std::size_t j : by_name_)
    if (reachable_[j]) return ImpactStart{fault_start_, j, ImpactSignal::FailedShare, 0.0, 0.0};
  return std::nullopt;
}

bool UserImpact::breached(const model::Segment& seg, std::size_t j) const {
  if (!reachable_[j] || j >= seg.journeys.size()) return false;
  const model::JourneyFlow& now = seg.journeys[j];
  const model::Slo& slo = scenario_.journeys[j].slo;
  if (now.offered_rps > 0.0 && failed_share(now) > 1.0 - slo.objective) return true;
  return latency_breached(seg, j);
}

SimTime UserImpact::resolved_end(SimTime from, SimTime to) const {
  std::optional<SimTime> breach, hurt_end;
  for (const model::Segment& seg : record_.segments) {
    if (seg.end <= from || seg.start >= to) continue;
    const SimTime end = std::min(seg.end, to);
    for (std::size_t j = 0; j < reachable_.size(); ++j) {
      if (breached(seg, j)) breach = std::max(breach.value_or(from), end);
      if (hurt(seg, j)) hurt_end = std::max(hurt_end.value_or(from), end);
    }
  }
  return breach.value_or(hurt_end.value_or(from));
}

std::optional<ImpactStart> incident_impact_start(const model::Scenario& scenario,
                                                 const model::RunRecord& record,
                                                 std::size_t incident) {
  std::optional<SimTime> opened;
  std::size_t fault = 0;
  SimTime until = record.duration;
  for (const model::TimelineEvent& event : record.timeline) {
    if (const auto* o = std::get_if<model::ev::IncidentOpened>(&event.payload)) {
      if (o->incident == incident && !opened) {
        opened = event.at;
        fault = o->fault;
      }
    } else if (!opened) {
      continue;
    } else if (const auto* c = std::get_if<model::ev::FaultCleared>(&event.payload)) {
      if (c->fault == fault) until = std::min(until, event.at);
    } else if (const auto* m = std::get_if<model::ev::IncidentMitigated>(&event.payload)) {
      if (m->incident == incident) until = std::min(until, event.at);
    }
  }
  FIREDRILL_CHECK(opened.has_value(), "incident " + std::to_string(incident) + " was never opened");
  return UserImpact(scenario, record, fault, *opened).start(std::max(until, *opened));
}

}  // namespace firedrill::scoring
