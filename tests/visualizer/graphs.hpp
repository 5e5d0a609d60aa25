#pragma once
// Hand-built call graphs for the visualizer's tests: services named by letters, calls as
// (caller, callee) pairs, one journey per entry service that uses every call.

#include <string>
#include <utility>
#include <vector>

#include "sim/model/scenario.hpp"

namespace firedrill::visualizer::testing {

inline model::Scenario graph(std::size_t services,
                             const std::vector<std::pair<std::size_t, std::size_t>>& calls,
                             const std::vector<std::size_t>& entries = {0}) {
  model::Scenario s;
  for (std::size_t i = 0; i < services; ++i)
    s.services.push_back({.name = std::string(1, static_cast<char>('a' + i))});
  for (const auto& [caller, callee] : calls)
    s.calls.push_back({.caller = caller, .callee = callee});
  for (const std::size_t entry : entries) {
    model::Journey j;
    j.name = "via-" + s.services[entry].name;
    j.entry_service = entry;
    for (std::size_t c = 0; c < s.calls.size(); ++c) j.calls.push_back(c);
    s.journeys.push_back(j);
  }
  return s;
}

}  // namespace firedrill::visualizer::testing
