// End-to-end tests of the firedrill command, run as a user would run it.

#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "scoring/sweep_metrics.hpp"
#include "tests/app/firedrill_process.hpp"
#include "tests/bundled_scenarios.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using firedrill::testing::Result;
using firedrill::testing::run_firedrill;
using firedrill::testing::scratch;
using firedrill::testing::slurp;

namespace {

// The bundled default drill, quoted for the shell.
constexpr const char* kDefaultDrill =
    "'" FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json'";

// The bundled escalation policy pair, as --policy options.
constexpr const char* kEscalationPair =
    " --policy '" FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/policies/escalation-5min.json'"
    " --policy '" FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/policies/escalation-15min.json'";

// Checks that `d` = b − a (or max(0, b − a) with `at_least_zero`) to the millisecond (times are
// reported in seconds with 3 decimals), and that d is null exactly when a or b is.
void check_difference(const json& d, const json& a, const json& b, bool at_least_zero = false) {
  if (a.is_null() || b.is_null()) {
    CHECK(d.is_null());
    return;
  }
  REQUIRE(d.is_number());
  const double expected = b.get<double>() - a.get<double>();
  CHECK(d.get<double>() ==
        Approx(at_least_zero ? std::max(0.0, expected) : expected).margin(0.0011));
}

}  // namespace

TEST_CASE("firedrill run: with no scenario runs the bundled drill and writes a consistent report",
          "[app]") {
  const fs::path dir = scratch("run-default");
  const Result r = run_firedrill("run --out out", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("score") != std::string::npos);
  const json report = json::parse(slurp(dir / "out/report.json"));
  CHECK(report["scenario"] == "black-friday-bad-deploy");
  CHECK(report["duration_s"].get<double>() > 0);
  REQUIRE(report["incidents"].size() >= 1);
  for (const json& inc : report["incidents"]) {
    for (const char* key : {"id", "severity", "root_cause", "fault_start_s", "impact_start_s",
                            "impact_signal", "detected_s", "acknowledged_s", "mitigated_s",
                            "resolved_s", "ttd_s", "tta_s", "ttm_s", "ttr_s", "failed_requests",
                            "error_budget_consumed", "pages", "responders", "status_updates"})
      CHECK(inc.contains(key));
    // TTD is 0, not negative, when an alert fired before users were hurt (docs/scoring.md).
    check_difference(inc["ttd_s"], inc["impact_start_s"], inc["detected_s"], true);
    if (inc["impact_start_s"].is_number())
      CHECK(inc["impact_start_s"].get<double>() >= inc["fault_start_s"].get<double>());
    check_difference(inc["tta_s"], inc["detected_s"], inc["acknowledged_s"]);
    check_difference(inc["ttm_s"], inc["impact_start_s"], inc["mitigated_s"]);
    check_difference(inc["ttr_s"], inc["impact_start_s"], inc["resolved_s"]);
  }
  // The bundled drill is a bad payment deploy: it must be detected, rolled back and resolved.
  const json& inc = report["incidents"][0];
  CHECK(inc["root_cause"]["service"] == "paymentservice");
  CHECK(inc["root_cause"]["fault"] == "bad_deploy");
  CHECK(inc["resolved_s"].is_number());
  CHECK(inc["failed_requests"].get<double>() > 0);
  for (const char* key : {"mttd_s", "mtta_s", "mttm_s", "mttr_s", "failed_requests", "score"})
    CHECK(report["summary"].contains(key));
  const double score = report["summary"]["score"].get<double>();
  CHECK(score >= 0);
  CHECK(score <= 100);
  const std::string postmortem = slurp(dir / "out/postmortem.md");
  for (const char* heading : {"Summary", "Impact", "Timeline", "Detection", "Root cause",
                              "Resolution", "What went well", "What went badly", "Action items"})
    CHECK(postmortem.find(heading) != std::string::npos);
}

TEST_CASE("firedrill run: the same seed gives byte-identical outputs, another seed differs",
          "[app]") {
  const fs::path dir = scratch("determinism");
  REQUIRE(run_firedrill("run --seed 7 --out a", dir).status == 0);
  REQUIRE(run_firedrill("run --seed 7 --out b", dir).status == 0);
  REQUIRE(run_firedrill("run --seed 8 --out c", dir).status == 0);
  CHECK(slurp(dir / "a/report.json") == slurp(dir / "b/report.json"));
  CHECK(slurp(dir / "a/postmortem.md") == slurp(dir / "b/postmortem.md"));
  CHECK(slurp(dir / "a/report.json") != slurp(dir / "c/report.json"));
}

TEST_CASE("firedrill run: a broken scenario exits 2, names the JSON pointer, writes nothing",
          "[app]") {
  const fs::path dir = scratch("broken");
  json scenario = json::parse(slurp(fs::path(FIREDRILL_SOURCE_DIR) /
                                    "scenarios/online-boutique/black-friday-bad-deploy.json"));
  scenario["services"][2]["capacity_rps"] = -5;
  scenario["calls"][0]["to"] = "nosuchservice";
  std::ofstream(dir / "broken.json") << scenario.dump(2);
  const Result r = run_firedrill("run broken.json --out out", dir);
  CHECK(r.status == 2);
  CHECK(r.err.find("broken.json: /services/2/capacity_rps") != std::string::npos);
  CHECK(r.err.find("/calls/0/to") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out"));

  const Result v = run_firedrill("validate broken.json", dir);
  CHECK(v.status == 2);
  CHECK(v.err == r.err);
  CHECK(run_firedrill("run missing.json --out out", dir).status == 2);
  CHECK_FALSE(fs::exists(dir / "out"));
}

TEST_CASE("firedrill run: --replay injects and ends the log's faults, with the log's seed",
          "[app][replay]") {
  const fs::path dir = scratch("replay");
  std::ofstream(dir / "log.json") << R"({"scenario": "black-friday-bad-deploy", "seed": 7,
    "commands": [
      {"at_s": 600, "inject": {"id": "cart-down", "type": "outage", "service": "cartservice"}},
      {"at_s": 1500, "end": "cart-down"}]})";
  const Result r = run_firedrill(std::string("run ") + kDefaultDrill + " --replay log.json --out a",
                                 dir);
  REQUIRE(r.status == 0);
  const json report = json::parse(slurp(dir / "a/report.json"));
  CHECK(report["seed"] == 7);
  // The scenario's bad deploy (at 100 min) and the injected outage, opened at 10 min.
  REQUIRE(report["incidents"].size() == 2);
  // --seed overrides the log's; the same seed without the log has only the scheduled incident.
  REQUIRE(run_firedrill(std::string("run ") + kDefaultDrill + " --replay log.json --seed 8 --out b",
                        dir).status == 0);
  CHECK(json::parse(slurp(dir / "b/report.json"))["seed"] == 8);
  REQUIRE(run_firedrill("run --seed 7 --out c", dir).status == 0);
  CHECK(json::parse(slurp(dir / "c/report.json"))["incidents"].size() == 1);
}

TEST_CASE("firedrill run: a bad drill log exits 2 with its JSON pointer and writes nothing",
          "[app][replay]") {
  const fs::path dir = scratch("replay-bad");
  std::ofstream(dir / "log.json") << R"({"scenario": "x", "seed": 1, "commands": [
      {"at_s": 60, "inject": {"id": "a", "type": "outage", "service": "foo"}}]})";
  const Result r = run_firedrill(std::string("run ") + kDefaultDrill + " --replay log.json --out out",
                                 dir);
  CHECK(r.status == 2);
  CHECK(r.err == "log.json: /commands/0/inject/service: unknown service \"foo\"\n");
  CHECK_FALSE(fs::exists(dir / "out"));
  CHECK(run_firedrill(std::string("run ") + kDefaultDrill + " --replay nolog.json --out out", dir)
            .status == 2);
}

TEST_CASE("firedrill run: every bundled scenario runs, and each fault that fails requests is "
          "detected, mitigated and resolved (or mitigated by automation before anyone noticed)",
          "[app]") {
  const fs::path dir = scratch("bundled");
  int count = 0;
  for (const fs::path& file : firedrill::testing::bundled_scenarios()) {
    ++count;
    INFO(file.string());
    const Result r = run_firedrill("run '" + file.string() + "' --out out", dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const json scenario = json::parse(slurp(file));
    const json report = json::parse(slurp(dir / "out/report.json"));
    CHECK(report["scenario"] == scenario["name"]);
    // One incident per fault: the scheduled ones, then those the fault processes drew (the
    // week of random failures draws several).
    if (scenario.contains("fault_processes")) {
      REQUIRE(report["incidents"].size() > scenario["faults"].size());
    } else {
      REQUIRE(report["incidents"].size() == scenario["faults"].size());
    }
    const bool automated = scenario.contains("automation");
    for (const json& inc : report["incidents"]) {
      if (inc["failed_requests"].get<double>() < 1.0) continue;  // e.g. a zone the fleet survives
      INFO(inc["id"]);
      CHECK(inc["mitigated_s"].is_number());
      if (automated && inc["detected_s"].is_null()) continue;
      CHECK(inc["detected_s"].is_number());
      CHECK(inc["resolved_s"].is_number());
    }
  }
  CHECK(count >= 2);
}

TEST_CASE("firedrill run: --trace and --dot write the run's trace and its topology graph",
          "[app]") {
  const fs::path dir = scratch("exports");
  fs::create_directories(dir / "exports");
  const Result r = run_firedrill("run --out out --trace t.json --dot exports/g.dot", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("t.json") != std::string::npos);
  CHECK(r.out.find("exports/g.dot") != std::string::npos);
  CHECK(fs::exists(dir / "out/report.json"));
  const json trace = json::parse(slurp(dir / "t.json"));
  CHECK(trace["displayTimeUnit"] == "ms");
  REQUIRE(trace["traceEvents"].is_array());
  CHECK(trace["traceEvents"].size() > 10);
  CHECK(trace["otherData"]["scenario"] == "black-friday-bad-deploy");
  const std::string dot = slurp(dir / "exports/g.dot");
  CHECK(dot.rfind("digraph \"black-friday-bad-deploy\" {", 0) == 0);
  CHECK(dot.find("paymentservice") != std::string::npos);
  // The same seed gives the same bytes; no temporary file is left behind.
  REQUIRE(run_firedrill("run --out out --trace t2.json --dot g2.dot", dir).status == 0);
  CHECK(slurp(dir / "t.json") == slurp(dir / "t2.json"));
  CHECK(slurp(dir / "exports/g.dot") == slurp(dir / "g2.dot"));
  CHECK_FALSE(fs::exists(dir / "t.json.tmp"));
  // --json prints the report and still writes the exports.
  const Result j = run_firedrill("run --json --out out --trace t3.json", dir);
  REQUIRE(j.status == 0);
  CHECK(json::parse(j.out)["scenario"] == "black-friday-bad-deploy");
  CHECK(slurp(dir / "t3.json") == slurp(dir / "t.json"));
}

TEST_CASE("firedrill run: an export path that cannot be written exits 2 before the run and "
          "writes nothing",
          "[app]") {
  const fs::path dir = scratch("bad-export");
  const Result missing = run_firedrill("run --out out --trace nosuch/t.json --dot g.dot", dir);
  CHECK(missing.status == 2);
  CHECK(missing.err ==
        "firedrill run: --trace 'nosuch/t.json': directory 'nosuch' does not exist\n");
  CHECK_FALSE(fs::exists(dir / "out"));
  CHECK_FALSE(fs::exists(dir / "g.dot"));

  fs::create_directories(dir / "taken");
  const Result directory = run_firedrill("run --out out --dot taken", dir);
  CHECK(directory.status == 2);
  CHECK(directory.err == "firedrill run: --dot 'taken': is a directory\n");
  const Result empty = run_firedrill("run --out out --trace ''", dir);
  CHECK(empty.status == 2);
  CHECK(empty.err == "firedrill run: --trace '': empty file name\n");
  CHECK_FALSE(fs::exists(dir / "out"));
  // An output directory that is a file is bad input too, found before the run.
  std::ofstream(dir / "a-file") << "x";
  const Result file_out = run_firedrill("run --out a-file", dir);
  CHECK(file_out.status == 2);
  CHECK(file_out.err == "firedrill run: --out 'a-file': not a directory\n");

  // A missing value is a usage error.
  const Result usage = run_firedrill("run --trace", dir);
  CHECK(usage.status == 64);
  CHECK(usage.err.find("usage: firedrill") != std::string::npos);
  // The help names both.
  const Result help = run_firedrill("run --help", dir);
  CHECK(help.out.find("--trace FILE") != std::string::npos);
  CHECK(help.out.find("--dot FILE") != std::string::npos);
}

TEST_CASE("firedrill validate: accepts the bundled scenario without running it", "[app]") {
  const fs::path dir = scratch("validate");
  const Result r = run_firedrill(
      "validate '" FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/black-friday-bad-deploy.json'",
      dir);
  CHECK(r.status == 0);
  CHECK(r.out.find("valid") != std::string::npos);
  CHECK(fs::is_empty(dir));
}

TEST_CASE("firedrill validate: a file the scenario names outside its folder needs --allow-path",
          "[app]") {
  const fs::path dir = scratch("allow-path");
  fs::create_directories(dir / "drill");
  fs::create_directories(dir / "shared");
  json scenario = json::parse(slurp(FIREDRILL_SOURCE_DIR
                                    "/scenarios/online-boutique/black-friday-bad-deploy.json"));
  std::ofstream(dir / "shared" / "teams.json") << json{{"teams", scenario["teams"]}}.dump();
  scenario.erase("teams");
  scenario["include"] = {"../shared/teams.json"};
  std::ofstream(dir / "drill" / "s.json") << scenario.dump();
  const Result refused = run_firedrill("validate drill/s.json", dir);
  CHECK(refused.status == 2);
  CHECK(refused.err.find("drill/s.json: /include/0: cannot read \"shared/teams.json\": it lies "
                         "outside the scenario's folder (allow its folder with --allow-path DIR)") !=
        std::string::npos);
  const Result allowed = run_firedrill("validate drill/s.json --allow-path shared", dir);
  CHECK(allowed.status == 0);
  CHECK(allowed.out.starts_with("drill/s.json: valid"));
}

TEST_CASE("firedrill: usage errors exit 64 and --help exits 0", "[app]") {
  const fs::path dir = scratch("usage");
  CHECK(run_firedrill("", dir).status == 64);
  CHECK(run_firedrill("frobnicate", dir).status == 64);
  const Result bad = run_firedrill("run --no-such-option", dir);
  CHECK(bad.status == 64);
  CHECK(bad.err.find("usage: firedrill") != std::string::npos);
  CHECK(run_firedrill("validate", dir).status == 64);
  CHECK(run_firedrill("run --fidelity quantum", dir).status == 64);
  for (const char* help : {"--help", "run --help", "validate --help"}) {
    const Result h = run_firedrill(help, dir);
    CHECK(h.status == 0);
    CHECK_FALSE(h.out.empty());
  }
}

TEST_CASE("firedrill run: the retry-storm drill fails checkout outright, and the same crash "
          "with a retry budget stays partial",
          "[app]") {
  const fs::path dir = scratch("retry-storm");
  const std::string bundled = FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/";
  REQUIRE(run_firedrill("run '" + bundled + "payment-retry-storm.json' --out storm", dir).status == 0);
  REQUIRE(run_firedrill("run '" + bundled + "payment-retry-budget.json' --out budget", dir).status ==
          0);
  const json storm = json::parse(slurp(dir / "storm/report.json"))["incidents"][0];
  const json budget = json::parse(slurp(dir / "budget/report.json"))["incidents"][0];
  // Both lose one of three payment replicas; only the storm multiplies payment's load 4× (one
  // call and three retries, all timing out) and saturates it.
  CHECK(storm["severity"] == "P1");
  REQUIRE(storm["strained_services"].size() == 1);
  CHECK(storm["strained_services"][0]["service"] == "paymentservice");
  CHECK(storm["strained_services"][0]["peak_load_rps"].get<double>() ==
        Approx(4 * storm["strained_services"][0]["load_before_rps"].get<double>()));
  CHECK(budget["strained_services"].empty());
  // Both are P1 by the severity matrix: checkout earns revenue, so even the partial failure
  // with a budget is raised a level.
  CHECK(storm["failed_requests"].get<double>() > 4 * budget["failed_requests"].get<double>());
}

TEST_CASE("firedrill sweep: results do not depend on the thread count, replication i runs every "
          "policy on the same seed (common random numbers)",
          "[app][sweep]") {
  const fs::path dir = scratch("sweep");
  const std::string scenario = kDefaultDrill;
  const std::string policies = kEscalationPair;
  const Result one = run_firedrill("sweep " + scenario + " --runs 12 --threads 1 --out one" + policies,
                               dir);
  INFO(one.err);
  REQUIRE(one.status == 0);
  const Result two = run_firedrill("sweep " + scenario + " --runs 12 --threads 2 --out two" + policies,
                               dir);
  REQUIRE(two.status == 0);
  CHECK(slurp(dir / "one/sweep.json") == slurp(dir / "two/sweep.json"));
  CHECK(slurp(dir / "one/runs.csv") == slurp(dir / "two/runs.csv"));
  CHECK(slurp(dir / "one/summary.md") == slurp(dir / "two/summary.md"));
  CHECK_THAT(slurp(dir / "one/summary.md"),
             Catch::Contains("## escalation-15min against escalation-5min"));
  // The verdicts' premises: the people model, then what each policy file sets.
  CHECK_THAT(slurp(dir / "one/summary.md"),
             Catch::Contains("| acknowledgement at night (asleep) | lognormal, median 8 min"));
  CHECK_THAT(slurp(dir / "one/summary.md"),
             Catch::Contains("/teams/1/escalation/levels/0/delay_min = 15 |"));
  // gnuplot (installed by scripts/bootstrap.sh) drew every metric's distributions and every
  // paired difference, as PNG and SVG.
  // Each metric's kind: a count (pages) as bars, times and the score binned or as dots.
  for (const std::string stem : {"ttm_s", "score", "pages", "error_budget_consumed",
                                 "diff-escalation-15min-vs-escalation-5min-ttm_s",
                                 "diff-escalation-15min-vs-escalation-5min-pages"}) {
    INFO(stem);
    CHECK(slurp(dir / "one/plots" / (stem + ".png")).substr(0, 4) == "\x89PNG");
    CHECK_THAT(slurp(dir / "one/plots" / (stem + ".svg")), Catch::Contains("</svg>"));
  }
  CHECK(slurp(dir / "one/plots/ttm_s.svg") == slurp(dir / "two/plots/ttm_s.svg"));

  const json sweep = json::parse(slurp(dir / "one/sweep.json"));
  REQUIRE(sweep["policies"].size() == 2);
  CHECK(sweep["policies"][0]["name"] == "escalation-5min");
  CHECK(sweep["policies"][1]["name"] == "escalation-15min");
  // The 5-min policy is the scenario's own: replication i is the same run as `firedrill run`
  // with seed 42 + i.
  const Result run = run_firedrill("run " + scenario + " --seed 43 --json", dir);
  REQUIRE(run.status == 0);
  const json report = json::parse(run.out);
  CHECK(sweep["policies"][0]["metrics"]["score"]["values"][1].get<double>() ==
        Approx(report["summary"]["score"].get<double>()).margin(0.005));  // report: 2 decimals
  // Where level 1 answers within 5 min the two policies run alike, to the byte: the pages are
  // the same, and so is every time.
  const auto& a = sweep["policies"][0]["metrics"]["tta_s"]["values"];
  const auto& b = sweep["policies"][1]["metrics"]["tta_s"]["values"];
  int ties = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_null() || b[i].is_null()) continue;
    if (a[i].get<double>() <= 300.0) {  // acknowledged before either policy escalates
      CHECK(a[i] == b[i]);
      ++ties;
    } else {
      CHECK(b[i].get<double>() >= a[i].get<double>());
    }
  }
  CHECK(ties > 0);
  // 2 policies × 12 runs × every metric, and a header.
  const std::string csv = slurp(dir / "one/runs.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') ==
        static_cast<std::ptrdiff_t>(1 + 2 * 12 * firedrill::scoring::kSweepMetricCount));
}

TEST_CASE(
    "firedrill sweep --robustness: each practical verdict beside the perturbed re-runs, "
    "and --smallest-effect moves a verdict",
    "[app][sweep]") {
  const fs::path dir = scratch("sweep-robustness");
  const std::string base =
      "sweep " + std::string(kDefaultDrill) + " --runs 30 --threads 2" + kEscalationPair;
  const Result r = run_firedrill(base + " --robustness --out robust", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string summary = slurp(dir / "robust/summary.md");
  CHECK_THAT(summary, Catch::Contains("## Robustness"));
  CHECK_THAT(summary, Catch::Contains("| acknowledgement ×0.5 | acknowledgement ×2 |"));
  // Time to mitigate: 5-min escalation is better by minutes (docs/sweeps.md), and stays so.
  CHECK_THAT(summary, Catch::Contains("| ttm_s | escalation-5min better |"));
  // A smallest effect of an hour makes the same difference equivalent.
  const Result wide = run_firedrill(base + " --smallest-effect ttm_s=3600 --out wide", dir);
  REQUIRE(wide.status == 0);
  CHECK_THAT(slurp(dir / "wide/summary.md"), Catch::Contains("| 1 h | **equivalent** |"));
  const Result bad = run_firedrill(base + " --smallest-effect ttm=60 --out bad", dir);
  CHECK(bad.status == 64);  // kExitUsage
  CHECK_THAT(bad.err, Catch::Contains("no metric 'ttm'"));
  const Result one = run_firedrill(
      "sweep " + std::string(kDefaultDrill) + " --runs 5 --robustness --out one", dir);
  CHECK(one.status == 64);
  CHECK_THAT(one.err, Catch::Contains("--robustness tests the comparison of two or more"));
}

TEST_CASE("firedrill sweep: --set changes a value under every policy, bad settings are input "
          "errors",
          "[app][sweep]") {
  const fs::path dir = scratch("sweep-set");
  const std::string scenario = kDefaultDrill;
  // The same change as the escalation-15min policy file, written on the command line.
  const Result set = run_firedrill(
      "sweep " + scenario + " --runs 4 --out set --set /teams/1/escalation/levels/0/delay_min=15",
      dir);
  INFO(set.err);
  REQUIRE(set.status == 0);
  const Result file = run_firedrill("sweep " + scenario + " --runs 4 --out file --policy '" +
                                    FIREDRILL_SOURCE_DIR +
                                    "/scenarios/online-boutique/policies/escalation-15min.json'",
                                dir);
  REQUIRE(file.status == 0);
  const json by_set = json::parse(slurp(dir / "set/sweep.json"));
  const json by_file = json::parse(slurp(dir / "file/sweep.json"));
  CHECK(by_set["policies"][0]["metrics"] == by_file["policies"][0]["metrics"]);
  CHECK(by_set["policies"][0]["name"] == "scenario");

  const Result bad = run_firedrill("sweep " + scenario + " --runs 3 --set /teams/9/name=x", dir);
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("--set: /teams/9/name: cannot set it: /teams/9 does not "
                                      "exist"));
  CHECK(run_firedrill("sweep " + scenario + " --runs 0", dir).status == 64);
  CHECK(run_firedrill("sweep " + scenario + " --runs 2 --set nopointer", dir).status == 64);
}

TEST_CASE("firedrill gate: exits 3 when a requirement fails, and its JUnit XML reads with a "
          "standard parser",
          "[app][gate]") {
  const fs::path dir = scratch("gate");
  const std::string scenario = kDefaultDrill;
  // The default drill's bad deploy takes about an hour to mitigate and never less than 2 min to
  // detect (its 1-min window and 1-min `for`): the first requirement fails, the second holds.
  const Result r = run_firedrill("gate " + scenario +
                                     " --runs 30 --require 'p90(ttm_s) < 1800'"
                                     " --require 'min(ttd_s) >= 60' --junit gate.xml",
                                 dir);
  INFO(r.out << r.err);
  CHECK(r.status == 3);
  CHECK_THAT(r.out, Catch::Contains("FAIL p90(ttm_s) < 1800"));
  CHECK_THAT(r.out, Catch::Contains("PASS min(ttd_s) >= 60"));
  // Python's xml.etree, the standard library's parser, counts the testcases and failures.
  const std::string check =
      "python3 -c \"import xml.etree.ElementTree as E; r=E.parse('gate.xml').getroot(); "
      "s=r.find('testsuite'); c=s.findall('testcase'); "
      "print(r.get('tests'), r.get('failures'), len(c), "
      "sum(1 for t in c if t.find('failure') is not None))\" > parsed.txt";
  REQUIRE(std::system(("cd '" + dir.string() + "' && " + check).c_str()) == 0);
  CHECK(slurp(dir / "parsed.txt") == "2 1 2 1\n");

  CHECK(run_firedrill("gate " + scenario + " --runs 5 --require 'min(ttd_s) >= 60'", dir).status ==
        0);
  CHECK(run_firedrill("gate " + scenario + " --runs 5 --require 'p95(ttm_s) < 1'", dir).status ==
        64);
  CHECK(run_firedrill("gate " + scenario + " --runs 5 --require 'mean(mttr) < 1'", dir).status ==
        64);
}

TEST_CASE("firedrill sweep --sweep: one run set per parameter value, compared with the first, "
          "and the sensitivity plotted",
          "[app][sweep]") {
  const fs::path dir = scratch("sweep-parameter");
  const std::string scenario = kDefaultDrill;
  const Result r = run_firedrill(
      "sweep " + scenario + " --runs 5 --sweep /teams/1/escalation/levels/0/delay_min=1:7:3", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const json sweep = json::parse(slurp(dir / "firedrill-sweep/sweep.json"));
  CHECK(sweep["parameter"]["values"] == json({"1", "4", "7"}));
  REQUIRE(sweep["policies"].size() == 3);
  CHECK(sweep["policies"][1]["name"] == "delay_min=4");
  // Every value against the first: 2 comparisons, not 3.
  REQUIRE(sweep["comparisons"].size() == 2);
  CHECK(sweep["comparisons"][1]["a"] == "delay_min=1");
  CHECK(sweep["comparisons"][1]["b"] == "delay_min=7");
  CHECK_THAT(r.out, Catch::Contains("## Sensitivity to /teams/1/escalation/levels/0/delay_min"));
  CHECK(fs::file_size(dir / "firedrill-sweep/plots/sensitivity-ttm_s.png") > 0);

  CHECK(run_firedrill("sweep " + scenario + " --runs 2 --sweep /run/seed=5", dir).status == 64);
  CHECK(run_firedrill("sweep " + scenario + " --runs 2 --sweep /run/seed=9:1:1", dir).status ==
        64);
}

TEST_CASE("firedrill sweep --shard and merge: the merged shards are exactly the unsharded sweep, "
          "Slurm's and a Kubernetes Indexed Job's variables pick the shard",
          "[app][sweep][shard]") {
  const fs::path dir = scratch("shard");
  const std::string scenario = kDefaultDrill;
  const std::string policies = kEscalationPair;
  const std::string sweep = "sweep " + scenario + " --runs 10" + policies;
  REQUIRE(run_firedrill(sweep + " --out whole", dir).status == 0);
  // Shard 0 by option, shard 1 as Slurm array task 5 of tasks 4–6, shard 2 as a Kubernetes
  // Indexed Job's completion index 2 of 3.
  REQUIRE(run_firedrill(sweep + " --out parts --shard 0/3", dir).status == 0);
  REQUIRE(run_firedrill(sweep + " --out parts", dir,
                        "SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3")
              .status == 0);
  REQUIRE(run_firedrill(sweep + " --out parts --shards 3", dir, "JOB_COMPLETION_INDEX=2").status ==
          0);
  CHECK(fs::exists(dir / "parts/shard-1-of-3.json"));
  CHECK(fs::exists(dir / "parts/shard-2-of-3.json"));
  REQUIRE(run_firedrill("merge parts/shard-2-of-3.json parts/shard-0-of-3.json "
                        "parts/shard-1-of-3.json --out merged",
                        dir)
              .status == 0);
  for (const char* f : {"sweep.json", "runs.csv", "summary.md", "plots/ttm_s.svg"}) {
    INFO(f);
    CHECK(slurp(dir / "merged" / f) == slurp(dir / "whole" / f));
  }

  const Result twice =
      run_firedrill("merge parts/shard-0-of-3.json parts/shard-0-of-3.json --out bad", dir);
  CHECK(twice.status == 2);
  CHECK_THAT(twice.err, Catch::Contains("replication 0 is in 2 shard files"));
  const Result missing = run_firedrill("merge parts/shard-0-of-3.json --out bad", dir);
  CHECK(missing.status == 2);
  CHECK_THAT(missing.err, Catch::Contains("replication 3 is in 0 shard files"));
  CHECK(run_firedrill(sweep + " --shard 3/3", dir).status == 64);
}

TEST_CASE("firedrill sweep: every bundled policy pair answers its question on its drill, with the "
          "verdict the model gives by construction",
          "[app][sweep]") {
  // The pairs of docs/sweeps.md. Each expected winner follows from the policies' definitions: a
  // shorter escalation delay and an automatic rollback act sooner; paging an incident commander
  // at P2 pages one more person, who takes the status updates off the investigators; a
  // follow-the-sun rotation pages people in their daytime, who answer faster and are not woken.
  struct Pair {
    const char* drill;
    const char* a;
    const char* b;
    const char* metric;
    const char* verdict;
  };
  const Pair pairs[] = {
      {"black-friday-bad-deploy", "escalation-5min", "escalation-15min", "ttm_s", "a_better"},
      {"payment-canary-bad-deploy", "auto-rollback-off", "auto-rollback-on", "ttm_s", "b_better"},
      {"currency-errors-p2", "ic-at-p2", "ic-at-p1-only", "pages", "b_better"},
      {"currency-errors-p2", "ic-at-p2", "ic-at-p1-only", "longest_silence_s", "a_better"},
      {"payment-failures-week", "single-overnight-on-call", "follow-the-sun", "tta_s", "b_better"},
      {"payment-failures-week", "single-overnight-on-call", "follow-the-sun", "after_hours_pages",
       "b_better"},
  };
  const fs::path dir = scratch("policy-pairs");
  const std::string bundled = FIREDRILL_SOURCE_DIR "/scenarios/online-boutique/";
  for (const Pair& p : pairs) {
    INFO(p.drill << ": " << p.a << " vs " << p.b << " on " << p.metric);
    const Result r = run_firedrill("sweep '" + bundled + p.drill + ".json' --runs 60 --out out" +
                                       " --policy '" + bundled + "policies/" + p.a + ".json'" +
                                       " --policy '" + bundled + "policies/" + p.b + ".json'",
                                   dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    const json sweep = json::parse(slurp(dir / "out/sweep.json"));
    CHECK(sweep["policies"][0]["name"] == p.a);
    CHECK(sweep["comparisons"][0]["metrics"][p.metric]["verdict"] == p.verdict);
  }
}

TEST_CASE("firedrill viz: bad options are usage errors, a bad scenario or drill log is input, "
          "and without an X display it says how to get one",
          "[app][viz]") {
  const fs::path dir = scratch("viz");
  CHECK(run_firedrill("viz --at 25x", dir).status == 64);
  CHECK(run_firedrill("viz --size big", dir).status == 64);
  CHECK(run_firedrill("viz --speed 5000", dir).status == 64);
  CHECK(run_firedrill("viz --at 5h", dir).status == 64);  // beyond the 4 h drill
  for (const char* scale : {"0.49", "3.5", "0", "big", "1e0", "nan", "1."}) {
    const Result r = run_firedrill(std::string("viz --ui-scale ") + scale, dir);
    CHECK(r.status == 64);
    CHECK_THAT(r.err, Catch::Contains("firedrill viz: --ui-scale must be a number from 0.5 to 3 "
                                      "(1 draws 15 px text; without it the scale follows the "
                                      "window's size), got '" +
                                      std::string(scale) + "'"));
  }
  CHECK_THAT(run_firedrill("play --ui-scale 4", dir).err,
             Catch::Contains("firedrill play: --ui-scale must be a number from 0.5 to 3"));
  const Result missing = run_firedrill("viz nonexistent.json", dir);
  CHECK(missing.status == 2);
  std::ofstream(dir / "bad-log.json") << R"({"seed": 1, "commands": [{"at_s": 60, "end": "x"}]})";
  const Result bad_log = run_firedrill("viz --replay bad-log.json", dir);
  CHECK(bad_log.status == 2);
  CHECK_THAT(bad_log.err, Catch::Contains("bad-log.json: /commands/0/end"));
  const Result headless = run_firedrill("viz --screenshot out.png", dir, "env -u DISPLAY");
  CHECK(headless.status == 1);
  CHECK_THAT(headless.err, Catch::Contains("xvfb-run -a"));
  CHECK_FALSE(fs::exists(dir / "out.png"));
}

namespace {

// The order that rolls back the bundled drill's bad deploy (of paymentservice, incident 0).
constexpr const char* kOrderRollback =
    " --order '{\"act\": \"mitigate\", \"incident\": 0, \"action\": \"rollback\", "
    "\"service\": \"paymentservice\"}'";

// The what-if figure called `name` in whatif.json.
json figure(const json& whatif, const std::string& name) {
  for (const json& f : whatif["figures"])
    if (f["name"] == name) return f;
  FAIL("no figure " << name);
  return {};
}

}  // namespace

TEST_CASE("firedrill whatif: with no change the branch's report is the drill's, byte for byte",
          "[app][whatif]") {
  const fs::path dir = scratch("whatif-none");
  const Result r = run_firedrill("whatif --at 110m --out w", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(slurp(dir / "w/original/report.json") == slurp(dir / "w/what-if/report.json"));
  REQUIRE(run_firedrill("run --out plain", dir).status == 0);
  CHECK(slurp(dir / "plain/report.json") == slurp(dir / "w/original/report.json"));
  const json whatif = json::parse(slurp(dir / "w/whatif.json"));
  CHECK(whatif["at_s"] == 6600);
  for (const json& f : whatif["figures"]) {
    INFO(f["name"]);
    if (!f["difference"].is_null()) CHECK(f["difference"].get<double>() == 0.0);
  }
}

TEST_CASE(
    "firedrill whatif: an ordered rollback shortens the time to mitigate to when it is "
    "done, and the branch's drill log replays it",
    "[app][whatif]") {
  const fs::path dir = scratch("whatif-rollback");
  REQUIRE(run_firedrill("run --out plain", dir).status == 0);
  const json plain = json::parse(slurp(dir / "plain/report.json"));
  const json& incident = plain["incidents"][0];
  // Five minutes after triage declared the severity: the responders are still searching.
  const double at = incident["severity_history"][0]["at_s"].get<double>() + 300.0;
  REQUIRE(at < incident["mitigated_s"].get<double>());
  const Result r = run_firedrill(
      "whatif --at " + std::to_string(static_cast<int>(at)) + kOrderRollback + " --out w", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const json original = json::parse(slurp(dir / "w/original/report.json"));
  const json branch = json::parse(slurp(dir / "w/what-if/report.json"));
  CHECK(original == plain);
  // The rollback started at the fork and mitigated when it finished, sooner than the drill did.
  const double mitigated = branch["incidents"][0]["mitigated_s"].get<double>();
  CHECK(mitigated > static_cast<int>(at));
  CHECK(mitigated < incident["mitigated_s"].get<double>());
  const std::string postmortem = slurp(dir / "w/what-if/postmortem.md");
  CHECK(postmortem.find("Rollback of paymentservice started by Jonas (ordered by the "
                        "facilitator)") != std::string::npos);
  const json whatif = json::parse(slurp(dir / "w/whatif.json"));
  check_difference(figure(whatif, "mean time to mitigate")["difference"],
                   original["summary"]["mttm_s"], branch["summary"]["mttm_s"]);
  CHECK(figure(whatif, "mean time to mitigate")["difference"].get<double>() ==
        Approx(mitigated - incident["mitigated_s"].get<double>()).margin(0.0011));
  CHECK(whatif["incidents"][0]["what_if"]["mitigated_s"] == mitigated);
  // The branch as a drill log: the same report again.
  const Result replay = run_firedrill("run --replay w/what-if/drill-log.json --out replay", dir);
  INFO(replay.err);
  REQUIRE(replay.status == 0);
  CHECK(slurp(dir / "replay/report.json") == slurp(dir / "w/what-if/report.json"));
}

TEST_CASE("firedrill whatif: a policy value set at the fork acts from then on", "[app][whatif]") {
  const fs::path dir = scratch("whatif-set");
  // The bad deploy starts at 100 min; rolling back first from then on ends it sooner.
  const Result r = run_firedrill("whatif --at 100m --set /policy/mitigate_first=true --out w", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const json whatif = json::parse(slurp(dir / "w/whatif.json"));
  CHECK(figure(whatif, "mean time to mitigate")["difference"].get<double>() < 0);
  CHECK(slurp(dir / "w/what-if/postmortem.md").find("mitigate first") != std::string::npos);
  // A policy changed mid-drill is no drill log's: none is written.
  CHECK_FALSE(fs::exists(dir / "w/what-if/drill-log.json"));
}

TEST_CASE("firedrill whatif: bad changes are refused, naming the change", "[app][whatif]") {
  const fs::path dir = scratch("whatif-bad");
  struct Case {
    std::string args;
    int status;
    std::string message;
  };
  const std::vector<Case> cases{
      {"whatif --out w", 64, "give --at T"},
      {"whatif --at 99h --out w", 64, "--at must be before the run's end"},
      {"whatif --at 2000h --out w", 64, "--at must be a simulated time"},
      {"whatif --at 5m" + std::string(kOrderRollback) + " --out w", 2,
       "refused at T+05:00: there is no incident 0"},
      {"whatif --at 5m --end nosuch --out w", 64, "--end nosuch: no fault of the drill"},
      {"whatif --at 5m --set /services/0/replicas=9 --out w", 64,
       "only response-policy values can change"},
      {"whatif --at 5m --order '{\"act\": \"resolve\", \"incident\": 0}' --out w", 2,
       "can be ordered"},
      {"whatif --at 5m --inject '{\"id\": \"x\", \"type\": \"outage\", \"service\": \"nope\"}' "
       "--out w",
       2, "--inject: /service: unknown service"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    const Result r = run_firedrill(c.args, dir);
    INFO(r.err);
    CHECK(r.status == c.status);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "w"));
  }
}

TEST_CASE(
    "firedrill whatif --runs: the change over many seeds, compared pair by pair, the same "
    "on any thread count",
    "[app][whatif]") {
  const fs::path dir = scratch("whatif-runs");
  const std::string args = "whatif --at 100m --set /policy/mitigate_first=true --runs 12";
  const Result one = run_firedrill(args + " --threads 1 --out one", dir);
  INFO(one.err);
  REQUIRE(one.status == 0);
  REQUIRE(run_firedrill(args + " --threads 2 --out two", dir).status == 0);
  CHECK(slurp(dir / "one/sweep.json") == slurp(dir / "two/sweep.json"));
  const json sweep = json::parse(slurp(dir / "one/sweep.json"));
  REQUIRE(sweep["policies"].size() == 2);
  CHECK(sweep["policies"][0]["name"] == "original");
  CHECK(sweep["policies"][1]["name"] == "what-if");
  const std::string summary = slurp(dir / "one/summary.md");
  CHECK(summary.find("## what-if against original") != std::string::npos);
  CHECK(summary.find("/policy/mitigate_first is true from then on") != std::string::npos);
}
