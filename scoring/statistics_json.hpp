#pragma once
// The JSON form of the sweep statistics (statistics.hpp), for sweep.json: nlohmann::ordered_json
// with keys in a fixed order. A target that includes this header links nlohmann_json itself.

#include <nlohmann/json_fwd.hpp>

#include "scoring/statistics.hpp"

namespace firedrill::scoring {

// Found by argument-dependent lookup: `nlohmann::ordered_json j = summary;` works. Values are in
// the metric's own units, so they carry no unit suffix: the caller puts the unit in the key it
// files them under (e.g. "ttm_s"). Fractions end in _fraction; an empty optional and any
// non-finite number is null. docs/scoring.md, "Statistics", lists every key.
void to_json(nlohmann::ordered_json& j, const Estimate& estimate);
void to_json(nlohmann::ordered_json& j, const MetricSummary& summary);
void to_json(nlohmann::ordered_json& j, const WilcoxonResult& result);
void to_json(nlohmann::ordered_json& j, const PairedComparison& comparison);

}  // namespace firedrill::scoring
