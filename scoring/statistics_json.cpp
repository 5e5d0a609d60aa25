#include "scoring/statistics_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace firedrill::scoring {
namespace {

using Json = nlohmann::ordered_json;

// Non-finite numbers have no JSON form; adding 0.0 turns −0 into 0.
Json number(double value) {
  if (!std::isfinite(value)) return nullptr;
  return value + 0.0;
}

Json number(const std::optional<double>& value) { return value ? number(*value) : Json(nullptr); }

Json estimate(const std::optional<Estimate>& e) { return e ? Json(*e) : Json(nullptr); }

}  // namespace

void to_json(Json& j, const Estimate& e) {
  j = Json::object();
  j["value"] = number(e.value);
  j["ci_low"] = number(e.ci_low);
  j["ci_high"] = number(e.ci_high);
}

void to_json(Json& j, const MetricSummary& s) {
  j = Json::object();
  j["count"] = s.count;
  j["missing"] = s.missing;
  j["mean"] = estimate(s.mean);
  j["median"] = estimate(s.median);
  j["p90"] = estimate(s.p90);
  j["p99"] = estimate(s.p99);
  j["min"] = number(s.min);
  j["max"] = number(s.max);
  j["confidence_level"] = s.bootstrap.confidence_level;
  j["bootstrap_resamples"] = s.bootstrap.resamples;
  j["bootstrap_seed"] = s.bootstrap.seed;
}

void to_json(Json& j, const WilcoxonResult& w) {
  j = Json::object();
  j["n"] = w.n;
  j["zeros"] = w.zeros;
  j["rank_sum_positive"] = number(w.rank_sum_positive);
  j["rank_sum_negative"] = number(w.rank_sum_negative);
  j["statistic"] = number(w.statistic);
  j["p_value"] = number(w.p_value);
  j["method"] = to_string(w.method);
  j["z"] = number(w.z);
}

void to_json(Json& j, const PairedComparison& c) {
  j = Json::object();
  j["direction"] = to_string(c.direction);
  j["replications"] = c.replications;
  j["pairs"] = c.pairs;
  j["a_missing"] = c.a_missing;
  j["b_missing"] = c.b_missing;
  j["pairs_dropped"] = c.pairs_dropped;
  j["mean_a"] = number(c.mean_a);
  j["mean_b"] = number(c.mean_b);
  j["mean_difference"] = estimate(c.mean_difference);
  j["median_difference"] = estimate(c.median_difference);
  j["relative_mean_difference_fraction"] = number(c.relative_mean_difference);
  j["a_better_fraction"] = number(c.a_better_fraction);
  j["b_better_fraction"] = number(c.b_better_fraction);
  j["tie_fraction"] = number(c.tie_fraction);
  j["wilcoxon"] = c.wilcoxon ? Json(*c.wilcoxon) : Json(nullptr);
  j["minimum_detectable_difference"] = number(c.minimum_detectable_difference);
  j["minimum_detectable_difference_fraction"] = number(c.minimum_detectable_relative_difference);
  j["verdict"] = to_string(c.verdict);
  j["smallest_effect"] = number(c.smallest_effect);
  j["equivalence_interval"] = estimate(c.equivalence_interval);
  j["practical_verdict"] = to_string(c.practical);
  j["wilcoxon_p_family_wise"] = number(c.wilcoxon_p_family_wise);
  j["verdict_holds_family_wise"] =
      c.verdict_holds_family_wise ? Json(*c.verdict_holds_family_wise) : Json(nullptr);
  Json warnings = Json::array();
  for (ComparisonWarning w : c.warnings) {
    warnings.push_back(Json{{"code", to_string(w)}, {"message", warning_message(w, c)}});
  }
  j["warnings"] = std::move(warnings);
  j["confidence_level"] = c.options.bootstrap.confidence_level;
  j["power"] = c.options.power;
  j["min_pairs"] = c.options.min_pairs;
  j["detectable_difference_fraction"] = c.options.detectable_relative_difference;
  j["smallest_effect_option"] = Json{{"value", c.options.smallest_effect.value},
                                     {"relative", c.options.smallest_effect.relative}};
  j["bootstrap_resamples"] = c.options.bootstrap.resamples;
  j["bootstrap_seed"] = c.options.bootstrap.seed;
}

}  // namespace firedrill::scoring
