#pragma once
// The topology at a run's worst moment as a Graphviz DOT graph: services coloured by health,
// calls drawn by their traffic and failures. `dot -Tsvg graph.dot -o graph.svg` renders it;
// docs/exports.md describes it.

#include <cstddef>
#include <optional>
#include <string>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// Health thresholds of the graph. The error-ratio ones are the failed shares at which the
// default severity matrix declares P3 and P2 (ResponsePolicy::severity_failed_share); the
// utilisation ones are where an M/M/c queue's waiting time climbs steeply (0.8) and where load
// exceeds capacity (1).
constexpr double kDegradedErrorRatio = 0.01;
constexpr double kFailingErrorRatio = 0.05;
constexpr double kDegradedUtilisation = 0.8;
constexpr double kOverloadedUtilisation = 1.0;

// A service's health in one segment, worst first:
//   Down         no healthy replica (of at least one);
//   Failing      error ratio >= kFailingErrorRatio or utilisation >= kOverloadedUtilisation;
//   Degraded     error ratio >= kDegradedErrorRatio, utilisation >= kDegradedUtilisation, or
//                fewer healthy replicas than configured;
//   Healthy      otherwise.
enum class ServiceHealth { Down, Failing, Degraded, Healthy };
ServiceHealth service_health(const model::Service& service, const model::ServiceFlow& flow);
const char* to_string(ServiceHealth h);  // "down", "failing", "degraded", "healthy"

// The worst moment of a run: the segment in which some journey failed the largest share of its
// offered requests (ties: more failed req/s, then the earlier segment, then the journey that
// comes first); that journey is the worst journey. Shares below 1e-6 are numerical residue, not
// failures. A run in which no journey ever failed has no worst journey: its worst moment is the
// segment with the highest utilisation of any service (ties: the earlier). Empty segments are
// never chosen.
struct WorstMoment {
  std::size_t segment = 0;             // index into RunRecord::segments
  std::optional<std::size_t> journey;  // index into Scenario::journeys; nullopt: nothing failed
  double failed_share = 0.0;           // of the worst journey in that segment, 0–1
};
// REQUIRES: `record` has at least one non-empty segment.
WorstMoment worst_moment(const model::RunRecord& record);

// Returns the DOT text of the topology during the worst moment: a digraph laid out left to
// right (rankdir=LR) under a title with the scenario, the moment's wall-clock start (UTC), offset
// and length, and the worst journey's failed share.
// - One box per service, filled by its health (Healthy green, Degraded orange, Failing red, Down
//   dark red), labelled with its name, healthy/configured replicas, utilisation and error ratio.
// - One edge per call, 1–6 pt wide in proportion to its attempts (retries included) over the
//   busiest call's, dashed for a soft call; red when its failure ratio is at least
//   kFailingErrorRatio or its breaker is open, orange from kDegradedErrorRatio, light grey while
//   it carries no traffic; labelled with its attempts/s, its failure ratio from
//   kDegradedErrorRatio on, and an open breaker.
// Names are escaped for DOT's quoted strings. A pure function: the same record gives the same
// bytes.
// REQUIRES: `record` was produced from `scenario` (every segment holds a flow per service and
// per call) and has at least one non-empty segment.
std::string topology_dot(const model::Scenario& scenario, const model::RunRecord& record);

// `text` as a DOT double-quoted string's content: quotes and backslashes escaped (so that no
// label escape such as \N or \l arises from a name), line breaks as \n.
std::string dot_escape(const std::string& text);

}  // namespace firedrill::scoring
