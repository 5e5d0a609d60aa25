// The incident channel (scoring::channel_message): what the responders around the seat say and
// do, without the seat's own actions and without the world's truth.

#include "scoring/incident_channel.hpp"

#include <catch2/catch.hpp>

#include "tests/scoring/fixtures.hpp"

namespace firedrill::scoring {
namespace {

using namespace testing;

TEST_CASE(
    "channel_message: another responder's acknowledgement is in the channel, the seat's "
    "own is not",
    "[scoring][channel]") {
  const model::Scenario s = drill_scenario();
  const SeatSide seat{{ana()}, {}};
  const auto ack = [](model::PersonRef who) { return at(780, ev::PageAcknowledged{0, who}); };
  CHECK_FALSE(channel_message(s, ack(ana()), seat));
  CHECK(channel_message(s, ack(ben()), seat) == "Ben Okafor acknowledged the page for incident 0");
  CHECK(channel_message(s, ack(ben()), seat, IncidentNaming::Label) ==
        "Ben Okafor acknowledged the page for INC-1");
  // Before anyone took the seat's place, Ana's acknowledgement is someone else's.
  CHECK(channel_message(s, ack(ana()), SeatSide{}) ==
        "Ana Silva acknowledged the page for incident 0");
}

TEST_CASE("channel_message: the seat's own actions stay out, others' say who did what where",
          "[scoring][channel]") {
  const model::Scenario s = drill_scenario();
  const SeatSide seat{{ben()}, {}};
  const auto say = [&](model::EventPayload p) { return channel_message(s, at(1200, p), seat); };
  CHECK_FALSE(say(ev::SeverityDeclared{0, model::Severity::P1, 0.3, false, {}, {}, ben()}));
  CHECK(say(ev::SeverityDeclared{0, model::Severity::P1, 0.3, false, {}, {}, chen()}) ==
        "Chen Wei declared incident 0 P1");
  CHECK_FALSE(say(ev::DiagnosisStep{0, ben(), 1, true}));
  // A red herring is a look like any other: the channel does not say which it was.
  CHECK(say(ev::DiagnosisStep{0, chen(), 1, true}) == "Chen Wei looked at checkoutservice");
  CHECK(say(ev::CauseIdentified{0, 2, chen()}) == "Chen Wei: the cause shows in paymentservice");
  CHECK_FALSE(say(ev::CauseIdentified{0, 2, ben()}));
  CHECK(say(ev::TeamEngaged{0, 1, chen()}) == "Chen Wei paged team payments");
  CHECK(say(ev::MitigationStarted{0, model::MitigationAction::Rollback, 2,
                                  model::MitigationReason::Fix, chen()}) ==
        "Chen Wei started a rollback of paymentservice");
  CHECK_FALSE(say(ev::MitigationFinished{0, model::MitigationAction::Rollback, true,
                                         model::MitigationReason::Fix, ben()}));
  CHECK(say(ev::MitigationFinished{0, model::MitigationAction::Rollback, false,
                                   model::MitigationReason::WrongGuess, chen()}) ==
        "Chen Wei's rollback failed");
  CHECK(say(ev::CustomerReported{0, std::nullopt}) ==
        "Support: customers report failures on checkout");
}

TEST_CASE(
    "channel_message: a resolution is said unless the seat resolved it, and alerts and "
    "the status page are not the channel's",
    "[scoring][channel]") {
  const model::Scenario s = drill_scenario();
  const model::TimelineEvent resolved = at(2400, ev::IncidentResolved{0});
  CHECK(channel_message(s, resolved, SeatSide{{ben()}, {}}) == "Incident 0 is resolved");
  CHECK(channel_message(s, resolved, SeatSide{{ben()}, {}}, IncidentNaming::Label) ==
        "INC-1 is resolved");
  CHECK_FALSE(channel_message(s, resolved, SeatSide{{ben()}, {0}}));
  const model::TimelineEvent alert =
      at(780, ev::AlertChanged{model::AlertRuleKind::Threshold, 0, model::AlertState::Firing, 0.3});
  CHECK_FALSE(channel_message(s, alert, SeatSide{}));
  CHECK_FALSE(channel_message(
      s, at(1320, ev::StatusUpdatePosted{0, model::Severity::P1, "Investigating", chen()}),
      SeatSide{}));
}

}  // namespace
}  // namespace firedrill::scoring
