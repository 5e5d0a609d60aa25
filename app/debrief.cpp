#include "app/debrief.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "app/cli.hpp"
#include "app/outputs.hpp"
#include "app/replay.hpp"
#include "scoring/debrief.hpp"
#include "scoring/format.hpp"
#include "scoring/report.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "sim/scenario/seat_action.hpp"

namespace firedrill::app {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

// The mean of `value` over the incidents that have it, or nullopt.
template <typename Value>
std::optional<double> mean_over(const scoring::Report& r, Value value) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const auto& m : r.incidents)
    if (const std::optional<double> v = value(m)) {
      sum += *v;
      ++n;
    }
  return n ? std::optional(sum / static_cast<double>(n)) : std::nullopt;
}

std::string duration(const std::optional<double>& s) {
  return s ? scoring::format_duration(*s) : std::string("—");
}

// One row: who played (or "policy twin"), the seed, and the drill's figures.
std::string row(const std::string& who, const std::string& seat, const scoring::Report& r) {
  const auto to_cause = mean_over(r, scoring::time_to_cause);
  const auto first_update =
      mean_over(r, [](const scoring::IncidentMetrics& m) { return m.time_to_first_update_s; });
  return fmt::format("| {} | {} | {} | {:.1f} | {} | {} | {} | {} | {} | {} | {} |\n", who, seat,
                     r.seed, r.summary.score, duration(r.summary.mtta_s), duration(to_cause),
                     duration(r.summary.mttm_s), duration(r.summary.mttr_s), duration(first_update),
                     scoring::format_count(r.summary.impact.failed_requests), r.summary.pages);
}

}  // namespace

int cmd_debrief(const std::vector<std::string>& args) {
  po::options_description options(
      "firedrill debrief LOG... [options]\n\n"
      "Compares played drills (drill logs with a seat, from play --record): a row per log and\n"
      "one per seed for the policy twin (the same drill with the policy in the seat). Each log\n"
      "is replayed on the scenario it names (a path relative to the current directory), or on\n"
      "--scenario FILE. Times are means over a drill's incidents (docs/scoring.md).\n\noptions");
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->value_name("FILE"),
      "the scenario every log was played on")("out", po::value<std::string>()->value_name("FILE"),
                                              "write the table to FILE instead of stdout")(
      "log", po::value<std::vector<std::string>>(), "drill logs");
  add_allow_path_option(options);
  po::positional_options_description positional;
  positional.add("log", -1);
  const auto vm = parse("debrief", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("log")) throw UsageError("firedrill debrief: give at least one drill log");
  const auto logs = vm["log"].as<std::vector<std::string>>();
  Outputs outputs("debrief");
  std::optional<fs::path> out_file;
  if (vm.count("out")) out_file = outputs.file("out", vm["out"].as<std::string>());

  std::map<std::string, std::unique_ptr<model::Scenario>> scenarios;  // by file
  std::map<std::pair<std::string, std::uint64_t>, scoring::Report> twins;
  std::string table =
      "| drill | seat | seed | score | MTTA | time to cause | MTTM | MTTR | first update | "
      "failed requests | pages |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const std::string& file : logs) {
    const std::string scenario_file = vm.count("scenario") ? vm["scenario"].as<std::string>()
                                                           : scenario::drill_log_scenario(file);
    auto& scenario = scenarios[scenario_file];
    if (!scenario)
      scenario = std::make_unique<model::Scenario>(
          scenario::load_scenario(scenario_file, {}, allowed_dirs(vm)));
    const scenario::DrillLog log = scenario::load_drill_log(file, *scenario);
    if (log.seats.size() != 1)
      throw scenario::ScenarioError({scenario::Problem{
          file, "",
          log.seats.empty() ? "a debrief compares played drills: this log has no \"seat\""
                            : "a debrief compares one seat's drills: this log has several"}});
    const auto played = scoring::evaluate(
        *scenario, replay_drill(*scenario, log.seed, log, file, model::Fidelity::Flow));
    table += row(fs::path(file).filename().string(),
                 scenario::seat_text(log.seats.front(), *scenario), played);
    auto twin = twins.find({scenario_file, log.seed});
    if (twin == twins.end())
      twins.emplace(std::pair{scenario_file, log.seed},
                    scoring::evaluate(*scenario, model::simulate(*scenario, log.seed)));
  }
  for (const auto& [key, report] : twins)
    table +=
        row("policy twin (" + fs::path(key.first).filename().string() + ")", "the policy", report);
  if (out_file) {
    outputs.add(*out_file, table);
    outputs.commit();
  } else {
    std::cout << table;
  }
  return kExitOk;
}

}  // namespace firedrill::app
