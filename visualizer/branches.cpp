#include "visualizer/branches.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "scoring/decision_costs.hpp"
#include "scoring/format.hpp"
#include "scoring/report.hpp"
#include "scoring/whatif_report.hpp"
#include "sim/model/whatif.hpp"

namespace firedrill::visualizer {
namespace {

// A branch run on from `from` to the drill's end with its commands after those the copy had
// applied, as a what-if runs them (model::continue_branch): its record and, in words, each
// command the world refused there.
struct BranchRun {
  model::RunRecord record;
  std::vector<std::string> refused;
};

BranchRun run_branch(const model::Scenario& scenario, std::uint64_t seed, const DrillCopy& from,
                     const Branch& branch) {
  model::Recorder recorder;
  StoryFeed story = from.story;  // its record so far: the run before the copy
  recorder.record() = story.record();
  model::Run run = from.run.fork(&recorder);
  model::WhatIfResult steps;
  model::continue_branch(run, branch.log, from.commands, steps);
  BranchRun out{model::record_to_end(run, recorder, seed), {}};
  for (const model::DroppedCommand& d : steps.dropped) {
    const model::DrillCommand& c = branch.log[d.index];
    out.refused.push_back(fmt::format("in {}, {} at {} was refused: {}", branch.name,
                                      scoring::describe_drill_action(scenario, c.action, c.seat),
                                      scoring::format_offset(c.at), d.reason));
  }
  return out;
}

// The branch's commands from `first` on, in words with their times, bookmarks left out.
std::vector<std::string> described(const model::Scenario& scenario, const Branch& branch,
                                   std::size_t first) {
  std::vector<std::string> out;
  for (std::size_t k = first; k < branch.log.size(); ++k) {
    const model::DrillCommand& c = branch.log[k];
    if (std::holds_alternative<model::Bookmark>(c.action)) continue;
    out.push_back(fmt::format("{}: {}", scoring::format_offset(c.at),
                              scoring::describe_drill_action(scenario, c.action, c.seat)));
  }
  return out;
}

}  // namespace

Divergence divergence(const std::vector<model::DrillCommand>& a,
                      const std::vector<model::DrillCommand>& b) {
  const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  Divergence d{static_cast<std::size_t>(ia - a.begin())};
  if (ia != a.end()) d.at = ia->at;
  if (ib != b.end()) d.at = std::min(d.at, ib->at);
  return d;
}

std::string compare_branches(const model::Scenario& scenario, std::uint64_t seed,
                             const DrillCopy& from, const Branch& a, const Branch& b) {
  const Divergence d = divergence(a.log, b.log);
  const BranchRun ra = run_branch(scenario, seed, from, a);
  const BranchRun rb = run_branch(scenario, seed, from, b);
  const scoring::Report report_a = scoring::evaluate(scenario, ra.record);
  const scoring::Report report_b = scoring::evaluate(scenario, rb.record);
  scoring::WhatIfChanges changes;
  changes.at = std::min(d.at, scenario.run.duration);
  changes.changes = described(scenario, b, d.index);
  if (changes.changes.empty()) changes.changes.push_back(b.name + " adds no command");
  for (const std::string& instead : described(scenario, a, d.index))
    changes.notes.push_back(fmt::format("{} has instead {}", a.name, instead));
  changes.notes.insert(changes.notes.end(), ra.refused.begin(), ra.refused.end());
  changes.notes.insert(changes.notes.end(), rb.refused.begin(), rb.refused.end());
  return fmt::format("Original: {}. What-if: {}.\n\n", a.name, b.name) +
         scoring::whatif_markdown(scenario, {ra.record, report_a}, {rb.record, report_b}, changes);
}

}  // namespace firedrill::visualizer
