// Comms: status-page updates at the cadence of the incident's severity, posted by the
// communications lead or drafted by the investigator, saying what is true in Statuspage's terms.

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/model/response.hpp"

namespace firedrill::model::world {
namespace {

// Drafting a status update: each failing journey beyond the first lengthens it by this share of
// the median (more to say). Our own value.
constexpr double kDraftPerJourney = 0.05;

}  // namespace

// The communications lead or the incident commander posts at once (they drafted it alongside
// the work); without them the investigator drafts it, and their pending work waits as long.
void Response::handle(const wev::StatusUpdateDue& e) {
  Incident& inc = incidents_[e.incident];
  inc.status_timer.reset();
  inc.last_update_due = ctx_->now();
  // Whoever writes the update reads the impact again: a severity triage judged too low is
  // raised to the matrix's answer (one judged too high stays). The seat reads it itself.
  const bool seat_writes = seat_writes_updates(inc);
  if (!inc.mitigated && !seat_writes) {
    const ImpactReading impact = measured_impact();
    const Severity answer = matrix_severity(inc, impact.failed_share);
    if (answer < *inc.severity) {
      inc.matrix_severity = answer;
      change_severity(e.incident, answer, impact, false);
    }
  }
  const auto cadence = sc_.policy.status_update_cadence[static_cast<std::size_t>(*inc.severity)];
  if (cadence) inc.status_timer = ctx_->schedule_in(*cadence, wev::StatusUpdateDue{e.incident});
  if (seat_writes) return;  // the seat posts its own updates (seat.cpp)
  if (const auto by = poster(inc)) {
    post_status_update(e.incident, by);
    return;
  }
  // An update still being written is the one that goes out; nobody drafts two at once.
  if (inc.drafting) return;
  inc.drafting = true;
  // More to say takes longer: each failing journey beyond the first adds 5 % of the median.
  const double journeys = static_cast<double>(std::max<std::size_t>(1, failing_journeys().size()));
  const SimTime draft = engine::from_seconds(
      engine::to_seconds(lognormal(ctx_->streams.get("comms"),
                                   sc_.policy.status_update_draft_median, kWorkSigma)) *
      (1.0 + kDraftPerJourney * (journeys - 1.0)));
  if (delay_work(e.incident, draft))
    people_.set(*inc.investigator, ResponderState::Communicating, e.incident);
  ctx_->schedule_in(draft, wev::StatusUpdateDrafted{e.incident});
}

// Returns true iff a seat is who writes the incident's status updates: its poster, or its
// investigator when there is no poster.
bool Response::seat_writes_updates(const Incident& inc) const {
  const auto by = poster(inc);
  const auto writer = by ? by : inc.investigator;
  return writer && seat_playing(inc, *writer);
}

// The communications lead, else the incident commander; nullopt: the investigator drafts.
std::optional<PersonRef> Response::poster(const Incident& inc) const {
  const auto& lead = inc.role(Role::CommsLead);
  return lead ? lead : inc.role(Role::IncidentCommander);
}

void Response::handle(const wev::StatusUpdateDrafted& e) {
  Incident& inc = incidents_[e.incident];
  inc.drafting = false;
  if (inc.resolved) return;
  post_status_update(e.incident, inc.investigator);
  if (people_.state(*inc.investigator) == ResponderState::Communicating)
    people_.set(*inc.investigator, ResponderState::Investigating, e.incident);
}

// The journeys failing more than their SLO allows over the last kImpactWindow, by name, with
// their failed shares: what a status update has to say.
std::vector<std::pair<std::size_t, double>> Response::failing_journeys() {
  std::vector<std::pair<std::size_t, double>> out;
  const SimTime now = ctx_->now();
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    const double share = window_metric(sc_, system_->telemetry(), MetricKind::ErrorRatio,
                                       TargetKind::Journey, j, now - kImpactWindow, now);
    if (share > 1.0 - sc_.journeys[j].slo.objective) out.emplace_back(j, share);
  }
  std::sort(out.begin(), out.end(), [this](const auto& a, const auto& b) {
    return sc_.journeys[a.first].name < sc_.journeys[b.first].name;
  });
  return out;
}

// What the status page says, in Statuspage's incident states (investigating, identified,
// monitoring, resolved): the phase, and while users fail, which journeys and how many of their
// requests, rounded as a status page would (whole percent, "under 1 %").
std::string Response::status_message(const Incident& inc,
                                     const std::vector<std::pair<std::size_t, double>>& failing) {
  if (inc.resolved)
    return "Resolved: the issue has been fixed and all services are operating normally.";
  std::string impact;
  for (std::size_t i = 0; i < failing.size(); ++i) {
    const auto [journey, share] = failing[i];
    if (i > 0) impact += i + 1 == failing.size() ? " and " : ", ";
    const long percent = std::lround(share * 100.0);
    impact += (percent < 1 ? std::string("under 1 %") : std::to_string(percent) + " %") + " of " +
              sc_.journeys[journey].name;
  }
  if (!impact.empty()) impact += " requests are failing";
  if (inc.mitigated)
    return "Monitoring: a fix has been applied and we are monitoring the results" +
           (impact.empty() ? std::string(".") : "; " + impact + " while the system recovers.");
  if (impact.empty()) impact = "some customers may see errors or slow responses";
  if (inc.cause_identified)
    return "Identified: the cause has been found and a fix is being applied; " + impact + ".";
  return "Investigating: " + impact + "; we are investigating.";
}

void Response::post_status_update(std::size_t id, std::optional<PersonRef> by) {
  const Incident& inc = incidents_[id];
  const auto failing =
      inc.resolved ? std::vector<std::pair<std::size_t, double>>{} : failing_journeys();
  std::string message = status_message(inc, failing);
  std::vector<std::size_t> named;
  for (const auto& [journey, share] : failing) named.push_back(journey);
  ctx_->publish(ev::StatusUpdatePosted{id, *inc.severity, std::move(message), by, named});
  system_->status_update_posted();
}

}  // namespace firedrill::model::world
