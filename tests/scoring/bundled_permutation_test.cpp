// The order of a scenario's lists means nothing: the same system written with its services,
// calls, journeys, teams and alert rules in another order is the same drill. Every bundled
// scenario is run as written and with each of those lists reversed and rotated, and the
// report's incident metrics must not change (issue 13: swapping two calls once changed the time
// to mitigate by 13 % and the pages by 63 %).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scoring/report.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/bundled_scenarios.hpp"

namespace firedrill::scoring {
namespace {

using nlohmann::json;

// The lists whose order carries no meaning, as JSON pointers.
const std::vector<std::string> kUnorderedLists = {
    "/services",         "/calls",        "/journeys", "/teams", "/alerts/threshold",
    "/alerts/burn_rate", "/alerts/probes"};

enum class Reorder { Reverse, Rotate };

json reordered(json doc, const std::string& pointer, Reorder how) {
  const json::json_pointer p(pointer);
  if (!doc.contains(p) || !doc.at(p).is_array()) return doc;
  json& list = doc.at(p);
  if (how == Reorder::Reverse) {
    std::reverse(list.begin(), list.end());
  } else if (list.size() > 1) {
    std::rotate(list.begin(), list.begin() + 1, list.end());
  }
  return doc;
}

// The metrics the issue names, by incident, rounded as report.json rounds them (1 ms, 0.1
// request, 0.01 point): the same drill must give the same report.
struct Outcome {
  std::string id;
  std::optional<double> ttd_s, tta_s, ttm_s, ttr_s;
  std::size_t pages = 0;
  double failed_requests = 0.0;
  double score = 0.0;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

std::optional<double> ms(std::optional<double> s) {
  if (!s) return s;
  return std::round(*s * 1000.0) / 1000.0;
}

// Shuffles every unordered list at once, by Fisher–Yates over a 64-bit LCG (Knuth's MMIX
// constants): the same permutation on every platform, which std::shuffle does not promise.
json shuffled(json doc, std::uint64_t state) {
  for (const std::string& pointer : kUnorderedLists) {
    const json::json_pointer p(pointer);
    if (!doc.contains(p) || !doc.at(p).is_array()) continue;
    json& list = doc.at(p);
    for (std::size_t i = list.size(); i > 1; --i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      std::swap(list[i - 1], list[(state >> 33) % i]);
    }
  }
  return doc;
}

// `seed`: the run's seed; the scenario's own without one.
std::vector<Outcome> outcomes(const json& doc, const std::filesystem::path& file,
                              std::optional<std::uint64_t> seed = std::nullopt) {
  const model::Scenario scenario =
      scenario::parse_scenario(doc.dump(), file.filename().string(), file.parent_path());
  const Report report =
      evaluate(scenario, model::simulate(scenario, seed.value_or(scenario.run.seed)));
  std::vector<Outcome> out;
  for (const IncidentMetrics& m : report.incidents) {
    out.push_back({m.id, ms(m.ttd_s), ms(m.tta_s), ms(m.ttm_s), ms(m.ttr_s), m.pages,
                   std::round(m.impact.failed_requests * 10.0) / 10.0,
                   std::round(m.score * 100.0) / 100.0});
  }
  return out;
}

std::string describe(const std::vector<Outcome>& all) {
  std::string s;
  const auto t = [](std::optional<double> v) { return v ? std::to_string(*v) : "-"; };
  for (const Outcome& o : all)
    s += o.id + " ttd " + t(o.ttd_s) + " tta " + t(o.tta_s) + " ttm " + t(o.ttm_s) + " ttr " +
         t(o.ttr_s) + " pages " + std::to_string(o.pages) + " failed " +
         std::to_string(o.failed_requests) + " score " + std::to_string(o.score) + "\n";
  return s;
}

TEST_CASE(
    "Bundled scenarios: reordering services, calls, journeys, teams or rules leaves every "
    "incident metric unchanged",
    "[bundled][permutation]") {
  for (const auto& file : testing::bundled_scenarios()) {
    std::ifstream in(file);
    const json doc = json::parse(in);
    const auto expected = outcomes(doc, file);
    for (const std::string& list : kUnorderedLists) {
      for (const Reorder how : {Reorder::Reverse, Reorder::Rotate}) {
        const json changed = reordered(doc, list, how);
        if (changed == doc) continue;
        INFO(file.filename().string()
             << ": " << list << (how == Reorder::Reverse ? " reversed" : " rotated"));
        const auto got = outcomes(changed, file);
        INFO("as written:\n" << describe(expected) << "reordered:\n" << describe(got));
        CHECK(got == expected);
      }
    }
  }
}

TEST_CASE("Bundled scenarios: every list shuffled at once leaves every incident metric unchanged "
          "on other seeds too",
          "[bundled][permutation]") {
  for (const auto& file : testing::bundled_scenarios()) {
    std::ifstream in(file);
    const json doc = json::parse(in);
    for (const std::uint64_t seed : {2, 3}) {
      const auto expected = outcomes(doc, file, seed);
      const auto got = outcomes(shuffled(doc, seed), file, seed);
      INFO(file.filename().string() << ", seed " << seed << "\nas written:\n"
                                    << describe(expected) << "shuffled:\n" << describe(got));
      CHECK(got == expected);
    }
  }
}

}  // namespace
}  // namespace firedrill::scoring
