#include "scoring/score.hpp"

#include <algorithm>

#include "scoring/incident_metrics.hpp"

namespace firedrill::scoring {
namespace {

constexpr std::array<const char*, kScoreComponentCount> kComponentNames{
    "detection", "response", "mitigation", "error_budget", "first_update", "longest_silence"};

// A phase that never happened scores 0 when it was needed and 1 when it was not: an incident
// that hurt no users (no failed request, no latency SLO breached) had nothing to detect or
// mitigate.
double phase(std::optional<double> actual_s, double target_s, bool needed) {
  if (actual_s) return timeliness(*actual_s, target_s);
  return needed ? 0.0 : 1.0;
}

}  // namespace

const char* to_string(ScoreComponent c) { return kComponentNames[static_cast<std::size_t>(c)]; }

double timeliness(double actual_s, double target_s) {
  if (actual_s <= target_s) return 1.0;
  return target_s / actual_s;
}

double ScoreBreakdown::points(ScoreComponent c) const {
  const auto i = static_cast<std::size_t>(c);
  return kScoreWeights[i] * subscores[i];
}

double ScoreBreakdown::total() const {
  double sum = 0.0;
  for (std::size_t i = 0; i < kScoreComponentCount; ++i) sum += kScoreWeights[i] * subscores[i];
  return sum;
}

ScoreBreakdown score_incident(const IncidentMetrics& incident,
                              const model::ResponsePolicy& policy) {
  const bool impact = hurt_users(incident);
  // Impact that ended within the detection target (auto-remediation, a blip that healed itself)
  // needed no person: nobody had to notice, answer or tell customers.
  const bool people_needed = impact && !(incident.ttm_s && *incident.ttm_s <= kTargetTtdS);
  ScoreBreakdown score;
  auto set = [&score](ScoreComponent c, double subscore, std::optional<double> target_s) {
    score.subscores[static_cast<std::size_t>(c)] = std::clamp(subscore, 0.0, 1.0);
    score.targets_s[static_cast<std::size_t>(c)] = target_s;
  };

  set(ScoreComponent::Detection, phase(incident.ttd_s, kTargetTtdS, people_needed), kTargetTtdS);
  // Once an alert fired someone had to answer, impact or not.
  set(ScoreComponent::Response,
      phase(incident.tta_s, kTargetTtaS, people_needed || incident.detected_s.has_value()),
      kTargetTtaS);
  // A facilitator who ended the fault mitigated nothing: no credit for the responders.
  const bool facilitator = incident.mitigated_by == model::MitigatedBy::Facilitator;
  set(ScoreComponent::Mitigation,
      phase(facilitator ? std::nullopt : incident.ttm_s, kTargetTtmS, impact), kTargetTtmS);
  set(ScoreComponent::ErrorBudget, 1.0 - std::min(1.0, incident.impact.error_budget_consumed),
      std::nullopt);

  // Communication is measured against the first-update deadline and the status-page cadence
  // of the highest severity declared. Without a declared severity nobody took charge of the incident: that
  // is a miss when users were hurt. A severity with no status page (P4 by default) owes no
  // updates.
  std::optional<double> cadence_s;
  std::optional<double> deadline_s;
  if (incident.severity) {
    const auto& cadence =
        policy.status_update_cadence[static_cast<std::size_t>(*incident.severity)];
    if (cadence) cadence_s = engine::to_seconds(*cadence);
    if (const auto due = policy.first_update_due(*incident.severity))
      deadline_s = engine::to_seconds(*due);
  }
  if (!incident.severity) {
    set(ScoreComponent::FirstUpdate, people_needed ? 0.0 : 1.0, std::nullopt);
    set(ScoreComponent::Silence, people_needed ? 0.0 : 1.0, std::nullopt);
  } else if (!cadence_s) {
    set(ScoreComponent::FirstUpdate, 1.0, std::nullopt);
    set(ScoreComponent::Silence, 1.0, std::nullopt);
  } else {
    set(ScoreComponent::FirstUpdate,
        phase(incident.time_to_first_update_s, *deadline_s, /*needed=*/true), deadline_s);
    set(ScoreComponent::Silence, phase(incident.longest_silence_s, *cadence_s, true), cadence_s);
  }
  return score;
}

}  // namespace firedrill::scoring
