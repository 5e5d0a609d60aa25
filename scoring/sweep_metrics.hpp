#pragma once
// The metrics a Monte Carlo sweep compares policies on: one value per run (replication), taken
// from the run's Report.

#include <array>
#include <cstddef>
#include <optional>

#include "scoring/report.hpp"
#include "scoring/statistics.hpp"

namespace firedrill::scoring {

enum class SweepMetric {
  Ttd,              // mean time to detect over the run's incidents, s
  Tta,              // mean time to acknowledge, s
  Ttm,              // mean time to mitigate, s
  Ttr,              // mean time to resolve, s
  FailedRequests,   // over the whole run, requests
  ErrorBudget,      // the largest share of a journey's error budget consumed, fraction
  Pages,            // incident pages
  AfterHoursPages,  // incident pages outside the paged person's working hours
  WakeUps,          // incident pages that woke the paged person (in their night)
  FalseAlarmPages,  // pages no fault explains (false alarms)
  PersonHours,      // engaged time of every responder, h
  LongestSilence,   // the longest silence toward customers of any incident, s
  SupportTickets,   // customers' support tickets
  Score,            // mean incident score, 0–100
};
constexpr std::size_t kSweepMetricCount = 14;

struct SweepMetricInfo {
  const char* name;  // stable, as in runs.csv and sweep.json: "ttm_s", "error_budget_consumed"
  const char* unit;  // "s", "requests", "fraction", "pages", "h", "tickets", "points"
  bool lower_is_better;
  // True iff the metric counts things (pages, tickets): its values are whole numbers, so plots
  // draw a bar per value rather than a histogram of bins (scoring/sweep_plots.hpp).
  bool discrete = false;
};
const SweepMetricInfo& info(SweepMetric m);

// The smallest difference worth acting on, per metric (ComparisonOptions::smallest_effect): the
// defaults a sweep's verdicts use unless it sets its own (firedrill sweep --smallest-effect),
// indexed by SweepMetric. Times (TTD, TTA, TTM, TTR, longest silence): 60 s, the resolution at
// which incident reviews report them; error budget: 0.01 (1 percentage point of the budget);
// pages, after-hours pages, wake-ups and false-alarm pages: 0.25 per run (a page more in one run
// of four; a bundled drill has one incident per run, so per incident); person-hours: 0.25 h;
// failed requests and support tickets: 5 % of A's mean (their scale is the system's traffic);
// score: 2 points of 100. docs/sweeps.md#practical-verdicts discusses them.
using SmallestEffects = std::array<SmallestEffect, kSweepMetricCount>;
const SmallestEffects& default_smallest_effects();

// One run's value of every metric, indexed by SweepMetric; nullopt when the run has none (no
// incident was ever mitigated: no TTM; no incident: no longest silence).
using SweepValues = std::array<std::optional<double>, kSweepMetricCount>;
SweepValues sweep_values(const Report& report);

}  // namespace firedrill::scoring
