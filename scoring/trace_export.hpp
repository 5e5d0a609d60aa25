#pragma once
// A run's timeline as a Chrome Trace Event Format file, which Perfetto's UI (ui.perfetto.dev,
// "Open trace file") and chrome://tracing open: a track per service, responder and incident,
// and counters for each journey's error ratio and error budget consumed. docs/exports.md
// describes every track and event.

#include <cstdint>
#include <string>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// The trace's processes: one per kind of track, in this order in the viewer. Their ids are the
// "pid" of every event.
enum class TraceProcess : std::int64_t {
  Services = 1,
  Responders = 2,
  Incidents = 3,
  Journeys = 4
};

// Returns the trace of `record` as the JSON object form of the Trace Event Format
// ({"displayTimeUnit", "otherData", "traceEvents"}), timestamps in microseconds since the run's
// start. A pure function: the same record always gives the same bytes.
//
// - services: a thread per service (in scenario order) with each fault's active interval on the
//   services it targets, each alert's firing interval on the service it watches (a journey's
//   entry service for journey rules), each circuit breaker's open interval on the caller, as
//   complete events ("X"), and autoscaling and auto-remediation as instant events ("i"); a
//   utilisation counter per service.
// - responders: a thread per person who appears in the timeline ("Name (team)", ordered by team
//   and person), with their working states (paged, acknowledging, triaging, …) as complete
//   events; states at rest (available, asleep, off duty) are left out; false-alarm pages and
//   closes as instants.
// - incidents: a thread per incident ("INC-1 fault-id"), with the whole incident from impact to
//   resolution (or the run's end), inside it the phases of its time to mitigate
//   (time_to_mitigate_breakdown) and the resolution after mitigation; pages, acknowledgements,
//   escalations, status updates and the other lifecycle events as instants.
// - journeys: per journey, counters "<journey> error ratio" (failed / offered in each segment)
//   and "<journey> error budget consumed" (failed requests since the run's start / the journey's
//   error budget, exact at every sample: each segment boundary, every minute inside a segment
//   where the journey fails, and the run's end; none when the budget is 0).
//
// Complete events on one thread must nest (the format's rule, which Perfetto enforces): where
// intervals on a track cross, the later ones go to extra threads named "<track> (lane 2)", … .
// REQUIRES: `record` was produced from `scenario` (see measure_incidents). Cost: linear in the
// timeline and in segments × (journeys + services), plus sorting the events.
std::string trace_json(const model::Scenario& scenario, const model::RunRecord& record);

}  // namespace firedrill::scoring
