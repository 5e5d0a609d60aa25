// Impact start on a bundled drill run by the model: a memory leak starves its service for
// minutes before the first checkout fails, and its impact (and everything measured from it)
// starts there, not at the fault's start. Expected values come from the run's own segments.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "scoring/report.hpp"
#include "sim/model/run.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace fs = std::filesystem;

namespace firedrill::scoring {
namespace {

std::size_t service_named(const model::Scenario& s, const std::string& name) {
  for (std::size_t i = 0; i < s.services.size(); ++i)
    if (s.services[i].name == name) return i;
  FAIL("no service " << name);
  return 0;
}

// Returns true iff a journey's requests reach `service`: its entry, or a callee of one of its
// calls (every call a journey lists is reached from its entry; the loader checks that).
bool reaches(const model::Scenario& s, const model::Journey& j, std::size_t service) {
  if (j.entry_service == service) return true;
  return std::any_of(j.calls.begin(), j.calls.end(),
                     [&](std::size_t c) { return s.calls[c].callee == service; });
}

double failed_share(const model::JourneyFlow& f) {
  return f.offered_rps > 0.0 ? 1.0 - f.good_rps / f.offered_rps : 0.0;
}

TEST_CASE(
    "measure_incidents: a memory leak's impact and time to detect start when checkouts start "
    "failing, not when the leak starts",
    "[scoring][impact][bundled]") {
  const model::Scenario scenario =
      scenario::load_scenario(fs::path(FIREDRILL_SOURCE_DIR) / "scenarios" / "online-boutique" /
                              "payment-memory-leak.json");
  const model::RunRecord record = model::simulate(scenario, scenario.run.seed);
  const Report report = evaluate(scenario, record);
  REQUIRE_FALSE(report.incidents.empty());
  const IncidentMetrics& m = report.incidents.front();
  REQUIRE(m.root_cause.fault == "memory_leak");
  const SimTime fault_start = engine::from_seconds(m.fault_start_s);
  CHECK(fault_start == scenario.faults.front().start);

  // The first segment from the fault's start in which a journey that reaches paymentservice
  // fails a larger share than just before the fault, by at least one request over the segment.
  const std::size_t payment = service_named(scenario, "paymentservice");
  const model::Segment* before = nullptr;
  for (const model::Segment& seg : record.segments)
    if (seg.start < fault_start && seg.end >= fault_start) before = &seg;
  REQUIRE(before != nullptr);
  std::optional<SimTime> expected;
  for (const model::Segment& seg : record.segments) {
    if (seg.end <= fault_start || expected) continue;
    for (std::size_t j = 0; j < scenario.journeys.size(); ++j) {
      if (!reaches(scenario, scenario.journeys[j], payment)) continue;
      const double excess = failed_share(seg.journeys[j]) - failed_share(before->journeys[j]);
      const double requests =
          excess * seg.journeys[j].offered_rps * engine::to_seconds(seg.end - seg.start);
      if (excess > 0.0 && requests >= 1.0) expected = std::max(seg.start, fault_start);
    }
  }
  REQUIRE(expected.has_value());
  REQUIRE(m.impact_start_s.has_value());
  CHECK(*m.impact_start_s == engine::to_seconds(*expected));
  // A slow start: the leak acts for minutes before users fail.
  CHECK(*m.impact_start_s - m.fault_start_s >= 60.0);
  REQUIRE(m.impact_evidence.has_value());
  CHECK(m.impact_evidence->signal == ImpactSignal::FailedShare);
  CHECK(reaches(scenario, scenario.journeys[m.impact_evidence->journey], payment));
  CHECK(m.impact_evidence->value > m.impact_evidence->before);

  // Everything measured from the impact starts there.
  REQUIRE(m.detected_s.has_value());
  CHECK(*m.ttd_s == Approx(std::max(0.0, *m.detected_s - *m.impact_start_s)).margin(1e-9));
  if (m.mitigated_s) CHECK(*m.ttm_s == Approx(*m.mitigated_s - *m.impact_start_s).margin(1e-9));
  if (m.resolved_s) CHECK(*m.ttr_s == Approx(*m.resolved_s - *m.impact_start_s).margin(1e-9));
  CHECK(m.time_to_mitigate_breakdown.start_s == *m.impact_start_s);
  REQUIRE_FALSE(m.time_to_mitigate_breakdown.phases.empty());
  CHECK(m.time_to_mitigate_breakdown.phases.front().start_s == *m.impact_start_s);
  CHECK(m.time_to_mitigate_breakdown.seconds_in(PhaseKind::Undetected) ==
        Approx(*m.ttd_s).margin(1e-9));
}

}  // namespace
}  // namespace firedrill::scoring
