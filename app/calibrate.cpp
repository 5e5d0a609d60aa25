// `firedrill calibrate` (calibrate.hpp): read histories, fit, write people.json, people.md,
// calibration.md and the quantile–quantile plots, all or nothing (Outputs).

#include "app/calibrate.hpp"

#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/cli.hpp"
#include "app/gnuplot.hpp"
#include "app/outputs.hpp"
#include "import/incident_history.hpp"
#include "scoring/calibration.hpp"

namespace firedrill::app {

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

double seconds_between(import::WallTime from, import::WallTime to) {
  return std::chrono::duration<double>(to - from).count();
}

scoring::ResponseSample response_sample(const import::IncidentRecord& r) {
  scoring::ResponseSample s;
  s.where = r.where;
  if (r.acknowledged) s.ack_s = seconds_between(r.paged, *r.acknowledged);
  // Day is local 08:00–22:00, as the people model's ack_median_day (sim/model/scenario.hpp).
  s.night = r.local_hour < 8 || r.local_hour >= 22;
  s.escalated = r.escalated;
  s.severity = r.severity;
  if (r.mitigated) s.ttm_s = seconds_between(r.started.value_or(r.paged), *r.mitigated);
  return s;
}

}  // namespace

int cmd_calibrate(const std::vector<std::string>& args) {
  po::options_description options(
      "firedrill calibrate INCIDENTS... --out people.json [options]\n\n"
      "Fits the people model to a team's incident history: acknowledgement times (MTTA's\n"
      "samples) by day (local 08:00-22:00) and night as lognormals, the share of first pages\n"
      "escalated unacknowledged (missed_page_probability), and time to mitigate per severity.\n"
      "Writes FILE, a scenario fragment setting only the fitted /policy/responders values\n"
      "(use it as \"include\": [\"people.json\"] or \"policy\": \"people.json\" in a scenario\n"
      "without a policy of its own), people.md (each value's provenance), calibration.md\n"
      "(n, median, sigma, KS and Anderson-Darling per group) and calibration-plots/ (QQ plots)\n"
      "beside it. Groups with fewer than --min-incidents incidents are reported, not fitted.\n\n"
      "INCIDENTS: PagerDuty REST incidents or Analytics raw incidents, incident.io v2 or\n"
      "FireHydrant incidents (JSON), or CSV (docs/calibration.md).\n\noptions");
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>()->value_name("FILE"), "people.json to write (required)")(
      "format", po::value<std::string>()->default_value("auto"),
      "auto, pagerduty, pagerduty-analytics, incident-io, firehydrant or csv")(
      "time-zone", po::value<std::string>()->default_value("UTC"),
      "the responders' IANA time zone for the local hour of each page, where the file gives "
      "none (a CSV row's time_zone wins)")(
      "min-incidents", po::value<std::string>()->default_value("20"),
      "fewest incidents a group needs to be fitted (at least 3)")(
      "incidents", po::value<std::vector<std::string>>(), "history files");
  po::positional_options_description positional;
  positional.add("incidents", -1);
  const auto vm = parse("calibrate", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("incidents")) throw UsageError("firedrill calibrate: missing INCIDENTS");
  if (!vm.count("out")) throw UsageError("firedrill calibrate: missing --out FILE");
  const auto format = import::history_format_from_string(vm["format"].as<std::string>());
  if (!format)
    throw UsageError(
        "firedrill calibrate: --format must be auto, pagerduty, "
        "pagerduty-analytics, incident-io, firehydrant or csv, got " +
        vm["format"].as<std::string>());
  const std::size_t min_incidents = whole_number(
      "calibrate", "--min-incidents", vm["min-incidents"].as<std::string>(), 3, 1'000'000);

  Outputs outputs("calibrate");
  const fs::path people = outputs.file("out", vm["out"].as<std::string>());
  const fs::path dir = people.parent_path();

  std::vector<scoring::ResponseSample> samples;
  std::vector<std::string> sources;
  for (const std::string& file : vm["incidents"].as<std::vector<std::string>>()) {
    for (const auto& record :
         import::read_incident_history(file, *format, vm["time-zone"].as<std::string>()))
      samples.push_back(response_sample(record));
    sources.push_back(fs::path(file).filename().string());
  }
  scoring::Calibration calibration = scoring::calibrate_people(samples, min_incidents);
  const std::string people_text = scoring::people_json(calibration);
  std::vector<std::string> pngs;
  const auto plot_files = scoring::qq_plot_files(calibration, pngs);
  std::string plots = "no plots: no group was fitted";
  if (!plot_files.empty()) {
    plots = draw_gnuplot(plot_files, dir / "calibration-plots", outputs);
    for (auto& png : pngs) png = "calibration-plots/" + png;
    if (!plots.starts_with("plots (")) pngs.clear();
  }
  outputs.add(people, people_text);
  outputs.add(dir / "people.md", scoring::people_provenance(calibration, sources));
  outputs.add(dir / "calibration.md", scoring::calibration_markdown(calibration, sources, pngs));
  outputs.commit();
  std::cout << fmt::format("{} incident(s) read.\n{}", calibration.incidents, people_text)
            << fmt::format("Wrote {}, {} and {}; {}\n", people.string(),
                           (dir / "people.md").string(), (dir / "calibration.md").string(), plots);
  return kExitOk;
}

}  // namespace firedrill::app
