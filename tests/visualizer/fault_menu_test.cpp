// The facilitator's fault menu: what it offers where, and that what it makes is a fault the
// scenario loader accepts (so that it can be recorded and replayed).

#include "visualizer/fault_menu.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "sim/scenario/drill_log.hpp"
#include "sim/scenario/load_scenario.hpp"
#include "tests/bundled_scenarios.hpp"

using namespace firedrill;
using namespace firedrill::visualizer;
using model::FaultType;
using std::chrono::minutes;

namespace {

std::vector<FaultType> types(const std::vector<FaultChoice>& choices) {
  std::vector<FaultType> out;
  for (const FaultChoice& c : choices) out.push_back(c.type);
  return out;
}

std::size_t service_index(const model::Scenario& sc, const std::string& name) {
  for (std::size_t s = 0; s < sc.services.size(); ++s)
    if (sc.services[s].name == name) return s;
  FAIL("no service " << name);
  return 0;
}

}  // namespace

TEST_CASE("fault_menu: every fault offered at every service and call of every bundled scenario, "
          "with each option and its default parameters, is one the loader accepts",
          "[visualizer][fault_menu]") {
  int checked = 0;
  for (const auto& file : firedrill::testing::bundled_scenarios()) {
    INFO(file.string());
    const model::Scenario sc = scenario::load_scenario(file);
    std::vector<Hit> targets;
    for (std::size_t s = 0; s < sc.services.size(); ++s) targets.push_back({Hit::Kind::Service, s});
    for (std::size_t c = 0; c < sc.calls.size(); ++c) targets.push_back({Hit::Kind::Call, c});
    for (const Hit& target : targets) {
      for (const FaultChoice& choice : fault_choices(sc, target)) {
        std::vector<double> values;
        for (const ParameterSpec& p : choice.parameters) {
          CHECK(p.min <= p.value);
          CHECK(p.value <= p.max);
          values.push_back(p.value);
        }
        for (std::size_t option = 0; option < std::max<std::size_t>(1, choice.options.size());
             ++option) {
          const model::Fault fault =
              make_fault(sc, target, choice, values, option, "menu", minutes(5), minutes(10));
          INFO(model::to_string(choice.type) << " at " << target.index << " option " << option);
          const model::Fault read = scenario::parse_injected_fault(
              scenario::injected_fault_json(fault, sc), sc, minutes(5), {});
          CHECK(read.type == fault.type);
          CHECK(read.end == minutes(15));
          ++checked;
        }
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("fault_menu: what is offered depends on the target", "[visualizer][fault_menu]") {
  const model::Scenario sc = scenario::load_scenario(
      std::filesystem::path(FIREDRILL_SOURCE_DIR) /
      "scenarios/online-boutique/payment-gateway-outage.json");
  // An external service takes a third-party outage (or a surge) and nothing else.
  const std::size_t gateway = service_index(sc, "payment-gateway");
  REQUIRE(sc.services[gateway].external);
  CHECK(types(fault_choices(sc, {Hit::Kind::Service, gateway})) ==
        std::vector{FaultType::ThirdPartyOutage, FaultType::TrafficSurge});
  // A service is partitioned only from the services it calls or is called by.
  const std::size_t payment = service_index(sc, "paymentservice");
  const auto choices = fault_choices(sc, {Hit::Kind::Service, payment});
  const auto partition = std::find_if(choices.begin(), choices.end(), [](const FaultChoice& c) {
    return c.type == FaultType::NetworkPartition;
  });
  REQUIRE(partition != choices.end());
  CHECK(partition->options == std::vector<std::string>{"checkoutservice", "payment-gateway"});
  const auto crash = fault_choices(sc, {Hit::Kind::Service, payment})[0];
  CHECK(crash.type == FaultType::CrashReplicas);
  CHECK(crash.parameters[0].max == sc.services[payment].replicas);
  // A call takes a call failure or a partition between its two services.
  CHECK(types(fault_choices(sc, {Hit::Kind::Call, 0})) ==
        std::vector{FaultType::CallFailure, FaultType::NetworkPartition});
  // A surge's first option is every journey, then each journey by name.
  const FaultChoice surge = choices.back();
  REQUIRE(surge.type == FaultType::TrafficSurge);
  const model::Fault all = make_fault(sc, {Hit::Kind::Service, payment}, surge, {3.0}, 0, "s",
                                      minutes(1), minutes(0));
  CHECK_FALSE(all.journey);
  CHECK_FALSE(all.end);  // zero duration: until fixed
  const model::Fault one = make_fault(sc, {Hit::Kind::Service, payment}, surge, {3.0}, 2, "s",
                                      minutes(1), minutes(0));
  REQUIRE(one.journey);
  CHECK(sc.journeys[*one.journey].name == surge.options[2]);
  CHECK(one.multiplier == 3.0);
}
