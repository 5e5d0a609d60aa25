#pragma once
// The 0–100 incident score: six weighted sub-scores (detection, response, mitigation, error
// budget, first status update, longest silence). docs/scoring.md explains each and its source.

#include <array>
#include <cstddef>
#include <optional>

#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

struct IncidentMetrics;

enum class ScoreComponent { Detection, Response, Mitigation, ErrorBudget, FirstUpdate, Silence };
constexpr std::size_t kScoreComponentCount = 6;

// Stable snake_case names used in report.json: "detection", ..., "longest_silence".
const char* to_string(ScoreComponent c);

// Time to detect at or below which detection scores full marks: what the SRE Workbook's
// recommended 1 h/5 min, 14.4× burn-rate alert achieves on 15 % errors (ch. 5, figure 5-6).
constexpr double kTargetTtdS = 5 * 60.0;
// Time to acknowledge a page for a revenue-impacting outage (SRE Workbook ch. 8).
constexpr double kTargetTtaS = 5 * 60.0;
// Time to mitigate: firedrill's choice, well inside the 43.2 min of full outage that a 99.9 %
// SLO allows in 30 days (SRE Workbook ch. 5), so one mitigated outage cannot exhaust a budget.
constexpr double kTargetTtmS = 30 * 60.0;

// Points each component is worth; they sum to 100 (docs/scoring.md, "Score").
constexpr std::array<double, kScoreComponentCount> kScoreWeights{20.0, 15.0, 25.0,
                                                                 20.0, 10.0, 10.0};

// Sub-score of a timed phase: 1 at or below `target_s`, target_s / actual_s above it (so twice
// the target scores 0.5). REQUIRES: target_s >= 0.
double timeliness(double actual_s, double target_s);

// One incident's score. Invariant: every sub-score is in [0, 1]; total() is in [0, 100].
struct ScoreBreakdown {
  std::array<double, kScoreComponentCount> subscores{1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
  // The target each timed component was measured against, seconds; nullopt for the error
  // budget and for communication when the final severity has no status-page cadence.
  std::array<std::optional<double>, kScoreComponentCount> targets_s{};

  double subscore(ScoreComponent c) const { return subscores[static_cast<std::size_t>(c)]; }
  // Points of one component: weight × sub-score.
  double points(ScoreComponent c) const;
  // Σ weight × sub-score, 0–100.
  double total() const;
};

// Scores `incident` (whose metrics other than the score are already measured) under the
// status-update cadence of `policy`. docs/scoring.md, "Score", is the specification.
ScoreBreakdown score_incident(const IncidentMetrics& incident, const model::ResponsePolicy& policy);

}  // namespace firedrill::scoring
