#pragma once
// Drill logs: the commands of one drill (faults the facilitator injected and ended, the seat's
// actions, with their simulated times) as a JSON file, read with the scenario loader's checks
// and written back.
// docs/drill-log.md describes the format.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/facilitator.hpp"
#include "sim/model/scenario.hpp"

namespace firedrill::scenario {

// The most commands a drill log may hold (docs/limits.md): a game day's facilitator gives tens.
inline constexpr std::size_t kMaxDrillLogCommands = 10'000;

// What a drill log holds: which scenario and seed the drill ran, the seats people played (none,
// one, or several, in the order taken: a seat command's `seat` indexes them; no two equal), and
// the commands in the order they were given (times non-decreasing).
struct DrillLog {
  std::string scenario;  // the scenario's file or name, as written; for readers
  std::uint64_t seed = 0;
  std::vector<model::Seat> seats;
  std::vector<model::DrillCommand> commands;
  friend bool operator==(const DrillLog&, const DrillLog&) = default;
};

// Parses drill-log JSON `text` (`source` names it in messages) against `scenario`:
//   {"scenario": "...", "seed": N, "seat": "on-call:checkout", "commands": [
//      {"at_s": 300, "inject": {<a fault as in the scenario's "faults", without start_min>}},
//      {"at_s": 612, "seat": {"act": "acknowledge", "incident": 0}},
//      {"at_s": 900, "end": "<fault id>"},
//      {"at_s": 930, "bookmark": "<a facilitator's note, at most 500 bytes>"},
//      {"at_s": 960, "order": {"act": "mitigate", "incident": 0, "action": "rollback",
//                              "service": "frontend"}}]}
// "seat" (optional) is who the seat plays (seat_action.hpp's parse_seat); a drill with several
// seats has "seats": ["on-call:checkout", "incident-commander", ...] instead (no two equal), and
// each seat command says which seat acted: {"at_s": 612, "by": "incident-commander", "seat":
// {...}}. A command's "seat" is one of its actions (read_seat_action), allowed only in a log
// with a seat; whether the world accepts it shows on replay (model::CommandRefused). An "order"
// is a decision, in a seat action's form, that the facilitator orders the policy's responders
// to take (model::Order; a what-if's change), refused on replay as a seat's action is. Each
// command has exactly one of "inject", "end", "seat", "bookmark", "leave", "rejoin" and
// "order"; at_s (seconds, >= 0, rounded to the
// millisecond) is non-decreasing and < the run's duration. An injected fault is checked as the
// loader checks the schedule's (unknown services, calls, zones, ranges...); its id must be new
// (not a scheduled fault's, one the run draws with this seed, or an earlier injection's) and its
// end_min, if given, > at_s / 60. "end" names a fault that has started by at_s. The faults the
// run draws are those of `run_seed` when given (a replay under another seed), else of the
// log's seed.
// Throws ScenarioError listing every problem, each with its JSON pointer:
// "log.json: /commands/0/inject/service: unknown service "foo"".
DrillLog parse_drill_log(std::string_view text, const std::string& source,
                         const model::Scenario& scenario,
                         std::optional<std::uint64_t> run_seed = std::nullopt);

// Reads `file` and parses it as above, with the file's name as the source.
// Throws ScenarioError when the file cannot be read or is invalid.
DrillLog load_drill_log(const std::filesystem::path& file, const model::Scenario& scenario,
                        std::optional<std::uint64_t> run_seed = std::nullopt);

// Returns the "scenario" a drill log file names (as written: a path relative to where the drill
// was played, or a name), without checking the rest. Throws ScenarioError when the file cannot
// be read, is not JSON, or has no "scenario" string.
std::string drill_log_scenario(const std::filesystem::path& file);

// Returns `log` as drill-log JSON (2-space indented, keys in the documented order, a final
// newline; one seat as "seat", several as "seats" with each seat command's "by"):
// parse_drill_log gives back an equal DrillLog. Names come from `scenario`, which
// must be the one the log's faults target.
std::string drill_log_json(const DrillLog& log, const model::Scenario& scenario);

// Returns `fault` as the JSON object a drill log's "inject" holds (no start_min; end_min if it
// has an end), compact. parse_injected_fault reads it back. `scenario` names its targets.
std::string injected_fault_json(const model::Fault& fault, const model::Scenario& scenario);

}  // namespace firedrill::scenario
