#pragma once
// Private to sim/scenario: the parts of the scenario loader that other readers of
// scenario-bound files (the drill log) reuse, so a fault is checked the same way everywhere.

#include <string>
#include <string_view>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/scenario/json_reader.hpp"

namespace firedrill::scenario::internal {

// Reads `value` (at `pointer`) as a fault injected at `at` into a run of `scenario`: an object
// as in the scenario's "faults" list without "start_min" (id, type, the type's parameters, and
// an optional absolute "end_min" > at), whose id is none of `taken_ids`. Every problem goes to
// `problems`; the fault (start = at) is meaningful only when none was added.
model::Fault read_injected_fault(const json& value, const std::string& pointer,
                                 const model::Scenario& scenario, engine::SimTime at,
                                 const std::vector<std::string>& taken_ids, Problems& problems);

}  // namespace firedrill::scenario::internal
