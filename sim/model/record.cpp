#include "sim/model/record.hpp"

#include <array>

namespace firedrill::model {

const char* to_string(ResponderState s) {
  constexpr std::array<const char*, kResponderStateCount> kNames{
      "off_duty",  "asleep",        "available",  "paged",         "acknowledging",
      "triaging", "investigating", "mitigating", "communicating", "handing_off"};
  return kNames[static_cast<std::size_t>(s)];
}

}  // namespace firedrill::model
