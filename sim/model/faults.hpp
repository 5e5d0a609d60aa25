#pragma once
// What each fault of the chaos catalogue does to the flow state, as a function of the time
// since it started (some faults move through phases: rollout stages, a leak's sawtooth, a
// datastore failover).

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/model/flow.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::model {

// Memory leaks are stepped: the capacity over a leak period is held constant for each of this
// many equal steps, at the step's midpoint value, so the mean capacity equals a linear decay's.
constexpr int kLeakSteps = 8;

// Returns every fault of a run of `scenario` with `seed`: the scheduled faults in order (so
// scenario fault i is run fault i), then the faults its processes draw before the run's end,
// sorted by start. Fault process `id` draws from stream "faults/<id>" (replica r of a
// per-replica process from "faults/<id>/<r>"), change process `id` from "changes/<id>", so
// adding a process never changes another's faults, and two policies see the same faults.
std::vector<Fault> realize_faults(const Scenario& scenario, std::uint64_t seed);

// Returns the share of traffic (fraction 0–1) a bad deploy's new version serves `elapsed` after
// it started: its rollout stage's, the last stage's from then on, 1 without stages.
double rollout_share(const Fault& fault, SimTime elapsed);

// Returns how many of `service`'s replicas run in `zone` (replicas are spread round-robin).
int replicas_in_zone(const Service& service, const std::string& zone);

// Applies the effect of `fault`, active for `elapsed` (>= 0), to `state`. Effects compose:
// crashed replicas add up, error ratios combine as independent failures, capacity factors and
// rate multipliers multiply.
void apply_fault(const Scenario& scenario, const Fault& fault, SimTime elapsed,
                 FlowState& state);

// Returns the elapsed time of the fault's next phase change after `elapsed` (a rollout stage
// ends, a leak step or OOM kill, a failover completes), or nullopt when its effect is constant
// from here on.
std::optional<SimTime> next_phase_change(const Fault& fault, SimTime elapsed);

}  // namespace firedrill::model
