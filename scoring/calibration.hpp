#pragma once
// Fitting firedrill's people model (the response policy's acknowledgement and missed-page
// values) to a team's incident history, and the reports of that fit: the scenario fragment
// people.json, its provenance people.md and the statistics in calibration.md.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "scoring/lognormal_fit.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// Below this many incidents a group is not fitted and the report says so. At n = 20 the
// standard error of mu is sigma/√20 ≈ 0.22 sigma (the median known to about ±25 % at sigma 1),
// the binomial standard error of a missed-page share is at most 0.11, and the KS and
// Anderson–Darling tests start to have power (D'Agostino & Stephens 1986 tabulate from n = 5 but
// warn of low power below 20).
constexpr std::size_t kMinIncidentsPerGroup = 20;

// One incident as the fit sees it (times in seconds).
struct ResponseSample {
  std::string where;              // "history.csv: line 4": for the report
  std::optional<double> ack_s;    // page → first acknowledgement (MTTA's sample)
  bool night = false;             // the responder's local hour at the page outside 08:00–22:00
  std::optional<bool> escalated;  // the first page was not acknowledged before escalation
  std::optional<model::Severity> severity;
  std::optional<double> ttm_s;  // impact start (else the page) → mitigated
};

// A group of durations (acknowledgements by day, time to mitigate at P2, ...) and its fit, or
// why there is none.
struct DurationGroup {
  std::string name;  // "acknowledgement, day (08:00–22:00)"
  std::vector<double> samples_s;
  std::size_t left_out = 0;  // durations of 0 s, which a lognormal cannot hold
  std::optional<LognormalFit> fit;
  std::string refused;  // why not fitted; empty when fitted
};

// The share of first pages that were not acknowledged before escalation.
struct ShareGroup {
  std::string name;
  std::size_t n = 0;          // incidents whose source says whether they escalated
  std::size_t escalated = 0;  // of those, escalated
  std::optional<double> share;
  std::string refused;
};

struct Calibration {
  std::size_t incidents = 0;
  std::size_t min_incidents = kMinIncidentsPerGroup;
  DurationGroup ack_day, ack_night;
  std::array<DurationGroup, model::kSeverityCount> ttm;  // P1..P4
  ShareGroup missed_day, missed_night;
};

// Groups `samples` and fits each group with at least `min_incidents`: acknowledgement times of
// incidents not escalated (an escalated incident's acknowledgement includes the escalation
// delay; escalation is the missed page's share), by day and by night, lognormal; time to
// mitigate per severity, lognormal; the escalated share by day and by night.
// REQUIRES: min_incidents >= 3.
Calibration calibrate_people(std::span<const ResponseSample> samples,
                             std::size_t min_incidents = kMinIncidentsPerGroup);

// The scenario fragment a scenario can "include": {"policy": {"responders": {...}}} holding only
// the values fitted (ack_median_day_min, ack_median_night_min, missed_page_probability_day,
// missed_page_probability_night); a fitted median beyond the loader's range (1440 min) is left
// out and marked refused in `calibration`. Minutes with two decimals, shares with four.
std::string people_json(Calibration& calibration);

// people.md: for each value people.json sets, the group, n, estimate and the source files.
std::string people_provenance(const Calibration& calibration,
                              const std::vector<std::string>& sources);

// calibration.md: per group n, median, sigma, KS and Anderson–Darling statistics and p-values,
// refused groups with their counts, and a link to each quantile–quantile plot in `plots` (paths
// relative to the report), if any.
std::string calibration_markdown(const Calibration& calibration,
                                 const std::vector<std::string>& sources,
                                 const std::vector<std::string>& plots);

// gnuplot inputs of the quantile–quantile plots: for each fitted group, "qq-<slug>.dat" (the
// sorted observed minutes against the fitted lognormal's quantiles at (i − 0.5)/n) and one
// "plots.gp" that, run in their folder, writes "qq-<slug>.png" and ".svg". Returns (relative
// path, content) pairs, and the PNG names in `pngs`.
std::vector<std::pair<std::string, std::string>> qq_plot_files(const Calibration& calibration,
                                                               std::vector<std::string>& pngs);

}  // namespace firedrill::scoring
