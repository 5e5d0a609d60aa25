#pragma once
// The terminal scorecard: a run's report in 10–20 plain-text lines.

#include <string>

#include "scoring/report.hpp"

namespace firedrill::scoring {

// The scorecard of `report`: the overall score, MTTx, impact and pages, then one line of times
// and one of score components per incident. Plain ASCII apart from names; ends with a newline.
std::string scorecard_text(const Report& report);

}  // namespace firedrill::scoring
