#include "sim/model/record.hpp"

#include <array>

namespace firedrill::model {

const char* to_string(ResponderState s) {
  constexpr std::array<const char*, kResponderStateCount> kNames{
      "off_duty",  "asleep",        "available",  "paged",         "acknowledging",
      "triaging", "investigating", "mitigating", "communicating", "handing_off"};
  return kNames[static_cast<std::size_t>(s)];
}

const char* to_string(MitigationReason r) {
  constexpr std::array<const char*, 5> kNames{"fix", "wrong_guess", "mitigate_first",
                                              "stalled_recovery", "ordered"};
  return kNames[static_cast<std::size_t>(r)];
}

const char* to_string(MitigatedBy by) {
  constexpr std::array<const char*, 4> kNames{"responders", "automation", "fault_expired",
                                              "facilitator"};
  return kNames[static_cast<std::size_t>(by)];
}

const char* to_string(DiagnosisLead lead) {
  constexpr std::array<const char*, 9> kNames{"symptom", "alert", "change",    "errors", "latency",
                                              "noise",   "guess", "elsewhere", "chosen"};
  return kNames[static_cast<std::size_t>(lead)];
}

}  // namespace firedrill::model
