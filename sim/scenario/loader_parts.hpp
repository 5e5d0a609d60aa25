#pragma once
// Private to sim/scenario: the parts of the scenario loader that other readers of
// scenario-bound files (the drill log) reuse, so a fault is checked the same way everywhere.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"
#include "sim/scenario/json_reader.hpp"

namespace firedrill::scenario::internal {

// Reads `value` (at `pointer`) as a fault injected at `at` into a run of `scenario`: an object
// as in the scenario's "faults" list without "start_min" (id, type, the type's parameters, and
// an optional absolute "end_min" > at), whose id is none of `taken_ids`. Every problem goes to
// `problems`; the fault (start = at) is meaningful only when none was added.
model::Fault read_injected_fault(const json& value, const std::string& pointer,
                                 const model::Scenario& scenario, engine::SimTime at,
                                 const std::vector<std::string>& taken_ids, Problems& problems);

// Reads `value` (at `pointer`) as one of the seat's actions (seat_action.hpp) against
// `scenario`; every problem goes to `problems`, and nullopt is returned after any.
std::optional<model::SeatAction> read_seat_action(const json& value, const std::string& pointer,
                                                  const model::Scenario& scenario,
                                                  Problems& problems);

// Reads `value` (at `pointer`) as a scenario's "briefing" against `scenario`, whose teams are
// read: "role", "context" and "good_looks_like" (each a non-empty string of at most
// kMaxBriefingTextBytes) and an optional "seat" that parse_seat accepts. Every problem goes to
// `problems`; the briefing is meaningful only when none was added.
model::Briefing read_briefing(const json& value, const std::string& pointer,
                              const model::Scenario& scenario, Problems& problems);

}  // namespace firedrill::scenario::internal
