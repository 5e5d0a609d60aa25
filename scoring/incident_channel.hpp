#pragma once
// The incident channel: what the simulated responders around a seat say and do, one line per
// timeline event, as the seat sees it (firedrill play: the stdio seat's `channel` lines and the
// window's Channel tab).

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scoring {

// Who sits in the seat, as far as the channel needs it: the channel leaves out what the seat
// did itself. An IncidentResolved event names nobody, so the incidents the seat resolved are
// listed.
struct SeatSide {
  std::vector<model::PersonRef> people;  // model::Run::seat_people()
  std::set<std::size_t> resolved;        // incidents the seat's accepted `resolve` ended
};

// How an incident is named in a line: by its number in the protocol ("incident 0", as the stdio
// seat's pages carry it), or by its label ("INC-1", as the window and the report show it).
enum class IncidentNaming { Number, Label };

// Returns the line the incident channel shows for `event`, or nullopt when it shows none: who
// acknowledged, declared a severity, looked where, found the cause where, started or finished
// which mitigation, paged which team, took which role, handed the incident to whom, escalated
// it (or that nobody answered a page and it escalated); incidents resolved; customers' reports
// escalated by support. Never the world's truth (no fault, no red herring, no spurious alert).
// Nothing the seat did itself (an event whose actor is one of `seat.people`, a resolution in
// `seat.resolved`), and nothing that is not said in the channel (alerts, status-page updates,
// engine bookkeeping). Pure: the same event and seat give the same line.
std::optional<std::string> channel_message(const model::Scenario& scenario,
                                           const model::TimelineEvent& event, const SeatSide& seat,
                                           IncidentNaming naming = IncidentNaming::Number);

}  // namespace firedrill::scoring
