// The severity of an incident (docs/scoring.md, "Severity"): declared at triage from the
// policy's matrix, then following the impact with hysteresis.

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>

#include "sim/model/response.hpp"

namespace firedrill::model::world {
namespace {

using std::chrono::minutes;

// Severity hysteresis: a better answer of the severity matrix lowers the declared severity only
// once the worst journey's failed share has stayed below this share of the current answer's
// threshold for this long. Our own values (a fifth below the threshold, two burn-rate short
// windows), so that a share hovering at a threshold does not flap.
constexpr double kDowngradeBand = 0.8;
constexpr SimTime kDowngradeHold = minutes(10);

}  // namespace

// Declares the severity of the policy's matrix for the impact measured now, misjudged by one
// level with the policy's probability, and pages the roles it calls for. Later changes follow
// the impact (reassess_severity).
void Response::declare_severity(std::size_t id) {
  Incident& inc = incidents_[id];
  const ImpactReading impact = measured_impact();
  const int level = static_cast<int>(matrix_severity(inc, impact.failed_share));
  // Both draws are always made, so the stream's position does not depend on the outcome.
  auto& rng = ctx_->streams.get("triage");
  const bool misjudged =
      boost::random::bernoulli_distribution<double>(sc_.policy.misclassification_probability)(rng);
  const bool lower = boost::random::bernoulli_distribution<double>(0.5)(rng);
  const int judged = std::clamp(level + (misjudged ? (lower ? 1 : -1) : 0), 0,
                                static_cast<int>(kSeverityCount) - 1);
  inc.matrix_severity = static_cast<Severity>(level);
  inc.severity = static_cast<Severity>(judged);
  ctx_->publish(ev::SeverityDeclared{id, *inc.severity, impact.failed_share, judged != level,
                                     std::nullopt, impact.journey, declarer(inc)});
  page_roles(id);
}

// The severity matrix's answer for the incident at `failed_share`: the policy's thresholds,
// one level up when a revenue journey fails (revenue_critical_raises), P1 for a datastore
// failover.
Severity Response::matrix_severity(const Incident& inc, double failed_share) {
  int level = static_cast<int>(classify(failed_share));
  if (sc_.policy.revenue_critical_raises && revenue_journey_failing())
    level = std::max(0, level - 1);
  if (system_->faults()[inc.fault].type == FaultType::DatastoreFailover) level = 0;
  return static_cast<Severity>(level);
}

// The incident commander once there is one, else the lead responder.
std::optional<PersonRef> Response::declarer(const Incident& inc) const {
  const auto& ic = inc.role(Role::IncidentCommander);
  return ic ? ic : inc.lead;
}

// At every scrape, while the incident is declared and not yet mitigated: when the matrix's
// answer for the impact changes, the severity follows. A worse answer raises it at once (unless
// it is already as high: a triage that judged too high stays); a better one lowers it only after
// the worst journey's failed share has stayed below kDowngradeBand of the current answer's
// threshold for kDowngradeHold (hysteresis, so that it does not flap at a threshold). A severity
// misjudged at triage stays until the answer changes, or, judged too low, until the next status
// update is written.
void Response::reassess_severity(std::size_t id) {
  Incident& inc = incidents_[id];
  if (!inc.severity || inc.mitigated || inc.resolved || seat_decides(inc)) return;
  const ImpactReading impact = measured_impact();
  const Severity answer = matrix_severity(inc, impact.failed_share);
  if (answer == *inc.matrix_severity) {
    inc.calm_since.reset();
    return;
  }
  if (answer < *inc.matrix_severity) {
    inc.matrix_severity = answer;
    inc.calm_since.reset();
    if (answer < *inc.severity) change_severity(id, answer, impact);
    return;
  }
  const double threshold =
      sc_.policy.severity_failed_share[static_cast<std::size_t>(*inc.matrix_severity)];
  if (impact.failed_share >= kDowngradeBand * threshold) {
    inc.calm_since.reset();
    return;
  }
  if (!inc.calm_since) inc.calm_since = ctx_->now();
  if (ctx_->now() - *inc.calm_since < kDowngradeHold) return;
  inc.matrix_severity = answer;
  inc.calm_since.reset();
  if (answer > *inc.severity) change_severity(id, answer, impact);
}

void Response::reassess_severities() {
  for (std::size_t i = 0; i < incidents_.size(); ++i) reassess_severity(i);
}

// An upgrade pages the roles the new severity calls for; the status page's next update falls
// due by the new severity's cadence (or first-update deadline), counted from the last update
// (or the detection), unless the caller schedules it (`reschedule_updates` false).
void Response::change_severity(std::size_t id, Severity to, const ImpactReading& impact,
                               bool reschedule_updates) {
  Incident& inc = incidents_[id];
  const Severity from = *inc.severity;
  inc.severity = to;
  ctx_->publish(ev::SeverityDeclared{id, to, impact.failed_share, false, from, impact.journey,
                                     declarer(inc)});
  page_roles(id);
  // The update being written goes out, then the new cadence holds.
  if (!reschedule_updates || inc.drafting) return;
  const auto due = inc.last_update_due
                       ? sc_.policy.status_update_cadence[static_cast<std::size_t>(to)]
                       : sc_.policy.first_update_due(to);
  if (inc.status_timer) ctx_->queue.cancel(*inc.status_timer);
  inc.status_timer.reset();
  if (!due) return;  // no updates at this severity
  const SimTime base = inc.last_update_due.value_or(inc.detected_at);
  const SimTime at = std::max(ctx_->now(), base + *due);
  inc.status_timer = ctx_->schedule_in(at - ctx_->now(), wev::StatusUpdateDue{id});
}

// Returns true iff a journey with revenue fails at least the P3 share over kImpactWindow.
bool Response::revenue_journey_failing() {
  const SimTime now = ctx_->now();
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    if (sc_.journeys[j].revenue_per_request <= 0.0) continue;
    const double failed = window_metric(sc_, system_->telemetry(), MetricKind::ErrorRatio,
                                        TargetKind::Journey, j, now - kImpactWindow, now);
    if (failed >= sc_.policy.severity_failed_share.back()) return true;
  }
  return false;
}

void Response::page_roles(std::size_t id) {
  const Incident& inc = incidents_[id];
  const auto paged = [&inc](Role role) {
    return std::any_of(inc.pages.begin(), inc.pages.end(),
                       [role](const TeamPage& p) { return p.role == role; });
  };
  const auto page_role = [&](const std::optional<RolePolicy>& policy, Role role) {
    if (policy && *inc.severity <= policy->up_to && !paged(role)) page_team(id, policy->team, role);
  };
  page_role(sc_.policy.incident_commander, Role::IncidentCommander);
  page_role(sc_.policy.comms_lead, Role::CommsLead);
  page_role(sc_.policy.scribe, Role::Scribe);
}

// Returns the worst journey's failed share over the last kImpactWindow, and that journey (of
// equal shares, the first by name).
Response::ImpactReading Response::measured_impact() {
  ImpactReading worst;
  const SimTime now = ctx_->now();
  for (std::size_t j = 0; j < sc_.journeys.size(); ++j) {
    const double share = window_metric(sc_, system_->telemetry(), MetricKind::ErrorRatio,
                                       TargetKind::Journey, j, now - kImpactWindow, now);
    if (share <= 0.0) continue;
    if (!worst.journey || share > worst.failed_share ||
        (share == worst.failed_share && sc_.journeys[j].name < sc_.journeys[*worst.journey].name)) {
      worst.failed_share = share;
      worst.journey = j;
    }
  }
  return worst;
}

Severity Response::classify(double failed_share) const {
  const auto& t = sc_.policy.severity_failed_share;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (failed_share >= t[i]) return static_cast<Severity>(i);
  return Severity::P4;
}

}  // namespace firedrill::model::world
