#pragma once
// The branches of a drill in the live view: the drill as it first went ("original") and each
// future the facilitator replaced by seeking back and acting ("branch 2", ...), kept so that the
// room can switch between them and compare them. A branch is its drill log; two branches share
// their run up to the first command where their logs differ (divergence), so switching re-runs
// only from the latest copy before it (Rewind::shared), and a branch is exact: the run before it
// is the same run, not a re-simulation.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/scenario.hpp"
#include "visualizer/rewind.hpp"

namespace firedrill::visualizer {

struct Branch {
  std::string name;             // "original", "branch 2", ...
  model::SimTime forked_at{0};  // when it left the branch it was made from; 0 for the original
  // Its commands in time order, as it was left: those applied, its future after a seek back, then
  // a replayed drill log's commands it had not reached; the first `recorded` are its drill log.
  std::vector<model::DrillCommand> log;
  std::size_t recorded = 0;
  model::SimTime furthest{0};  // how far it had been run
};

// Where two branches' logs part: the first index at which they differ and the earlier of the two
// commands' times there (the end of the shorter log counts as a difference); index = the logs'
// size and at = SimTime::max() when they are equal.
struct Divergence {
  std::size_t index = 0;
  model::SimTime at = model::SimTime::max();
};
Divergence divergence(const std::vector<model::DrillCommand>& a,
                      const std::vector<model::DrillCommand>& b);

// The comparison of branch `b` with branch `a` (as the what-if with the original), both run to
// the drill's end from `from` (a copy both share: Rewind::shared at their divergence): the
// figures side by side and both timelines from the divergence on (scoring::whatif_markdown),
// Markdown. `seed` is the drill's. What differs is `b`'s commands from the divergence on (bookmarks
// left out); `a`'s instead, and any of their later commands the world refused, are its notes.
std::string compare_branches(const model::Scenario& scenario, std::uint64_t seed,
                             const DrillCopy& from, const Branch& a, const Branch& b);

}  // namespace firedrill::visualizer
