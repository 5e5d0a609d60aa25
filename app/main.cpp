// firedrill: the command line. Parses options, wires loader, simulator and scoring together, and
// maps errors to exit codes: 0 success, 2 bad input, 64 usage error, 1 internal failure.

#include <fmt/format.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/calibrate.hpp"
#include "app/cli.hpp"
#include "app/debrief.hpp"
#include "app/gate.hpp"
#include "app/outputs.hpp"
#include "app/play.hpp"
#include "app/replay.hpp"
#include "app/snapshots.hpp"
#include "app/sweep.hpp"
#include "app/viz.hpp"
#include "app/whatif.hpp"
#include "scoring/dot_export.hpp"
#include "scoring/postmortem.hpp"
#include "scoring/report.hpp"
#include "scoring/scorecard.hpp"
#include "scoring/trace_export.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace fs = std::filesystem;
namespace po = boost::program_options;

using namespace firedrill::app;

namespace {

constexpr const char* kUsage =
    "usage: firedrill <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [SCENARIO]       run a drill and write its report and postmortem\n"
    "  validate SCENARIO    check a scenario file without running it\n"
    "  sweep SCENARIO       run many replications under several policies and compare them\n"
    "  gate SCENARIO        check requirements on many replications, for CI (JUnit XML)\n"
    "  merge SHARD...       merge a sharded sweep's partial results\n"
    "  viz [SCENARIO]       watch a drill live, inject faults; or --screenshot a moment\n"
    "  play [SCENARIO]      take a responder's seat in a drill (--as SEAT --stdio)\n"
    "  debrief LOG...       compare played drills with each other and the policy twin\n"
    "  whatif [SCENARIO]    fork a drill at a moment with a changed decision and compare\n"
    "  calibrate INCIDENTS  fit the people model to a team's incident history (--out FILE)\n"
    "\n"
    "Run 'firedrill <command> --help' for a command's options.\n";

// Returns the bundled default scenario: beside the executable's source tree when built from it,
// else relative to the executable (build/firedrill → ../scenarios).
fs::path default_scenario(const char* argv0) {
  const fs::path relative = "scenarios/online-boutique/black-friday-bad-deploy.json";
  const fs::path in_source = fs::path(FIREDRILL_SOURCE_DIR) / relative;
  if (fs::exists(in_source)) return in_source;
  return fs::absolute(argv0).parent_path().parent_path() / relative;
}

// When the policy diagnoses first and a change caused an incident, the same drill (seed and
// commands) under a policy that rolls back the latest change first: the counterfactual the
// postmortem compares with. nullopt when there is nothing to compare.
std::optional<firedrill::scoring::RollbackFirstTwin> rollback_first_twin(
    const firedrill::model::Scenario& scenario, const firedrill::model::RunRecord& record,
    const firedrill::scoring::Report& report, std::uint64_t seed,
    const std::vector<firedrill::model::DrillCommand>& commands,
    firedrill::model::Fidelity fidelity) {
  using firedrill::model::FaultType;
  if (scenario.policy.mitigate_first) return std::nullopt;
  const bool change_caused = std::any_of(
      report.incidents.begin(), report.incidents.end(), [&](const auto& m) {
        const FaultType type = record.faults.at(m.fault).type;
        return type == FaultType::BadDeploy || type == FaultType::BadConfig;
      });
  if (!change_caused) return std::nullopt;
  firedrill::model::Scenario twin = scenario;
  twin.policy.mitigate_first = true;
  const auto twin_report = firedrill::scoring::evaluate(
      twin, firedrill::model::simulate_drill(twin, seed, commands, fidelity));
  firedrill::scoring::RollbackFirstTwin out;
  for (const auto& m : twin_report.incidents) out.ttm_s.push_back(m.ttm_s);
  return out;
}

int cmd_run(const std::vector<std::string>& args, const char* argv0) {
  po::options_description options("firedrill run [SCENARIO] [options]\n\n"
                                  "Runs one drill of SCENARIO (default: the bundled Online "
                                  "Boutique Black Friday drill),\nprints its scorecard and writes "
                                  "DIR/report.json and DIR/postmortem.md; --trace and --dot\n"
                                  "also export the run (docs/exports.md), --snapshots pictures it."
                                  "\n\n"
                                  "A drill log (--replay) is JSON: {\"scenario\": \"...\", \"seed\": N, "
                                  "\"commands\": [\n  {\"at_s\": 300, \"inject\": {<a fault as in the "
                                  "scenario's \"faults\", without start_min>}},\n"
                                  "  {\"at_s\": 900, \"end\": \"<fault id>\"}]}\n\noptions");
  options.add_options()("help,h", "show this help")(
      "seed", po::value<std::string>(), "random seed (default: the scenario's run.seed)")(
      "out", po::value<std::string>()->default_value("firedrill-out"),
      "output directory")("json", "print report.json to stdout instead of the scorecard")(
      "fidelity", po::value<std::string>()->default_value("flow"),
      "flow: steady states from the flow model (fast); request: simulate individual requests "
      "for each steady state (small scenarios, validation)")(
      "trace", po::value<std::string>()->value_name("FILE"),
      "also write the run's timeline to FILE in the Chrome Trace Event format (open it at "
      "ui.perfetto.dev)")(
      "dot", po::value<std::string>()->value_name("FILE"),
      "also write the topology at the run's worst moment to FILE as Graphviz DOT (render it "
      "with dot -Tsvg)")(
      "replay", po::value<std::string>()->value_name("LOG"),
      "replay a drill log: inject and end faults at the times LOG gives (docs/drill-log.md); "
      "the seed is the log's unless --seed is given")(
      "snapshots", po::value<std::string>()->value_name("SNAPDIR"),
      "also save the live view at each incident's detection, acknowledgement, mitigation and "
      "resolution and at the worst moment as PNG into SNAPDIR, linked from postmortem.md (needs "
      "an X display: xvfb-run -a when headless)")(
      "scenario", po::value<std::string>(), "scenario file");
  add_allow_path_option(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("run", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  const fs::path file =
      vm.count("scenario") ? fs::path(vm["scenario"].as<std::string>()) : default_scenario(argv0);
  const auto scenario = firedrill::scenario::load_scenario(file, {}, allowed_dirs(vm));
  std::optional<std::uint64_t> seed_option;
  if (vm.count("seed")) seed_option = parse_seed("run", vm["seed"].as<std::string>());
  firedrill::scenario::DrillLog log;
  if (vm.count("replay")) {
    log = firedrill::scenario::load_drill_log(vm["replay"].as<std::string>(), scenario,
                                              seed_option);
  }
  const std::uint64_t seed =
      seed_option ? *seed_option : (vm.count("replay") ? log.seed : scenario.run.seed);

  const std::string fidelity_name = vm["fidelity"].as<std::string>();
  if (fidelity_name != "flow" && fidelity_name != "request")
    throw UsageError("firedrill run: --fidelity must be flow or request, got " + fidelity_name);
  const auto fidelity = fidelity_name == "request" ? firedrill::model::Fidelity::Request
                                                   : firedrill::model::Fidelity::Flow;
  if (fidelity == firedrill::model::Fidelity::Request) {
    // The request level simulates every request of each steady state's 150 s: meant for small
    // scenarios (Online Boutique offers 608 req/s), refused where it would run for hours.
    constexpr double kMaxRequestLevelRps = 20'000;
    double offered = 0.0;
    for (const auto& journey : scenario.journeys) offered += journey.rate_rps;
    if (offered > kMaxRequestLevelRps)
      throw UsageError(fmt::format(
          "firedrill run: --fidelity request simulates every request, and this scenario's "
          "journeys offer {:.0f} req/s at their base rates; at most {:.0f} (use --fidelity flow)",
          offered, kMaxRequestLevelRps));
  }
  // Every output path is checked before the run; nothing is written until every text is made.
  Outputs outputs("run");
  std::optional<fs::path> trace_file, dot_file;
  if (vm.count("trace")) trace_file = outputs.file("trace", vm["trace"].as<std::string>());
  if (vm.count("dot")) dot_file = outputs.file("dot", vm["dot"].as<std::string>());
  const fs::path out = outputs.dir("out", vm["out"].as<std::string>());
  std::optional<fs::path> snapshot_dir;
  if (vm.count("snapshots")) {
    snapshot_dir = outputs.dir("snapshots", vm["snapshots"].as<std::string>());
    require_display();
  }

  const auto record = firedrill::app::replay_drill(
      scenario, seed, log, vm.count("replay") ? vm["replay"].as<std::string>() : "", fidelity);
  const auto report = firedrill::scoring::evaluate(scenario, record);
  const std::string json = firedrill::scoring::report_json(report);
  std::vector<firedrill::scoring::Snapshot> snapshots;
  if (snapshot_dir) {
    // Linked from the postmortem's directory.
    const fs::path link_dir =
        fs::absolute(*snapshot_dir).lexically_normal().lexically_relative(
            fs::absolute(out).lexically_normal());
    snapshots = snapshot_moments(record, report, link_dir);
  }
  const std::string postmortem = firedrill::scoring::postmortem_markdown(
      scenario, record, report, snapshots,
      !log.seats.empty()
          ? std::nullopt
          : rollback_first_twin(scenario, record, report, seed, log.commands, fidelity));
  std::vector<fs::path> exports;
  if (trace_file) {
    outputs.add(*trace_file, firedrill::scoring::trace_json(scenario, record));
    exports.push_back(*trace_file);
  }
  if (dot_file) {
    outputs.add(*dot_file, firedrill::scoring::topology_dot(scenario, record));
    exports.push_back(*dot_file);
  }
  if (snapshot_dir)
    write_snapshots(snapshots, *snapshot_dir, outputs, scenario, seed, log, fidelity);
  outputs.add(out / "report.json", json);
  outputs.add(out / "postmortem.md", postmortem);
  outputs.commit();
  if (vm.count("json")) {
    std::cout << json;
  } else {
    std::cout << firedrill::scoring::scorecard_text(report) << "\nWrote "
              << (out / "report.json").string() << (exports.empty() ? " and " : ", ")
              << (out / "postmortem.md").string();
    for (std::size_t i = 0; i < exports.size(); ++i)
      std::cout << (i + 1 == exports.size() ? " and " : ", ") << exports[i].string();
    std::cout << "\n";
    if (snapshot_dir)
      std::cout << "Wrote " << snapshots.size() << " snapshots into " << snapshot_dir->string()
                << "\n";
  }
  return kExitOk;
}

int cmd_validate(const std::vector<std::string>& args) {
  po::options_description options("firedrill validate SCENARIO\n\n"
                                  "Checks SCENARIO and reports every problem with its JSON "
                                  "pointer; runs nothing.\n\noptions");
  options.add_options()("help,h", "show this help")("scenario", po::value<std::string>(),
                                                     "scenario file");
  add_allow_path_option(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto vm = parse("validate", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("scenario")) throw UsageError("firedrill validate: missing SCENARIO");
  const fs::path file = vm["scenario"].as<std::string>();
  const auto scenario = firedrill::scenario::load_scenario(file, {}, allowed_dirs(vm));
  const auto count = [](std::size_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  std::cout << file.string() << ": valid (" << count(scenario.services.size(), "service") << ", "
            << count(scenario.calls.size(), "call") << ", "
            << count(scenario.journeys.size(), "journey") << ", "
            << count(scenario.faults.size(), "fault") << ")\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> all(argv + 1, argv + argc);
  try {
    if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
      std::cout << kUsage;
      return all.empty() ? kExitUsage : kExitOk;
    }
    if (all[0] == "--version") {
      std::cout << "firedrill " << FIREDRILL_VERSION << "\n";
      return kExitOk;
    }
    const std::vector<std::string> rest(all.begin() + 1, all.end());
    if (all[0] == "run") return cmd_run(rest, argv[0]);
    if (all[0] == "validate") return cmd_validate(rest);
    if (all[0] == "sweep") return firedrill::app::cmd_sweep(rest);
    if (all[0] == "gate") return firedrill::app::cmd_gate(rest);
    if (all[0] == "merge") return firedrill::app::cmd_merge(rest);
    if (all[0] == "viz") return firedrill::app::cmd_viz(rest, default_scenario(argv[0]));
    if (all[0] == "play") return firedrill::app::cmd_play(rest, default_scenario(argv[0]));
    if (all[0] == "debrief") return firedrill::app::cmd_debrief(rest);
    if (all[0] == "calibrate") return firedrill::app::cmd_calibrate(rest);
    if (all[0] == "whatif") return firedrill::app::cmd_whatif(rest, default_scenario(argv[0]));
    throw UsageError("firedrill: unknown command '" + all[0] + "'");
  } catch (const UsageError& e) {
    std::cerr << e.what() << "\n\n" << kUsage;
    return kExitUsage;
  } catch (const firedrill::scenario::ScenarioError& e) {
    std::cerr << e.what() << (std::string(e.what()).ends_with('\n') ? "" : "\n");
    return kExitBadInput;
  } catch (const BadInput& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const MissingRequirement& e) {
    std::cerr << e.what() << "\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "firedrill: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
