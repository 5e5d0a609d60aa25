#include "scoring/robustness.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/engine/check.hpp"

namespace firedrill::scoring {
namespace {

// A verdict in a table cell: who is better, "equivalent", "inconclusive", "no verdict".
std::string cell(PracticalVerdict v, const std::string& an, const std::string& bn) {
  switch (v) {
    case PracticalVerdict::ABetter:
      return an + " better";
    case PracticalVerdict::BBetter:
      return bn + " better";
    case PracticalVerdict::Equivalent:
      return "equivalent";
    case PracticalVerdict::Inconclusive:
      return "inconclusive";
    case PracticalVerdict::NoVerdict:
      break;
  }
  return "no verdict";
}

}  // namespace

std::string robustness_markdown(const SweepResult& sweep, const SweepStatistics& baseline,
                                const std::vector<PerturbedSweep>& perturbed) {
  for (const PerturbedSweep& p : perturbed)
    FIREDRILL_CHECK(p.stats.pairs == baseline.pairs, "robustness: other pairs compared");
  std::string out = fmt::format(
      "## Robustness\n\nEvery comparison again with the people model perturbed, one change at a "
      "time, on the same seeds with the same smallest effects ({} re-runs of every policy × "
      "replication). A verdict survives a perturbation when it is the same there.\n\n",
      perturbed.size());
  for (std::size_t k = 0; k < baseline.pairs.size(); ++k) {
    const auto [a, b] = baseline.pairs[k];
    const std::string& an = sweep.policies[a].name;
    const std::string& bn = sweep.policies[b].name;
    out += fmt::format("### {} against {}\n\n| metric | verdict |", bn, an);
    for (const PerturbedSweep& p : perturbed) out += " " + p.name + " |";
    out += " survives |\n|---|---|";
    for (std::size_t i = 0; i < perturbed.size(); ++i) out += "---|";
    out += "---:|\n";
    std::vector<std::string> robust;
    std::vector<std::string> fragile;
    for (std::size_t m = 0; m < kSweepMetricCount; ++m) {
      const PracticalVerdict v = baseline.comparisons[k][m].practical;
      if (v == PracticalVerdict::Inconclusive || v == PracticalVerdict::NoVerdict) continue;
      const char* name = info(static_cast<SweepMetric>(m)).name;
      out += fmt::format("| {} | {} |", name, cell(v, an, bn));
      std::size_t same = 0;
      for (const PerturbedSweep& p : perturbed) {
        const PracticalVerdict w = p.stats.comparisons[k][m].practical;
        same += w == v;
        out += " " + (w == v ? std::string("same") : "**" + cell(w, an, bn) + "**") + " |";
      }
      out += fmt::format(" {} of {} |\n", same, perturbed.size());
      (same == perturbed.size() ? robust : fragile).push_back(name);
    }
    if (robust.empty() && fragile.empty()) {
      out += "\nNo practical verdict to test: every metric is inconclusive or has none.\n\n";
      continue;
    }
    out += "\n";
    if (!robust.empty())
      out += fmt::format("Survive every perturbation: {}. ", fmt::join(robust, ", "));
    if (!fragile.empty())
      out += fmt::format(
          "Change under some: {}: they rest on the people model's values; "
          "calibrate it before acting on them.",
          fmt::join(fragile, ", "));
    out += "\n\n";
  }
  return out;
}

}  // namespace firedrill::scoring
