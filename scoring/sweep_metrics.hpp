#pragma once
// The metrics a Monte Carlo sweep compares policies on: one value per run (replication), taken
// from the run's Report.

#include <array>
#include <cstddef>
#include <optional>

#include "scoring/report.hpp"

namespace firedrill::scoring {

enum class SweepMetric {
  Ttd,                  // mean time to detect over the run's incidents, s
  Tta,                  // mean time to acknowledge, s
  Ttm,                  // mean time to mitigate, s
  Ttr,                  // mean time to resolve, s
  FailedRequests,       // over the whole run, requests
  ErrorBudget,          // the largest share of a journey's error budget consumed, fraction
  Pages,                // incident pages
  AfterHoursPages,      // incident pages outside the paged person's working hours
  PersonHours,          // engaged time of every responder, h
  LongestSilence,       // the longest silence toward customers of any incident, s
  SupportTickets,       // customers' support tickets
  Score,                // mean incident score, 0–100
};
constexpr std::size_t kSweepMetricCount = 12;

struct SweepMetricInfo {
  const char* name;  // stable, as in runs.csv and sweep.json: "ttm_s", "error_budget_consumed"
  const char* unit;  // "s", "requests", "fraction", "pages", "h", "tickets", "points"
  bool lower_is_better;
  // True iff the metric counts things (pages, tickets): its values are whole numbers, so plots
  // draw a bar per value rather than a histogram of bins (scoring/sweep_plots.hpp).
  bool discrete = false;
};
const SweepMetricInfo& info(SweepMetric m);

// One run's value of every metric, indexed by SweepMetric; nullopt when the run has none (no
// incident was ever mitigated: no TTM; no incident: no longest silence).
using SweepValues = std::array<std::optional<double>, kSweepMetricCount>;
SweepValues sweep_values(const Report& report);

}  // namespace firedrill::scoring
