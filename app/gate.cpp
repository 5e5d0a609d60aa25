#include "app/gate.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <regex>

#include "app/cli.hpp"
#include "app/outputs.hpp"
#include "app/sweep.hpp"
#include "scoring/format.hpp"
#include "scoring/statistics.hpp"

namespace firedrill::app {
namespace {

namespace po = boost::program_options;

// "p90(ttm_s) < 1800": a statistic of a metric over the replications, compared with a bound in
// the metric's unit.
struct Requirement {
  std::string text;
  std::string statistic;  // mean, median, p90, p99, min, max
  std::size_t metric = 0;
  std::string op;  // <, <=, >, >=
  double bound = 0.0;
};

Requirement parse_requirement(const std::string& text) {
  static const std::regex kPattern(
      R"(\s*(mean|median|p90|p99|min|max)\s*\(\s*([a-z_]+)\s*\)\s*(<=|>=|<|>)\s*([-+0-9.eE]+)\s*)");
  std::smatch m;
  // std::regex matches recursively: a long argument is refused before it is matched.
  if (text.size() > 200 || !std::regex_match(text, m, kPattern))
    throw UsageError("firedrill gate: --require wants 'STAT(METRIC) OP NUMBER' with STAT one of "
                     "mean, median, p90, p99, min, max and OP one of <, <=, >, >=; got '" +
                     text + "'");
  Requirement r{text, m[1], 0, m[3], 0.0};
  std::string names;
  bool found = false;
  for (std::size_t k = 0; k < scoring::kSweepMetricCount; ++k) {
    const char* name = scoring::info(static_cast<scoring::SweepMetric>(k)).name;
    names += (k ? ", " : "") + std::string(name);
    if (m[2] == name) {
      r.metric = k;
      found = true;
    }
  }
  if (!found)
    throw UsageError("firedrill gate: unknown metric '" + m[2].str() + "' in '" + text +
                     "' (metrics: " + names + ")");
  try {
    std::size_t used = 0;
    r.bound = std::stod(m[4], &used);
    if (used != m[4].str().size()) throw std::invalid_argument("trailing characters");
  } catch (const std::exception&) {
    throw UsageError("firedrill gate: '" + m[4].str() + "' in '" + text + "' is not a number");
  }
  return r;
}

// The statistic's value and, for the bootstrapped ones, its 95 % CI.
std::optional<scoring::Estimate> statistic(const scoring::MetricSummary& s, const std::string& name) {
  if (!s.mean) return std::nullopt;
  if (name == "mean") return s.mean;
  if (name == "median") return s.median;
  if (name == "p90") return s.p90;
  if (name == "p99") return s.p99;
  const double v = name == "min" ? *s.min : *s.max;
  return scoring::Estimate{v, v, v};
}

bool holds(double v, const std::string& op, double bound) {
  if (op == "<") return v < bound;
  if (op == "<=") return v <= bound;
  if (op == ">") return v > bound;
  return v >= bound;
}

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

struct Outcome {
  const Requirement* requirement;
  bool passed;
  std::string detail;  // "p90(ttm_s) = 1 h 25 min (95 % CI …), over 200 of 200 runs"
};

// JUnit XML as Jenkins, GitLab and GitHub's test reporters read it: one testsuite, one testcase
// per requirement, a <failure> for each that failed. No timestamps: the same sweep gives the same
// bytes.
std::string junit_xml(const std::string& suite, const std::vector<Outcome>& outcomes) {
  std::size_t failures = 0;
  for (const Outcome& o : outcomes) failures += o.passed ? 0 : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"firedrill gate\" tests=\"{}\" failures=\"{}\">\n",
                     outcomes.size(), failures);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     xml_escaped(suite), outcomes.size(), failures);
  for (const Outcome& o : outcomes) {
    out += fmt::format("    <testcase classname=\"firedrill.gate\" name=\"{}\">\n",
                       xml_escaped(o.requirement->text));
    if (!o.passed)
      out += fmt::format("      <failure type=\"requirement\" message=\"{}\"/>\n",
                         xml_escaped(o.detail));
    out += fmt::format("      <system-out>{}</system-out>\n", xml_escaped(o.detail));
    out += "    </testcase>\n";
  }
  return out + "  </testsuite>\n</testsuites>\n";
}

}  // namespace

int cmd_gate(const std::vector<std::string>& args) {
  po::options_description options(
      "firedrill gate SCENARIO --runs N --require 'STAT(METRIC) OP NUMBER'... [options]\n\n"
      "Runs N replications of SCENARIO (under one policy) and checks every requirement on them,\n"
      "e.g. 'p90(ttm_s) < 1800' or 'mean(error_budget_consumed) < 0.05' (STAT: mean, median,\n"
      "p90, p99, min, max; METRIC as in sweep.json, in its unit). Exit status 0 when all hold,\n"
      "3 when one fails; --junit writes a JUnit XML report for CI.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "require", po::value<std::vector<std::string>>(), "a requirement (repeatable, at least one)")(
      "junit", po::value<std::string>(), "write a JUnit XML report to this file");
  po::positional_options_description positional;
  add_replication_options(options, positional);
  const auto vm = parse("gate", options, positional, args);
  if (vm.count("help")) {
    std::cout << options;
    return kExitOk;
  }
  if (!vm.count("require")) throw UsageError("firedrill gate: at least one --require is needed");
  std::vector<Requirement> requirements;
  for (const std::string& text : vm["require"].as<std::vector<std::string>>())
    requirements.push_back(parse_requirement(text));
  Outputs outputs("gate");
  std::optional<std::filesystem::path> junit;
  if (vm.count("junit")) junit = outputs.file("junit", vm["junit"].as<std::string>());
  const Replications r = read_replications("gate", vm);
  if (r.policies.size() != 1)
    throw UsageError("firedrill gate: one policy at a time (use sweep to compare policies)");
  const auto values = run_all(r).front();

  std::vector<Outcome> outcomes;
  bool all = true;
  for (const Requirement& q : requirements) {
    std::vector<scoring::Observation> column;
    for (const scoring::SweepValues& v : values) column.push_back(v[q.metric]);
    const scoring::MetricSummary s = scoring::summarize_metric(column);
    const auto est = statistic(s, q.statistic);
    const char* unit = scoring::info(static_cast<scoring::SweepMetric>(q.metric)).unit;
    Outcome o{&q, false, ""};
    if (!est) {
      o.detail = fmt::format("no run had a value of {}", q.text);
    } else {
      o.passed = holds(est->value, q.op, q.bound);
      o.detail = fmt::format("{}({}) = {} {} (95 % CI {} … {}), over {} of {} runs",
                             q.statistic, scoring::info(static_cast<scoring::SweepMetric>(q.metric)).name,
                             fmt::format("{:.6g}", est->value), unit,
                             fmt::format("{:.6g}", est->ci_low), fmt::format("{:.6g}", est->ci_high),
                             s.count, values.size());
    }
    all = all && o.passed;
    std::cout << (o.passed ? "PASS " : "FAIL ") << q.text << ": " << o.detail << "\n";
    outcomes.push_back(std::move(o));
  }
  if (junit) {
    const std::string suite = r.policies.front().scenario.name + " (" + r.policies.front().name + ")";
    outputs.add(*junit, junit_xml(suite, outcomes));
    outputs.commit();
  }
  return all ? kExitOk : kExitGateFailed;
}

}  // namespace firedrill::app
