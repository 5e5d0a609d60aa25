#include "tests/fuzz/fuzz_entries.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "import/incident_history.hpp"
#include "scoring/report.hpp"
#include "scoring/sweep_plots.hpp"
#include "scoring/sweep_report.hpp"
#include "sim/model/facilitator.hpp"
#include "sim/model/run.hpp"
#include "sim/model/schedule.hpp"
#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::fuzz {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using scenario::ScenarioError;

const fs::path kScenarioDir = fs::path(FIREDRILL_SOURCE_DIR) / "scenarios/online-boutique";

std::string text_of(std::span<const std::uint8_t> data) {
  return std::string(reinterpret_cast<const char*>(data.data()), data.size());
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("fuzz: cannot read " + file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Cuts the run to kMaxSimulatedMin; scheduled faults and changes from then on are left out, so
// the scenario stays one the loader would accept (faults start before the run's end).
void cap_duration(model::Scenario& sc) {
  const model::SimTime cap = std::chrono::minutes(kMaxSimulatedMin);
  if (sc.run.duration <= cap) return;
  sc.run.duration = cap;
  std::erase_if(sc.faults, [&](const model::Fault& f) { return f.start >= cap; });
  std::erase_if(sc.changes, [&](const model::Change& c) { return c.at >= cap; });
}

// The scenario the drill-log target's logs play against.
const model::Scenario& drill_scenario() {
  static const model::Scenario sc = [] {
    model::Scenario s = scenario::load_scenario(kScenarioDir / "black-friday-bad-deploy.json");
    cap_duration(s);
    return s;
  }();
  return sc;
}

}  // namespace

void scenario_entry(std::span<const std::uint8_t> data) {
  try {
    scenario::parse_scenario(text_of(data), "fuzz.json", kScenarioDir);
  } catch (const ScenarioError&) {
  }
}

void simulate_entry(std::span<const std::uint8_t> data) {
  model::Scenario sc;
  try {
    sc = scenario::parse_scenario(text_of(data), "fuzz.json", kScenarioDir);
  } catch (const ScenarioError&) {
    return;
  }
  cap_duration(sc);
  const model::RunRecord record = model::simulate(sc, sc.run.seed);
  scoring::evaluate(sc, record);
}

void drill_log_entry(std::span<const std::uint8_t> data) {
  const model::Scenario& sc = drill_scenario();
  scenario::DrillLog log;
  try {
    log = scenario::parse_drill_log(text_of(data), "fuzz-log.json", sc);
  } catch (const ScenarioError&) {
    return;
  }
  // drill_log.hpp: what drill_log_json writes, parse_drill_log reads back equal.
  const std::string written = scenario::drill_log_json(log, sc);
  try {
    if (!(scenario::parse_drill_log(written, "written.json", sc) == log))
      throw std::logic_error("a written drill log reads back different:\n" + written);
  } catch (const ScenarioError& e) {
    throw std::logic_error(std::string("a written drill log does not read back: ") + e.what() +
                           "\n" + written);
  }
  // A seat's command the world refuses is bad input too (run --replay reports it, exit 2).
  try {
    model::simulate_drill(sc, log.seed, log.commands, model::Fidelity::Flow, log.seats);
  } catch (const model::CommandRefused&) {
  }
}

void pagerduty_entry(std::span<const std::uint8_t> data) {
  static const json kTemplate =
      json::parse(read_file(kScenarioDir / "follow-the-sun-handoff.json"));
  json section = json::parse(text_of(data), nullptr, /*allow_exceptions=*/false);
  if (section.is_discarded()) return;  // not JSON: the scenario target covers the parser
  json doc = kTemplate;
  for (json& team : doc.at("teams"))
    if (team.contains("pagerduty")) team["pagerduty"] = section;
  model::Scenario sc;
  try {
    sc = scenario::parse_scenario(doc.dump(), "fuzz.json", kScenarioDir);
  } catch (const ScenarioError&) {
    return;
  }
  const model::UnixTime start{std::chrono::seconds(sc.run.start_unix_s)};
  const model::UnixTime week_later = start + std::chrono::days(7);
  for (const model::Team& team : sc.teams) {
    for (const model::Schedule& schedule : team.schedules) {
      model::UnixTime t = start;
      for (int changes = 0; changes < 200 && t < week_later; ++changes) {
        if (const auto who = model::who_is_on_call(schedule, t); who && *who >= team.people.size())
          throw std::logic_error("who_is_on_call names no person of the team");
        const auto next = model::next_on_call_change(schedule, t);
        if (!next) break;
        if (*next <= t) throw std::logic_error("next_on_call_change does not move forward");
        t = *next;
      }
    }
  }
}

void shards_entry(std::span<const std::uint8_t> data) {
  const std::string text = text_of(data);
  std::vector<std::string> texts;
  for (std::size_t begin = 0;;) {
    const std::size_t end = text.find(kShardSeparator, begin);
    texts.push_back(text.substr(begin, end - begin));
    if (end == std::string::npos) break;
    begin = end + kShardSeparator.size();
  }
  scoring::SweepResult sweep;
  try {
    sweep = scoring::merge_shards(texts);
  } catch (const std::invalid_argument&) {
    return;
  }
  // What `firedrill merge` writes, but gnuplot.
  const scoring::SweepStatistics stats = scoring::sweep_statistics(sweep);
  scoring::runs_csv(sweep);
  scoring::sweep_json(sweep, stats);
  scoring::sweep_summary_markdown(sweep, stats);
  scoring::sweep_plot_files(sweep, stats);
}

// An incident history (firedrill calibrate): the first byte picks the format (CSV or the JSON
// formats by their shape), the rest is the file.
void history_entry(std::span<const std::uint8_t> data) {
  if (data.empty()) return;
  const import::HistoryFormat format =
      data[0] % 2 ? import::HistoryFormat::Csv : import::HistoryFormat::Auto;
  try {
    import::parse_incident_history(text_of(data.subspan(1)), "fuzz-history", format,
                                   "Europe/Berlin");
  } catch (const ScenarioError&) {
  }
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"scenario", scenario_entry},   {"simulate", simulate_entry}, {"drill_log", drill_log_entry},
      {"pagerduty", pagerduty_entry}, {"shards", shards_entry},     {"history", history_entry},
  };
  return all;
}

}  // namespace firedrill::fuzz
