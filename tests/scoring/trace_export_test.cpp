// The Chrome Trace Event Format export on hand-made records (fixtures.hpp), whose every span and
// counter value can be read off the fixture's comments.

#include "scoring/trace_export.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "export_checks.hpp"
#include "fixtures.hpp"
#include "scoring/integrals.hpp"

namespace firedrill::scoring::testing {
namespace {

constexpr auto kServices = static_cast<std::int64_t>(TraceProcess::Services);
constexpr auto kResponders = static_cast<std::int64_t>(TraceProcess::Responders);
constexpr auto kIncidents = static_cast<std::int64_t>(TraceProcess::Incidents);
constexpr auto kJourneys = static_cast<std::int64_t>(TraceProcess::Journeys);

json trace_of(const model::Scenario& scenario, const model::RunRecord& record) {
  return json::parse(trace_json(scenario, record));
}

// The (start, end) of a complete event, in seconds.
std::pair<double, double> interval_s(const json& span) {
  const auto ts = span["ts"].get<std::int64_t>();
  const auto dur = span["dur"].get<std::int64_t>();
  return {static_cast<double>(ts) / 1e6, static_cast<double>(ts + dur) / 1e6};
}

std::vector<json> named(const std::vector<json>& events, const std::string& name) {
  std::vector<json> out;
  std::copy_if(events.begin(), events.end(), std::back_inserter(out),
               [&](const json& e) { return e["name"] == name; });
  return out;
}

}  // namespace

TEST_CASE(
    "trace_json: a drill's record gives a well-formed trace whose counters are the exact "
    "integrals",
    "[export]") {
  for (const model::RunRecord& record :
       {drill_record(), busy_record(), escalated_record().record, staffed_record().record,
        reported_record(), quiet_record()}) {
    const model::Scenario scenario = drill_scenario();
    const json trace = trace_of(scenario, record);
    check_trace_structure(trace, record);
    check_trace_counters(trace, scenario, record);
  }
}

TEST_CASE("trace_json: one process per kind of track, named and in order", "[export]") {
  const json trace = trace_of(drill_scenario(), drill_record());
  std::map<std::int64_t, std::string> processes;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "process_name") processes[e["pid"]] = e["args"]["name"];
  CHECK(processes == std::map<std::int64_t, std::string>{{kServices, "services"},
                                                         {kResponders, "responders"},
                                                         {kIncidents, "incidents"},
                                                         {kJourneys, "journeys"}});
  CHECK(trace["otherData"]["scenario"] == "checkout-bad-deploy");
  CHECK(trace["otherData"]["start_utc"] == "2026-11-27 18:00:00 UTC");
  // Every service has its thread, in scenario order.
  std::vector<std::string> services;
  for (const json& e : trace["traceEvents"])
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["pid"] == kServices)
      services.push_back(e["args"]["name"]);
  CHECK(services.at(0) == "frontend");
  CHECK(services.at(1) == "checkoutservice");
  CHECK(services.at(2) == "paymentservice");
}

TEST_CASE(
    "trace_json: an incident's span holds the phases of its time to mitigate, then its "
    "resolution, with its pages and updates as instants",
    "[export]") {
  // drill_record: impact 600 s, mitigated 1800 s, resolved 2400 s.
  const json trace = trace_of(drill_scenario(), drill_record());
  const std::vector<json> spans = spans_on(trace, kIncidents, "INC-1 payment-bad-deploy");
  REQUIRE(spans.size() >= 3);
  CHECK(spans[0]["name"] == "INC-1");
  CHECK(interval_s(spans[0]) == std::pair{600.0, 2400.0});
  CHECK(spans[0]["args"]["severity"] == "P1");
  double covered_s = 0.0;
  double previous_end_s = 600.0;
  for (std::size_t i = 1; i + 1 < spans.size(); ++i) {
    CHECK(spans[i]["cat"] == "phase");
    const auto [start, end] = interval_s(spans[i]);
    CHECK(start == previous_end_s);  // consecutive, as the breakdown's phases are
    covered_s += end - start;
    previous_end_s = end;
  }
  CHECK(covered_s == 1200.0);  // the time to mitigate
  CHECK(spans.back()["name"] == "Resolution");
  CHECK(interval_s(spans.back()) == std::pair{1800.0, 2400.0});

  const std::vector<json> instants = instants_on(trace, kIncidents, "INC-1 payment-bad-deploy");
  const auto pages = named(instants, "page");
  REQUIRE(pages.size() == 2);
  CHECK(pages[0]["ts"] == micros(780));
  CHECK(pages[1]["ts"] == micros(1080));
  CHECK(pages[1]["args"]["description"].get<std::string>().find("Ben Okafor") != std::string::npos);
  CHECK(named(instants, "acknowledged").at(0)["ts"] == micros(1140));
  CHECK(named(instants, "escalated").at(0)["ts"] == micros(1080));
  CHECK(named(instants, "status update").size() == 2);
}

TEST_CASE(
    "trace_json: faults and alerts go on their services' tracks, crossing intervals get a "
    "lane of their own",
    "[export]") {
  // The bad deploy acts on paymentservice over [600, 1800); its error alert fires over
  // [780, 1830), which crosses it: the alert goes to a second lane. The burn-rate rule watches
  // journey checkout, whose entry is frontend, and never resolves.
  const json trace = trace_of(drill_scenario(), drill_record());
  const std::vector<json> payment = spans_on(trace, kServices, "paymentservice");
  REQUIRE(payment.size() == 1);
  CHECK(payment[0]["name"] == "payment-bad-deploy");
  CHECK(payment[0]["cat"] == "fault");
  CHECK(payment[0]["args"]["mitigated"] == true);
  CHECK(interval_s(payment[0]) == std::pair{600.0, 1800.0});
  const std::vector<json> lane2 = spans_on(trace, kServices, "paymentservice (lane 2)");
  REQUIRE(lane2.size() == 1);
  CHECK(lane2[0]["name"] == "payment-errors");
  CHECK(interval_s(lane2[0]) == std::pair{780.0, 1830.0});
  const std::vector<json> frontend = spans_on(trace, kServices, "frontend");
  REQUIRE(frontend.size() == 1);
  CHECK(frontend[0]["name"] == "checkout-slo-burn");
  CHECK(interval_s(frontend[0]) == std::pair{780.0, 14400.0});
}

TEST_CASE("trace_json: responders' working states are spans on their tracks, rest is left out",
          "[export]") {
  // staffed_record: Ana is paged at 720 s and sleeps on after the escalation at 1620 s; Ben is
  // paged at 1620 s, acknowledges and triages from 1800 s, investigates from 1920 s; Dana
  // communicates over [1920, 3060); a false alarm wakes Ana at 5000 s.
  const Escalated e = staffed_record();
  const json trace = trace_of(e.scenario, e.record);
  const std::vector<json> ana = spans_on(trace, kResponders, "Ana Silva (web)");
  REQUIRE(ana.size() == 3);
  CHECK(ana[0]["name"] == "paged");
  CHECK(ana[0]["args"]["incident"] == "INC-1");
  CHECK(interval_s(ana[0]) == std::pair{720.0, 1620.0});
  CHECK(ana[1]["name"] == "paged");  // the false alarm: no incident
  CHECK_FALSE(ana[1]["args"].contains("incident"));
  CHECK(interval_s(ana[1]) == std::pair{5000.0, 5300.0});
  CHECK(ana[2]["name"] == "investigating");
  CHECK(interval_s(ana[2]) == std::pair{5300.0, 5900.0});
  CHECK(named(instants_on(trace, kResponders, "Ana Silva (web)"), "false alarm page").size() == 1);

  const std::vector<json> ben = spans_on(trace, kResponders, "Ben Okafor (web)");
  std::vector<std::string> states;
  for (const json& s : ben) states.push_back(s["name"]);
  // Acknowledging lasts no time here (Ben triages at once), so it has no span.
  CHECK(states == std::vector<std::string>{"paged", "triaging", "investigating", "mitigating",
                                           "investigating"});
  CHECK(interval_s(ben.back()).second == 3060.0);  // released at the resolution

  const std::vector<json> dana = spans_on(trace, kResponders, "Dana Kovacs (payments)");
  REQUIRE(dana.size() == 1);
  CHECK(dana[0]["name"] == "communicating");
  CHECK(interval_s(dana[0]) == std::pair{1920.0, 3060.0});
  // Nobody else appears in the timeline, so nobody else has a track.
  CHECK(spans_on(trace, kResponders, "Chen Wei (payments)").empty());
}

TEST_CASE("trace_json: the error budget counter climbs minute by minute while a journey fails",
          "[export]") {
  // Checkout fails 30 req/s over [600, 1800) against a budget of 0.001 × 100 × 30 days =
  // 259,200 requests: 30 × 60 / 259,200 more each minute, 30 × 1200 / 259,200 in all.
  const model::Scenario scenario = drill_scenario();
  const json trace = trace_of(scenario, drill_record());
  const auto consumed = counter_samples(trace, "checkout error budget consumed");
  const double budget = 0.001 * 100 * 30 * 86400;
  REQUIRE(budget == Approx(error_budget_requests(scenario.journeys[0])));
  CHECK(counter_at(consumed, micros(599)) == 0.0);
  CHECK(counter_at(consumed, micros(660)) == Approx(30 * 60 / budget));
  CHECK(counter_at(consumed, micros(1200)) == Approx(30 * 600 / budget));
  CHECK(counter_at(consumed, micros(14400)) == Approx(30 * 1200 / budget));
  CHECK(consumed.size() == 1 + 20 + 1);  // 0 s, each minute of [600, 1800], the run's end
  const auto ratio = counter_samples(trace, "checkout error ratio");
  CHECK(ratio == std::vector<std::pair<std::int64_t, double>>{
                     {0, 0.0}, {micros(600), 0.3}, {micros(1800), 0.0}});
  // Browse never fails: one ratio; the budget at the start and at the run's end.
  CHECK(counter_samples(trace, "browse error ratio").size() == 1);
  CHECK(counter_samples(trace, "browse error budget consumed") ==
        std::vector<std::pair<std::int64_t, double>>{{0, 0.0}, {micros(14400), 0.0}});
}

TEST_CASE("trace_json: a journey without an error budget has no budget counter", "[export]") {
  model::Scenario scenario = drill_scenario();
  scenario.journeys[0].slo.objective = 1.0;
  const json trace = trace_of(scenario, drill_record());
  check_trace_structure(trace, drill_record());
  CHECK(counter_samples(trace, "checkout error budget consumed").empty());
  CHECK_FALSE(counter_samples(trace, "checkout error ratio").empty());
}

TEST_CASE("trace_json: the same record gives the same bytes", "[export]") {
  const Escalated e = staffed_record();
  CHECK(trace_json(e.scenario, e.record) == trace_json(e.scenario, e.record));
}

}  // namespace firedrill::scoring::testing
