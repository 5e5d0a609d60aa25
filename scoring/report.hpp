#pragma once
// A run's report: per-incident metrics and the summary, evaluated from (Scenario, RunRecord),
// and its JSON form (report.json).

#include <cstdint>
#include <string>
#include <vector>

#include "scoring/incident_metrics.hpp"
#include "scoring/summary.hpp"
#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// Everything scoring concludes about one run. Self-contained: it carries the journey names its
// *_by_journey vectors are indexed by, so it can be written without the scenario.
struct Report {
  std::string scenario;
  std::uint64_t seed = 0;
  double duration_s = 0.0;
  std::int64_t start_unix_s = 0;      // wall-clock start of the run, UTC seconds
  std::string currency = "USD";       // of every revenue figure, ISO 4217 (RunSettings)
  std::vector<std::string> journeys;  // names, indexed like Scenario::journeys
  std::vector<IncidentMetrics> incidents;
  Summary summary;
};

// Evaluates a run: a pure function of its inputs; never runs the simulation.
// REQUIRES: `record` was produced from `scenario` (see measure_incidents).
Report evaluate(const model::Scenario& scenario, const model::RunRecord& record);

// report.json: pretty-printed, keys in a fixed order, seconds rounded to milliseconds, request
// counts to 0.1, money to 0.01, fractions to 1e-6 and scores to 0.01, so the same report always
// gives the same bytes. Phases that never happened are null; so is an error-budget fraction
// that is infinite (a zero budget with failures). docs/scoring.md lists every key.
std::string report_json(const Report& report);

}  // namespace firedrill::scoring
