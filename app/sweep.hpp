#pragma once
// `firedrill sweep`: Monte Carlo replications of one scenario under several response policies,
// with common random numbers, in parallel, and their comparison.

#include <boost/program_options.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/outputs.hpp"
#include "scoring/sweep_metrics.hpp"
#include "scoring/sweep_report.hpp"
#include "sim/model/scenario.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::app {

// One response policy of a sweep: the scenario as loaded under it.
struct Policy {
  std::string name;
  std::string file;  // "" for the scenario's own policy
  model::Scenario scenario;
};

// The replications of a sweep: SCENARIO, --policy, --set, --runs, --seed, --threads.
struct Replications {
  std::vector<Policy> policies;
  std::optional<scoring::SweepResult::Parameter> parameter;  // --sweep: policy k has value k
  std::vector<scenario::Setting> settings;                   // --set, under every policy
  std::size_t runs = 0;
  std::uint64_t first_seed = 0;  // replication i runs with seed first_seed + i
  unsigned threads = 1;
  // The replications to run, [begin, end): all, or a shard's slice.
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::pair<std::size_t, std::size_t>> shard;  // index, count
};

// Adds the options Replications reads to `options` (and SCENARIO as the positional one).
void add_replication_options(boost::program_options::options_description& options,
                             boost::program_options::positional_options_description& positional);
// Reads them for sub-command `command`, loading the scenario under every policy. Throws
// UsageError for bad options, scenario::ScenarioError for an invalid scenario or policy.
Replications read_replications(const std::string& command,
                               const boost::program_options::variables_map& vm);

// Runs every policy × replication of [begin, end); results[policy][replication − begin]. The same
// for any thread count.
std::vector<std::vector<scoring::SweepValues>> run_all(const Replications& r);
// The sweep's values, named, for scoring's reports.
scoring::SweepResult sweep_result(const Replications& r,
                                  std::vector<std::vector<scoring::SweepValues>> values);

// Runs run(k) for every k in [0, total) on `threads` threads (each k once, in no fixed order:
// results must be stored by k). Shows progress on stderr, prefixed by `command`, when it is a
// terminal.
void for_each_run(std::size_t total, unsigned threads, const std::string& command,
                  const std::function<void(std::size_t)>& run);

// Writes summary.md (and prints it), sweep.json, runs.csv and the plots (gnuplot) into `out`,
// through `outputs`, and commits them. Throws BadInput when they cannot be written.
// `effects` decide the practical verdicts (read_smallest_effects); `appendix`, when set, gives
// sections summary.md ends with, from the statistics (the robustness section).
void write_outputs(
    const scoring::SweepResult& sweep, const std::filesystem::path& out, Outputs& outputs,
    const scoring::SmallestEffects& effects = scoring::default_smallest_effects(),
    const std::function<std::string(const scoring::SweepStatistics&)>& appendix = {});

// Adds --smallest-effect METRIC=VALUE (repeatable) to `options`.
void add_smallest_effect_option(boost::program_options::options_description& options);
// The smallest effects worth acting on: the defaults (scoring::default_smallest_effects), each
// --smallest-effect METRIC=VALUE replacing its metric's: VALUE in the metric's units (seconds,
// requests, a fraction 0–1 of the budget, pages, hours, tickets, points), or P% for P % of the
// first policy's mean. Throws UsageError naming the option for an unknown metric or a value that
// is not a finite number >= 0.
scoring::SmallestEffects read_smallest_effects(const std::string& command,
                                               const boost::program_options::variables_map& vm);

// Runs the merge sub-command: shard files → the whole sweep's outputs. Throws BadInput for
// unreadable or mismatched shards.
int cmd_merge(const std::vector<std::string>& args);

// Runs the sweep sub-command with its arguments (after "sweep"); returns the exit status.
// Throws UsageError for bad options, scenario::ScenarioError for an invalid scenario or policy.
int cmd_sweep(const std::vector<std::string>& args);

}  // namespace firedrill::app
