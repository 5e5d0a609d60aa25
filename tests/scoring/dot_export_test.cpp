// The Graphviz DOT export on hand-made records: which moment it draws, how it colours services
// and calls, and that names cannot break out of DOT's quoted strings.

#include "scoring/dot_export.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "export_checks.hpp"
#include "fixtures.hpp"
#include "sim/engine/check.hpp"

namespace firedrill::scoring::testing {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The line of `dot` that starts with `prefix` (after the indentation).
std::string line_of(const std::string& dot, const std::string& prefix) {
  const std::size_t at = dot.find("\n  " + prefix);
  if (at == std::string::npos) return "";
  return dot.substr(at + 3, dot.find('\n', at + 1) - at - 3);
}

// A segment of the drill scenario with every service and call flow set: services healthy at
// utilisation 0.4 with all replicas, calls carrying 100 attempts/s (call 1: 50) without failures.
model::Segment full_segment(double start_s, double end_s, double checkout_good_rps,
                            double browse_good_rps) {
  model::Segment seg = segment(start_s, end_s, {{100, checkout_good_rps}, {50, browse_good_rps}});
  const model::Scenario s = drill_scenario();
  for (std::size_t i = 0; i < seg.services.size(); ++i) {
    seg.services[i].healthy_replicas = s.services[i].replicas;
    seg.services[i].utilisation = 0.4;
    seg.services[i].load_rps = 100;
    seg.services[i].capacity_rps = 250;
  }
  seg.calls = {{100, 100, 0.0, false}, {50, 50, 0.0, false}};
  return seg;
}

// Browse fails 10 % over [600, 1200); checkout 30 % over [1200, 1800) because paymentservice
// errs (and its call fails) with one replica down; calm again to 4 h.
model::RunRecord failing_record() {
  model::RunRecord r = record_of(drill_scenario());
  r.duration = std::chrono::hours(4);
  r.segments = {full_segment(0, 600, 100, 50), full_segment(600, 1200, 100, 45),
                full_segment(1200, 1800, 70, 50), full_segment(1800, 14400, 100, 50)};
  model::Segment& worst = r.segments[2];
  worst.services[2].error_ratio = 0.3;
  worst.services[2].healthy_replicas = 1;
  worst.services[1].error_ratio = 0.3;
  worst.services[1].utilisation = 0.85;
  worst.calls[1] = {50, 150, 0.3, false};  // retries triple the attempts
  return r;
}

}  // namespace

TEST_CASE("worst_moment: the segment where a journey failed the largest share", "[export]") {
  const WorstMoment w = worst_moment(failing_record());
  CHECK(w.segment == 2);
  CHECK(w.journey == std::optional<std::size_t>{0});
  CHECK(w.failed_share == Approx(0.3));
}

TEST_CASE("worst_moment: equal shares go to more failed requests, then the earlier segment",
          "[export]") {
  model::RunRecord r = failing_record();
  // Browse fails 30 % too in segment 1, but of 50 req/s: 15 req/s against checkout's 30.
  r.segments[1].journeys[1].good_rps = 35;
  CHECK(worst_moment(r).segment == 2);
  r.segments[1].journeys[0].good_rps = 70;  // now checkout fails 30 % in segment 1 as well
  CHECK(worst_moment(r).segment == 1);
  CHECK(worst_moment(r).journey == std::optional<std::size_t>{0});
}

TEST_CASE("worst_moment: without failures, the busiest segment, never an empty one", "[export]") {
  model::RunRecord r = record_of(drill_scenario());
  r.segments = {full_segment(0, 600, 100, 50), full_segment(600, 600, 100, 50),
                full_segment(600, 1200, 100, 50), full_segment(1200, 1800, 100, 50)};
  r.segments[1].services[0].utilisation = 2.0;  // empty: never chosen
  r.segments[2].services[1].utilisation = 0.9;
  r.segments[2].journeys[0].good_rps = 100 - 1e-9;  // residue, not a failure
  const WorstMoment w = worst_moment(r);
  CHECK(w.segment == 2);
  CHECK_FALSE(w.journey.has_value());
  CHECK_THROWS_AS(worst_moment(model::RunRecord{}), engine::InvariantError);
}

TEST_CASE("service_health: the thresholds, worst first", "[export]") {
  model::Service service;
  service.replicas = 3;
  model::ServiceFlow flow;
  flow.healthy_replicas = 3;
  CHECK(service_health(service, flow) == ServiceHealth::Healthy);
  flow.utilisation = kDegradedUtilisation;
  CHECK(service_health(service, flow) == ServiceHealth::Degraded);
  flow.utilisation = kOverloadedUtilisation;
  CHECK(service_health(service, flow) == ServiceHealth::Failing);
  flow.utilisation = 0.1;
  flow.error_ratio = kDegradedErrorRatio;
  CHECK(service_health(service, flow) == ServiceHealth::Degraded);
  flow.error_ratio = kFailingErrorRatio;
  CHECK(service_health(service, flow) == ServiceHealth::Failing);
  flow.error_ratio = 0.0;
  flow.healthy_replicas = 2;
  CHECK(service_health(service, flow) == ServiceHealth::Degraded);
  flow.healthy_replicas = 0;
  CHECK(service_health(service, flow) == ServiceHealth::Down);
  CHECK(std::string(to_string(ServiceHealth::Down)) == "down");
}

TEST_CASE("topology_dot: the worst moment's services and calls, coloured by health", "[export]") {
  model::Scenario scenario = drill_scenario();
  scenario.calls[1].hard = false;  // checkoutservice degrades without paymentservice
  const std::string dot = topology_dot(scenario, failing_record());
  check_dot_structure(dot, scenario);
  // The title: the moment in UTC (18:00 + 1200 s) and the worst journey's failed share.
  CHECK(has(dot, "worst moment: 2026-11-27 18:20:00 UTC (T+20:00 since the run's start, lasting 10 min)"));
  CHECK(has(dot, "checkout: 30 % of requests failed"));

  const std::string frontend = line_of(dot, "s0 [");
  CHECK(has(frontend, "label=\"frontend\\n3/3 replicas healthy\\nutilisation 40 %\\nerrors 0 %\""));
  CHECK(has(frontend, "fillcolor=\"#c7e9c0\""));  // healthy
  const std::string checkout = line_of(dot, "s1 [");
  CHECK(has(checkout, "fillcolor=\"#fb6a4a\""));  // failing: 30 % errors
  const std::string payment = line_of(dot, "s2 [");
  CHECK(has(payment, "1/2 replicas healthy"));
  CHECK(has(payment, "errors 30 %"));
  CHECK(has(payment, "fillcolor=\"#fb6a4a\""));

  // The busiest call (150 attempts/s) is 6 pt wide; 100 attempts/s is 1 + 5 × 100 / 150.
  const std::string to_checkout = line_of(dot, "s0 -> s1");
  CHECK(has(to_checkout, "penwidth=4.33"));
  CHECK(has(to_checkout, "color=\"#636363\""));
  CHECK(has(to_checkout, "label=\"100 req/s\""));
  CHECK_FALSE(has(to_checkout, "dashed"));
  const std::string to_payment = line_of(dot, "s1 -> s2");
  CHECK(has(to_payment, "penwidth=6.00"));
  CHECK(has(to_payment, "color=\"#cb181d\""));
  CHECK(has(to_payment, "label=\"150 req/s\\n30 % failing\""));
  CHECK(has(to_payment, "style=dashed"));
}

TEST_CASE("topology_dot: an open breaker is red, a service without replicas is down", "[export]") {
  const model::Scenario scenario = drill_scenario();
  model::RunRecord r = failing_record();
  r.segments[2].calls[1] = {50, 0, 0.0, true};
  r.segments[2].services[2].healthy_replicas = 0;
  const std::string dot = topology_dot(scenario, r);
  check_dot_structure(dot, scenario);
  const std::string to_payment = line_of(dot, "s1 -> s2");
  CHECK(has(to_payment, "breaker open"));
  CHECK(has(to_payment, "color=\"#cb181d\""));
  CHECK(has(to_payment, "penwidth=1.00"));  // no attempts get through
  CHECK(has(line_of(dot, "s2 ["), "fillcolor=\"#a50f15\""));
}

TEST_CASE("topology_dot: a run without failures shows its busiest moment", "[export]") {
  const model::Scenario scenario = drill_scenario();
  model::RunRecord r = record_of(scenario);
  r.duration = std::chrono::hours(1);
  r.segments = {full_segment(0, 600, 100, 50), full_segment(600, 3600, 100, 50)};
  r.segments[1].services[0].utilisation = 0.9;
  r.segments[1].calls[1] = {0, 0, 0.0, false};
  const std::string dot = topology_dot(scenario, r);
  check_dot_structure(dot, scenario);
  CHECK(has(dot, "no journey failed; the busiest moment (utilisation 90 %)"));
  CHECK(has(line_of(dot, "s0 ["), "fillcolor=\"#fdae6b\""));  // degraded: 90 % utilisation
  // A call without traffic: light grey, unlabelled.
  CHECK(line_of(dot, "s1 -> s2") == "s1 -> s2 [label=\"\", penwidth=1.00, color=\"#bdbdbd\"];");
}

TEST_CASE("topology_dot: quotes, backslashes and line breaks in names stay inside their strings",
          "[export]") {
  model::Scenario scenario = drill_scenario();
  scenario.name = "drill \"quoted\"";
  scenario.services[0].name = "front\\end \"v2\"";
  scenario.services[1].name = "check\nout";
  scenario.journeys[0].name = "check\\Nout";  // \N would be DOT's node-name escape
  const std::string dot = topology_dot(scenario, failing_record());
  check_dot_structure(dot, scenario);
  CHECK(dot.rfind("digraph \"drill \\\"quoted\\\"\" {", 0) == 0);
  CHECK(has(dot, "label=\"front\\\\end \\\"v2\\\"\\n3/3"));
  CHECK(has(dot, "label=\"check\\nout\\n"));
  CHECK(has(dot, "check\\\\Nout: 30 %"));
  CHECK(dot_escape("a\"b\\c\nd\re") == "a\\\"b\\\\c\\nde");
}

TEST_CASE("topology_dot: the same record gives the same bytes", "[export]") {
  const model::Scenario scenario = drill_scenario();
  CHECK(topology_dot(scenario, failing_record()) == topology_dot(scenario, failing_record()));
}

}  // namespace firedrill::scoring::testing
