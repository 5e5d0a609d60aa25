#include "visualizer/live_state.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <variant>

#include "scoring/describe.hpp"
#include "scoring/integrals.hpp"
#include "scoring/overloaded.hpp"
#include "sim/model/alertmanager.hpp"

namespace firedrill::visualizer {
namespace {

namespace ev = model::ev;
using scoring::Overloaded;

double error_ratio(const model::JourneyFlow& flow) {
  if (flow.offered_rps <= 0.0) return 0.0;
  return std::clamp(1.0 - flow.good_rps / flow.offered_rps, 0.0, 1.0);
}

}  // namespace

const char* to_string(IncidentPhase phase) {
  constexpr std::array<const char*, 5> kNames{"impact", "detected", "acknowledged", "mitigated",
                                              "resolved"};
  return kNames[static_cast<std::size_t>(phase)];
}

LiveState::LiveState(const model::Scenario& scenario, LiveStateOptions options)
    : sc_(&scenario),
      options_(options),
      services_(scenario.services.size()),
      journeys_(scenario.journeys.size()),
      failed_closed_(scenario.journeys.size(), 0.0) {
  for (std::size_t t = 0; t < scenario.teams.size(); ++t) {
    team_offset_.push_back(responders_.size());
    for (std::size_t p = 0; p < scenario.teams[t].people.size(); ++p) {
      ResponderView& view = responders_.emplace_back();
      view.who = {t, p};
    }
  }
  steps_.resize(responders_.size());
  for (const model::Journey& j : scenario.journeys)
    budget_.push_back(scoring::error_budget_requests(j));
}

std::size_t LiveState::responder_index(model::PersonRef who) const {
  return team_offset_.at(who.team) + who.person;
}

void LiveState::set_focus(std::size_t incident, std::size_t service, SimTime at) {
  incidents_.at(incident).focus_service = service;
  focus_at_.at(incident) = at;
}

void LiveState::on_event(const model::TimelineEvent& event) {
  const SimTime at = event.at;
  const auto first = [at](std::optional<SimTime>& t) {
    if (!t) t = at;
  };
  std::visit(
      Overloaded{
          [&](const ev::FaultInjected& e) { active_faults_.insert(e.fault); },
          [&](const ev::FaultCleared& e) { active_faults_.erase(e.fault); },
          [&](const ev::AlertChanged& e) {
            const AlertKey key{e.kind, e.rule, e.condition, e.spurious};
            const auto it = std::find_if(firing_.begin(), firing_.end(),
                                         [&](const auto& f) { return f.first == key; });
            if (e.state == model::AlertState::Firing && it == firing_.end()) {
              const std::size_t service =
                  model::alert_of(*sc_, e.kind, e.rule, e.condition).service;
              firing_.emplace_back(key, FiringAlert{e.kind, e.rule, e.condition, e.severity,
                                                    e.spurious, at, service});
            } else if (e.state == model::AlertState::Resolved && it != firing_.end()) {
              firing_.erase(it);
            }
          },
          [&](const ev::IncidentOpened& e) {
            if (incidents_.size() <= e.incident) {
              incidents_.resize(e.incident + 1);
              focus_at_.resize(e.incident + 1);
            }
            incidents_[e.incident].fault = e.fault;
            incidents_[e.incident].opened = at;
          },
          [&](const ev::IncidentDetected& e) {
            IncidentView& inc = incidents_.at(e.incident);
            first(inc.detected);
            if (!inc.symptom_service) {
              inc.symptom_service = model::alert_of(*sc_, e.kind, e.rule).service;
              if (!inc.focus_service) set_focus(e.incident, *inc.symptom_service, at);
            }
          },
          [&](const ev::PageAcknowledged& e) {
            IncidentView& inc = incidents_.at(e.incident);
            first(inc.acknowledged);
            if (std::find(inc.responders.begin(), inc.responders.end(), e.by) ==
                inc.responders.end())
              inc.responders.push_back(e.by);
          },
          [&](const ev::SeverityDeclared& e) { incidents_.at(e.incident).severity = e.severity; },
          [&](const ev::DiagnosisStep& e) {
            steps_.at(responder_index(e.by)) = Step{e.incident, e.service, at};
          },
          [&](const ev::CauseIdentified& e) {
            incidents_.at(e.incident).cause_service = e.service;
            set_focus(e.incident, e.service, at);
          },
          [&](const ev::MitigationStarted& e) { set_focus(e.incident, e.service, at); },
          [&](const ev::IncidentMitigated& e) { first(incidents_.at(e.incident).mitigated); },
          [&](const ev::IncidentResolved& e) { first(incidents_.at(e.incident).resolved); },
          [&](const ev::StatusUpdatePosted& e) {
            status_ = StatusUpdateView{at, e.incident, e.severity, e.message};
          },
          [&](const ev::PageSent& e) {
            pages_.push_back(RecentPage{at, e.incident, e.to, e.woke});
          },
          [&](const ev::FalseAlarmPaged& e) {
            pages_.push_back(RecentPage{at, std::nullopt, e.to, e.woke});
          },
          [&](const ev::ResponderChanged& e) {
            ResponderView& r = responders_.at(responder_index(e.who));
            r.state = e.state;
            r.incident = e.incident;
            if (r.role_incident != e.incident) r.role.reset();
          },
          [&](const ev::RoleAssigned& e) {
            // One holder of a role per incident: giving it away hands it over.
            for (ResponderView& other : responders_)
              if (other.role == e.role && other.role_incident == e.incident) other.role.reset();
            ResponderView& r = responders_.at(responder_index(e.who));
            r.role = e.role;
            r.role_incident = e.incident;
          },
          [](const auto&) {},
      },
      event.payload);
  for (IncidentView& inc : incidents_) {
    inc.phase = inc.resolved       ? IncidentPhase::Resolved
                : inc.mitigated    ? IncidentPhase::Mitigated
                : inc.acknowledged ? IncidentPhase::Acknowledged
                : inc.detected     ? IncidentPhase::Detected
                                   : IncidentPhase::Impact;
  }
  now_ = std::max(now_, at);
}

void LiveState::add_samples(const model::Segment& segment, SimTime until) {
  const SimTime step = options_.sample_interval;
  if (next_sample_ < segment.start)  // the first grid time in the segment
    next_sample_ =
        SimTime{(segment.start.count() + step.count() - 1) / step.count() * step.count()};
  for (; next_sample_ < until; next_sample_ += step) {
    for (std::size_t j = 0; j < journeys_.size(); ++j) {
      const model::JourneyFlow& flow = segment.journeys[j];
      journeys_[j].series.push_back({next_sample_, error_ratio(flow), flow.p99_latency_ms});
    }
  }
}

void LiveState::on_segment(const model::Segment& segment) {
  const std::span<const model::Segment> one(&segment, 1);
  for (std::size_t j = 0; j < journeys_.size(); ++j)
    failed_closed_[j] += scoring::failed_requests(one, j, {segment.start, segment.end});
  add_samples(segment, segment.end);
}

void LiveState::update(const model::Run& run) {
  update(run.now(), run.faults(), run.finished() ? nullptr : &run.current_segment());
}

void LiveState::update(SimTime now, const std::vector<model::Fault>& faults,
                       const model::Segment* open_segment) {
  now_ = now;
  for (ServiceView& s : services_) {
    s.active_faults.clear();
    s.firing_alerts.clear();
  }
  for (const std::size_t f : active_faults_)
    for (const std::size_t s : scoring::fault_services(*sc_, faults.at(f)))
      services_.at(s).active_faults.push_back(f);
  for (const auto& [key, alert] : firing_)
    services_.at(alert.service).firing_alerts.push_back(alert);

  for (std::size_t r = 0; r < responders_.size(); ++r) {
    ResponderView& view = responders_[r];
    view.service.reset();
    if (!view.incident) continue;
    const IncidentView& inc = incidents_.at(*view.incident);
    const auto& step = steps_[r];
    const bool own = step && step->incident == *view.incident &&
                     (!inc.focus_service || step->at >= focus_at_[*view.incident]);
    view.service = own ? std::optional<std::size_t>(step->service) : inc.focus_service;
  }

  for (std::size_t j = 0; j < journeys_.size(); ++j) {
    double failed = failed_closed_[j];
    if (open_segment)
      failed += scoring::failed_requests(std::span<const model::Segment>(open_segment, 1), j,
                                         {open_segment->start, now});
    journeys_[j].failed_requests = failed;
    journeys_[j].error_budget_consumed = scoring::budget_consumed(failed, budget_[j]);
  }
  if (open_segment) add_samples(*open_segment, now + SimTime{1});
  for (std::size_t j = 0; j < journeys_.size(); ++j) {
    JourneyView& view = journeys_[j];
    while (!view.series.empty() && view.series.front().at < now - options_.series_window)
      view.series.pop_front();
    double sum = 0.0;
    std::size_t n = 0;
    for (auto it = view.series.rbegin();
         it != view.series.rend() && it->at > now - options_.burn_window; ++it, ++n)
      sum += it->error_ratio;
    const double allowed = 1.0 - sc_->journeys[j].slo.objective;
    view.burn_rate = n == 0 ? 0.0 : sum / static_cast<double>(n) / allowed;
  }
  while (!pages_.empty() && pages_.front().at < now - options_.page_flash) pages_.pop_front();
}

}  // namespace firedrill::visualizer
