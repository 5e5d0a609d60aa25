#pragma once
// The seat in text: who it plays ("Priya Shah", "on-call:checkout", "incident-commander") and
// its actions as JSON objects, the same in a drill log's "seat" commands and on the seat's
// protocol (docs/seat-protocol.md):
//   {"act": "acknowledge", "incident": 0}
//   {"act": "declare_severity", "incident": 0, "severity": "P2"}
//   {"act": "investigate", "incident": 0, "service": "paymentservice"}
//   {"act": "mitigate", "incident": 0, "action": "rollback", "service": "paymentservice"}
//   {"act": "page_team", "incident": 0, "team": "payments"}
//   {"act": "post_status", "incident": 0, "phase": "identified", "message": "..."}
//   {"act": "resolve", "incident": 0}
// Names are the scenario's; incidents are numbered from 0 in order of opening, as pages carry
// them.

#include <cstddef>
#include <string>
#include <string_view>

#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::scenario {

// The longest status-page message a seat may post, in bytes (docs/limits.md): a status page's
// update is a paragraph.
inline constexpr std::size_t kMaxStatusMessageBytes = 2000;

// Reads who the seat plays: a person's name (unique across the scenario's teams), "on-call:TEAM"
// (whoever TEAM's first escalation level pages) or "incident-commander".
// Throws std::invalid_argument naming what is wrong: "no person or role "Pryia Shah" in the
// scenario (a person's name, on-call:TEAM or incident-commander)".
model::Seat parse_seat(std::string_view text, const model::Scenario& scenario);

// The text parse_seat reads back as `seat`.
std::string seat_text(const model::Seat& seat, const model::Scenario& scenario);

// Parses `text`, one action object, against `scenario` (`source` names it in messages).
// Throws ScenarioError listing every problem with its pointer: not JSON (no byte of it
// echoed), unknown keys or names, a key the act needs and lacks, a message over
// kMaxStatusMessageBytes. (A drill log's "seat" commands are read by the same reader.)
model::SeatAction parse_seat_action(std::string_view text, const std::string& source,
                                    const model::Scenario& scenario);

// `action` as the compact JSON object parse_seat_action reads back (keys in the order above).
std::string seat_action_json(const model::SeatAction& action, const model::Scenario& scenario);

}  // namespace firedrill::scenario
