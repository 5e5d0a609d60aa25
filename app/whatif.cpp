#include "app/whatif.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <regex>
#include <set>

#include "app/cli.hpp"
#include "app/outputs.hpp"
#include "app/sweep.hpp"
#include "scoring/decision_costs.hpp"
#include "scoring/describe.hpp"
#include "scoring/format.hpp"
#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"
#include "scoring/sweep_metrics.hpp"
#include "scoring/whatif_report.hpp"
#include "sim/model/faults.hpp"
#include "sim/model/whatif.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/seat_action.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

// The most changes one what-if makes (docs/limits.md).
constexpr std::size_t kMaxChanges = 100;

// The pointers --set may change: response-policy values a running drill can follow from the
// fork on (the policy; a team's escalation delays and loops, not its levels or targets).
bool policy_pointer(const std::string& pointer) {
  static const std::regex kPolicy(
      R"(/policy(/.*)?|/teams/\d+/escalation/(loops|levels/\d+/delay_min))");
  return std::regex_match(pointer, kPolicy);
}

// What the branch changes, read from the options against the drill (its scenario, seed and log).
struct Changes {
  std::vector<model::DrillAction> actions;  // --end, then --inject, then --order
  std::vector<std::string> words;           // each in plain words, then each --set
  std::vector<scenario::Setting> settings;  // --set
  std::optional<model::Scenario> policy;    // the scenario under the settings
};

Changes read_changes(const po::variables_map& vm, const fs::path& file,
                     const model::Scenario& scenario, std::uint64_t seed,
                     const scenario::DrillLog& log, model::SimTime at,
                     const std::vector<fs::path>& allowed) {
  const auto list = [&vm](const char* name) {
    return vm.count(name) ? vm[name].as<std::vector<std::string>>() : std::vector<std::string>{};
  };
  Changes c;
  // Fault ids the branch knows: the run's own faults with this seed and every injected one.
  std::set<std::string> ids;
  for (const model::Fault& f : model::realize_faults(scenario, seed)) ids.insert(f.id);
  for (const model::DrillCommand& command : log.commands)
    if (const auto* inject = std::get_if<model::InjectFault>(&command.action))
      ids.insert(inject->fault.id);
  for (const std::string& id : list("end")) {
    if (!ids.count(id))
      throw UsageError("firedrill whatif: --end " + id +
                       ": no fault of the drill has this id (a scheduled, drawn or injected "
                       "fault's)");
    c.actions.push_back(model::EndFault{id});
    c.words.push_back(scoring::describe_drill_action(scenario, c.actions.back()));
  }
  for (const std::string& text : list("inject")) {
    model::Fault fault = scenario::parse_injected_fault(
        text, scenario, at, std::vector<std::string>(ids.begin(), ids.end()), "--inject");
    ids.insert(fault.id);
    c.actions.push_back(model::InjectFault{std::move(fault)});
    c.words.push_back(scoring::describe_drill_action(scenario, c.actions.back()));
  }
  for (const std::string& text : list("order")) {
    model::SeatAction decision = scenario::parse_seat_action(text, "--order", scenario);
    c.actions.push_back(model::Order{std::move(decision)});
    c.words.push_back(scoring::describe_drill_action(scenario, c.actions.back()));
  }
  for (const std::string& text : list("set")) {
    scenario::Setting s = parse_setting("whatif", text);
    if (!policy_pointer(s.pointer))
      throw UsageError("firedrill whatif: --set " + s.pointer +
                       ": only response-policy values can change during a drill: /policy/..., "
                       "/teams/N/escalation/loops or /teams/N/escalation/levels/M/delay_min");
    c.words.push_back(fmt::format("{} is {} from then on", s.pointer, s.value));
    c.settings.push_back(std::move(s));
  }
  if (!c.settings.empty()) {
    c.policy = scenario::load_scenario(file, {std::nullopt, c.settings}, allowed);
    for (std::size_t t = 0; t < scenario.teams.size(); ++t) {
      const auto& a = scenario.teams[t].escalation.levels;
      const auto& b = c.policy->teams[t].escalation.levels;
      for (std::size_t l = 0; l < a.size(); ++l)
        if (a[l].targets != b[l].targets)
          throw UsageError("firedrill whatif: --set may not change who an escalation level pages");
    }
  }
  if (c.actions.size() + c.settings.size() > kMaxChanges)
    throw UsageError(fmt::format("firedrill whatif: at most {} changes", kMaxChanges));
  return c;
}

// The world refused change `index` at the moment: an input error naming the option.
[[noreturn]] void refused(const Changes& c, const model::CommandRefused& e, model::SimTime at) {
  throw BadInput(fmt::format("firedrill whatif: {}: refused at {}: {}", c.words.at(e.index()),
                             scoring::format_offset(at), e.what()));
}

std::vector<std::string> notes(const model::WhatIfResult& r, const scenario::DrillLog& log,
                               const model::Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& [seat, at] : r.released)
    out.push_back(fmt::format(
        "In the what-if the world refused a later command of seat {}: from {} the policy plays "
        "that seat.",
        scenario::seat_text(log.seats.at(seat), scenario), scoring::format_offset(at)));
  for (const model::DroppedCommand& d : r.dropped)
    out.push_back(
        fmt::format("The drill log's command {} (at {}) was not applied in the "
                    "what-if: {}.",
                    d.index, scoring::format_offset(log.commands[d.index].at), d.reason));
  return out;
}

// One what-if on the drill's own seed: both runs' reports, postmortems and the difference.
int one_what_if(const model::Scenario& scenario, const fs::path& file, std::uint64_t seed,
                const scenario::DrillLog& log, const model::WhatIfSpec& spec,
                const Changes& changes, const fs::path& out, Outputs& outputs) {
  model::WhatIfResult result;
  try {
    result = model::run_what_if(scenario, seed, log.seats, log.commands, spec);
  } catch (const model::CommandRefused& e) {
    refused(changes, e, spec.at);
  }
  const model::Scenario& branch_scenario = changes.policy ? *changes.policy : scenario;
  const scoring::Report original = scoring::evaluate(scenario, result.original);
  const scoring::Report what_if = scoring::evaluate(branch_scenario, result.branch);
  const scoring::WhatIfChanges words{spec.at, changes.words, notes(result, log, scenario)};
  const scoring::WhatIfRun a{result.original, original};
  const scoring::WhatIfRun b{result.branch, what_if};
  const std::string markdown = scoring::whatif_markdown(scenario, a, b, words);
  outputs.add(out / "whatif.md", markdown);
  outputs.add(out / "whatif.json", scoring::whatif_json(a, b, words));
  outputs.add(out / "original" / "report.json", scoring::report_json(original));
  outputs.add(out / "original" / "postmortem.md",
              scoring::postmortem_markdown(scenario, result.original, original));
  outputs.add(out / "what-if" / "report.json", scoring::report_json(what_if));
  outputs.add(out / "what-if" / "postmortem.md",
              scoring::postmortem_markdown(branch_scenario, result.branch, what_if));
  // The branch as a drill log replays it exactly, unless a policy value changed mid-drill.
  if (!changes.policy) {
    scenario::DrillLog branch_log{file.string(), seed, log.seats, result.branch_commands};
    outputs.add(out / "what-if" / "drill-log.json", scenario::drill_log_json(branch_log, scenario));
  }
  outputs.commit();
  std::cout << markdown.substr(0, markdown.find("\n## Incidents"))
            << fmt::format(
                   "\nWrote {} and {}, and each run's report.json and postmortem.md in "
                   "{} and {}\n",
                   (out / "whatif.md").string(), (out / "whatif.json").string(),
                   (out / "original").string(), (out / "what-if").string());
  return kExitOk;
}

// The same what-if over `runs` seeds from `first_seed`: the original and the branch compared as
// two policies of a sweep. A replication whose world refuses a change has no branch values.
int what_if_sweep(const model::Scenario& scenario, std::uint64_t first_seed, std::size_t runs,
                  unsigned threads, const model::WhatIfSpec& spec, const Changes& changes,
                  const fs::path& out, Outputs& outputs) {
  std::vector<scoring::SweepValues> original(runs), branch(runs);
  std::vector<std::optional<std::string>> refusals(runs);
  const model::Scenario& branch_scenario = changes.policy ? *changes.policy : scenario;
  for_each_run(runs, threads, "whatif", [&](std::size_t i) {
    const std::uint64_t seed = first_seed + i;
    try {
      const auto r = model::run_what_if(scenario, seed, {}, {}, spec);
      original[i] = scoring::sweep_values(scoring::evaluate(scenario, r.original));
      branch[i] = scoring::sweep_values(scoring::evaluate(branch_scenario, r.branch));
    } catch (const model::CommandRefused& e) {
      original[i] =
          scoring::sweep_values(scoring::evaluate(scenario, model::simulate(scenario, seed)));
      refusals[i] = fmt::format("seed {}: {}: {}", seed, changes.words.at(e.index()), e.what());
    }
  });
  scoring::SweepResult sweep;
  sweep.scenario = scenario.name;
  sweep.runs = runs;
  sweep.first_seed = first_seed;
  sweep.policies = {{"original", "", std::move(original)}, {"what-if", "", std::move(branch)}};
  std::string what = fmt::format(
      "The what-if forks each replication at {} (since the run's "
      "start), where it differs from the original by:",
      scoring::format_offset(spec.at));
  for (const std::string& w : changes.words) what += "\n- " + w;
  sweep.notes.push_back(what);
  std::vector<std::string> refused_in;
  for (const auto& r : refusals)
    if (r) refused_in.push_back(*r);
  if (!refused_in.empty()) {
    std::string note = fmt::format(
        "The world refused the change in {} of {} replications: they have no what-if values and "
        "drop out of the paired comparison. The first:",
        refused_in.size(), runs);
    for (std::size_t k = 0; k < std::min<std::size_t>(5, refused_in.size()); ++k)
      note += "\n- " + refused_in[k];
    sweep.notes.push_back(note);
  }
  write_outputs(sweep, out, outputs);
  return kExitOk;
}

}  // namespace

int cmd_whatif(const std::vector<std::string>& args, const fs::path& default_scenario) {
  po::options_description options(
      "firedrill whatif [SCENARIO] --at T [CHANGE...] [options]\n\n"
      "Forks a drill of SCENARIO (default: the bundled Black Friday drill) at simulated time T\n"
      "with changed decisions, runs both to the end and writes DIR/whatif.md (the difference:\n"
      "times, failed requests, budget, pages, wake-ups, score, and both timelines from T),\n"
      "DIR/whatif.json, and each run's report and postmortem in DIR/original and DIR/what-if.\n"
      "The run before T is shared. With --runs N, the same change on N seeds, compared as a\n"
      "sweep compares two policies (DIR/summary.md, sweep.json, runs.csv, plots).\n\n"
      "CHANGE (each repeatable; applied at T in this order):\n"
      "  --end FAULT_ID      the facilitator ends a fault\n"
      "  --inject JSON       the facilitator injects a fault (as a drill log's \"inject\")\n"
      "  --order JSON        the policy's responders take this decision now, in a seat action's\n"
      "                      form: mitigate, declare_severity, page_team or page_person\n"
      "                      (docs/drill-log.md), e.g. '{\"act\": \"mitigate\", \"incident\": 0,\n"
      "                      \"action\": \"rollback\", \"service\": \"frontend\"}'\n"
      "  --set /POINTER=VALUE  a response-policy value from T on (/policy/..., a team's\n"
      "                      /escalation/loops or /escalation/levels/M/delay_min)\n\noptions");
  options.add_options()("help,h", "show this help")(
      "at", po::value<std::string>()->value_name("T"),
      "the moment of the fork: 25m, 1h30m, 1500 (seconds since the run's start)")(
      "replay", po::value<std::string>()->value_name("LOG"),
      "fork this drill log's drill (its seed, seat and commands) instead of the scenario's own")(
      "seed", po::value<std::string>(), "random seed (default: the log's, else run.seed)")(
      "out", po::value<std::string>()->default_value("firedrill-whatif"), "output directory")(
      "runs", po::value<std::string>(),
      "the same what-if on N seeds from the seed on (1 to 100,000; not with --replay)")(
      "threads", po::value<std::string>(), "worker threads for --runs, 1 to 256 (default: 1)")(
      "end", po::value<std::vector<std::string>>(), "end a fault (repeatable)")(
      "inject", po::value<std::vector<std::string>>(), "inject a fault (repeatable)")(
      "order", po::value<std::vector<std::string>>(), "order a decision (repeatable)")(
      "set", po::value<std::vector<std::string>>(), "change a policy value (repeatable)")(
      "scenario", po::value<std::string>(), "scenario file");
  add_allow_path_option(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("whatif", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("at")) throw UsageError("firedrill whatif: give --at T, the moment of the fork");
  if (vm.count("runs") && vm.count("replay"))
    throw UsageError(
        "firedrill whatif: --runs repeats the change on other seeds; a drill log "
        "is one seed's drill");
  const fs::path file =
      vm.count("scenario") ? fs::path(vm["scenario"].as<std::string>()) : default_scenario;
  const auto allowed = allowed_dirs(vm);
  const model::Scenario scenario = scenario::load_scenario(file, {}, allowed);
  const model::SimTime at = parse_sim_duration("whatif", "at", vm["at"].as<std::string>());
  if (at >= scenario.run.duration)
    throw UsageError(
        fmt::format("firedrill whatif: --at must be before the run's end ({})",
                    scoring::format_duration(engine::to_seconds(scenario.run.duration))));
  std::optional<std::uint64_t> seed_option;
  if (vm.count("seed")) seed_option = parse_seed("whatif", vm["seed"].as<std::string>());
  scenario::DrillLog log;
  if (vm.count("replay"))
    log = scenario::load_drill_log(vm["replay"].as<std::string>(), scenario, seed_option);
  const std::uint64_t seed =
      seed_option ? *seed_option : (vm.count("replay") ? log.seed : scenario.run.seed);

  Outputs outputs("whatif");
  const fs::path out = outputs.dir("out", vm["out"].as<std::string>());
  const Changes changes = read_changes(vm, file, scenario, seed, log, at, allowed);
  const model::WhatIfSpec spec{at, changes.actions, changes.policy ? &*changes.policy : nullptr};
  if (!vm.count("runs")) return one_what_if(scenario, file, seed, log, spec, changes, out, outputs);
  const auto runs = static_cast<std::size_t>(
      whole_number("whatif", "--runs", vm["runs"].as<std::string>(), 1, scoring::kMaxReplications));
  const auto threads = vm.count("threads")
                           ? static_cast<unsigned>(whole_number(
                                 "whatif", "--threads", vm["threads"].as<std::string>(), 1, 256))
                           : 1u;
  return what_if_sweep(scenario, seed, runs, threads, spec, changes, out, outputs);
}

}  // namespace firedrill::app
