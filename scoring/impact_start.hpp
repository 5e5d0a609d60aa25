#pragma once
// When a fault's impact starts: the first moment users of the journeys it can reach feel it, read
// from the journeys' SLIs in the record's segments rather than from the fault's start.

#include <cstddef>
#include <optional>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

using model::SimTime;

// Two p99 latencies closer than this relative difference are the same steady state recomputed,
// not a change users feel.
constexpr double kLatencyRounding = 1e-9;

// Returns, indexed like Scenario::journeys, true iff the journey's requests can reach a service
// `fault` acts on: the journey's entry service, or a service reached from it along the journey's
// own calls, is one of the fault's services (its target; caller and callee of a failing call;
// both sides of a partition; every service with replicas in an out zone; the entry services of
// the journeys a surge multiplies), as response.cpp's affected_services names them. The result
// does not depend on the order of calls or services in the scenario.
std::vector<bool> journeys_reaching(const model::Scenario& scenario, const model::Fault& fault);

// Which SLI showed the impact first.
enum class ImpactSignal {
  FailedShare,  // the journey's failed share rose above its share just before the fault
  Latency,      // the journey's p99 latency breached its latency SLO (slo.p99_latency_ms)
};
const char* to_string(ImpactSignal s);  // "failed_share", "latency"

// The start of a fault's impact on users, and the evidence for it.
struct ImpactStart {
  SimTime at{0};
  std::size_t journey = 0;  // index into Scenario::journeys: the journey whose SLI showed it
  ImpactSignal signal = ImpactSignal::FailedShare;
  double before = 0.0;  // that SLI just before the fault: a failed share (0–1), or p99 ms
  double value = 0.0;   // that SLI at `at`
};

// The users' side of one fault. The nominal background of each journey is its steady state just
// before the fault began (the segment that ends at or contains `fault_start` − 1 ms); a fault at
// the run's start has none, and its background is no failures and no latency. In a segment a
// journey that the fault can reach (journeys_reaching) is **hurt** iff it has offered traffic and
//   - its failed share, 1 − good/offered, exceeds its background share, by enough that the excess
//     fails at least kMinFailedRequests (one whole request) over the segment: less is numerical
//     residue (a timeout tail of e^-50), as had_impact() says; or
//   - it has a latency SLO and its p99 latency exceeds slo.p99_latency_ms and its background p99
//     (by more than kLatencyRounding of it).
class UserImpact {
 public:
  // REQUIRES: `fault` is an index into record.faults.
  UserImpact(const model::Scenario& scenario, const model::RunRecord& record, std::size_t fault,
             SimTime fault_start);

  // The start of the first segment in [fault_start, until) in which some reachable journey is
  // hurt, clipped to fault_start; nullopt if there is none. Of several journeys hurt in that
  // segment the evidence names the first by journey name, a failed share before a latency
  // breach. A record with no segment overlapping the window has no SLIs to read: the impact then
  // starts at fault_start, with the fault's first reachable journey (by name) as evidence and
  // before = value = 0.
  std::optional<ImpactStart> start(SimTime until) const;

  // The end of an impact that began at `from` and was resolved at `to`: the end of the last
  // segment overlapping [from, to) in which a reachable journey breached an SLO (failed a larger
  // share than its objective allows, or breached its latency SLO), capped at `to` — within its
  // SLO a journey's failures are what users live with. An impact that never breached an SLO ends
  // with the last segment in which a reachable journey was hurt. `from` if there is neither.
  SimTime resolved_end(SimTime from, SimTime to) const;

  // Indexed like Scenario::journeys: journeys_reaching(scenario, fault).
  const std::vector<bool>& reachable() const { return reachable_; }

 private:
  // The signal by which journey `j` is hurt in `seg`, if it is.
  std::optional<ImpactSignal> hurt(const model::Segment& seg, std::size_t j) const;
  // Returns true iff reachable journey `j` breaches its availability or latency SLO in `seg`.
  bool breached(const model::Segment& seg, std::size_t j) const;
  // Returns true iff journey `j` has a latency SLO, traffic, and a p99 in `seg` above both the
  // objective and its background.
  bool latency_breached(const model::Segment& seg, std::size_t j) const;
  double sli(const model::Segment& seg, std::size_t j, ImpactSignal signal) const;

  const model::Scenario& scenario_;
  const model::RunRecord& record_;
  SimTime fault_start_{0};
  std::vector<bool> reachable_;
  std::vector<std::size_t> by_name_;        // journey indices sorted by name
  const model::Segment* before_ = nullptr;  // the steady state just before the fault, if any
};

// The impact start of incident `incident`: UserImpact of its fault from its IncidentOpened (the
// fault's start), searched until the first of the fault's FaultCleared, the incident's
// IncidentMitigated and the run's end; a fault that hurt nobody before then never hurt users.
// REQUIRES: incident `incident` was opened in `record` (checked; throws engine::InvariantError).
// Cost: one pass over the timeline and one over the segments.
std::optional<ImpactStart> incident_impact_start(const model::Scenario& scenario,
                                                 const model::RunRecord& record,
                                                 std::size_t incident);

}  // namespace firedrill::scoring
