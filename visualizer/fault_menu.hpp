#pragma once
// The facilitator's fault menu, window-free: which faults of the catalogue can be injected at a
// service or a call of the map, their parameters with ranges and defaults, and the fault they
// make. The window draws it (panel.cpp); the scenario loader checks what it makes.

#include <string>
#include <vector>

#include "sim/model/scenario.hpp"
#include "visualizer/hit_test.hpp"

namespace firedrill::visualizer {

// A fault parameter the menu shows as a slider.
enum class FaultParameter {
  Replicas,        // crash_replicas: how many, 1 … the service's replicas
  ErrorRatio,      // fraction 0–1 of requests failing
  LatencyMs,       // added mean latency, ms
  Multiplier,      // traffic_surge: rate × this
  CapacityFactor,  // resource_exhaustion, memory_leak, datastore_failover: fraction 0–1
  LeakPeriodMin,   // memory_leak: full capacity to the OOM kill, min
};

// One parameter's slider: its label (with its unit), range and default. The ranges are the
// scenario format's (docs/scenario-format.md, "faults"), capped where a slider needs a top.
struct ParameterSpec {
  FaultParameter parameter;
  const char* label;
  double min = 0.0;
  double max = 1.0;
  double value = 0.0;  // the default
  bool integer = false;
};

// A fault the menu offers at the selected target, with its own choices: for a network
// partition the peer service, for a zone outage the zone, for a traffic surge the journey.
struct FaultChoice {
  model::FaultType type = model::FaultType::ErrorRate;
  std::vector<ParameterSpec> parameters;
  std::vector<std::string> options;  // peer services, zones or journeys ("all journeys" first)
  const char* options_label = "";    // "" when there are no options
};

// Returns the faults that can be injected at `target` of `scenario`, in catalogue order: at a
// service every service fault that applies to it (third_party_outage only at an external
// service, which takes nothing else; zone_outage only where the service lists zones; a
// partition only toward a service it calls or is called by) and traffic_surge; at a call,
// call_failure and a partition between its two services.
std::vector<FaultChoice> fault_choices(const model::Scenario& scenario, Hit target);

// Returns the fault `choice` makes at `target` with the sliders' `values` (one per parameter)
// and option `option` (an index into choice.options), named `id`, lasting `duration` from `now`
// (zero: until mitigated). Its start is `now`. The loader checks it (parse_injected_fault).
model::Fault make_fault(const model::Scenario& scenario, Hit target, const FaultChoice& choice,
                        const std::vector<double>& values, std::size_t option,
                        const std::string& id, model::SimTime now, model::SimTime duration);

}  // namespace firedrill::visualizer
