#pragma GCC diagnostic ignored "-Warray-bounds"  // see load_scenario.cpp: nlohmann with diagnostics

// A training drill's briefing (docs/scenario-format.md, "briefing"): what the seat is told
// before the drill, and the seat it is meant for, checked as play's --as is.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/loader_parts.hpp"
#include "sim/scenario/seat_action.hpp"

namespace firedrill::scenario::internal {

model::Briefing read_briefing(const json& value, const std::string& pointer,
                              const model::Scenario& scenario, Problems& problems) {
  model::Briefing briefing;
  const ObjectReader r(value, pointer, problems);
  if (!r.ok()) return briefing;
  r.check_keys({"role", "context", "good_looks_like", "seat"});
  const auto text = [&r](std::string_view key, std::string& into) {
    auto read = r.name(key, Presence::Required);
    if (!read) return;
    if (read->size() > kMaxBriefingTextBytes) {
      r.problems().add(r.pointer_to(key), "at most " + std::to_string(kMaxBriefingTextBytes) +
                                              " bytes (docs/limits.md), got " +
                                              std::to_string(read->size()));
      return;
    }
    into = std::move(*read);
  };
  text("role", briefing.role);
  text("context", briefing.context);
  text("good_looks_like", briefing.good_looks_like);
  if (auto seat = r.name("seat", Presence::Optional)) {
    try {
      parse_seat(*seat, scenario);
      briefing.seat = std::move(*seat);
    } catch (const std::invalid_argument& e) {
      r.problems().add(r.pointer_to("seat"), e.what());
    }
  }
  return briefing;
}

}  // namespace firedrill::scenario::internal
