#pragma once
// Loading scenario files: JSON text to a validated model::Scenario, or a ScenarioError that
// lists every problem found, each with its file and JSON pointer.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/scenario/input_file.hpp"

namespace firedrill::scenario {

// The longest text of a training drill's briefing ("role", "context", "good_looks_like"), in
// bytes (docs/limits.md): what a trainer tells the seat fits on a page.
inline constexpr std::size_t kMaxBriefingTextBytes = 4000;

// One problem in a scenario file: `source` (the file name), the JSON pointer of the offending
// value ("" for the whole document) and what was expected and found.
struct Problem {
  std::string source;
  std::string pointer;
  std::string message;
};

// Thrown when a scenario is invalid. what() is one line per problem:
// "payments.json: /services/2/timeout_ms: must be > 0, got -5"; a problem with the whole
// document (pointer "") leaves the pointer out: "payments.json: invalid JSON (byte 7): ...".
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// A scenario value set by JSON pointer before validation (a sweep's parameter): `value` is JSON
// text ("5", "true", "[1, 2]", "\"P1\""), or taken as a plain string when it is not JSON ("P1").
struct Setting {
  std::string pointer;  // RFC 6901, e.g. "/teams/0/escalation/levels/0/delay_min"
  std::string value;
};

// What to change in a scenario before it is validated: a response-policy file, then settings.
// A policy file is {"name", "purpose"?, "policy"?: {...}, "set"?: {pointer: value, ...}}: its
// "policy" replaces the scenario's, then its own "set", then `settings`, apply in order. A
// setting's parent must exist (an object member may be new; an array index must exist).
struct Variant {
  std::optional<std::filesystem::path> policy_file;
  std::vector<Setting> settings;
};

// Parses and validates scenario JSON `text`; `source` names it in messages. Files the scenario
// names (its "include" files, a "policy" file, a team's PagerDuty schedules and escalation
// policy) are resolved against `scope.base_dir` (empty: the working directory), and must lie
// inside it or one of `scope.allowed_dirs` (resolve_reference). `variant` applies before
// validation; the scenario's policy_name is the policy file's "name" (else its file stem), else
// "scenario".
// Throws ScenarioError listing every problem found (syntax, unknown keys, wrong types, missing
// fields, dangling references, values out of range, settings whose parent does not exist, files
// that cannot be read or lie outside the scope), in the scenario and in the files it names.
model::Scenario parse_scenario(std::string_view text, const std::string& source,
                               const FileScope& scope = {}, const Variant& variant = {});

// Reads `file` (read_input_file) and parses it as above, with the file's name as the source and
// its folder, with `allowed_dirs`, as the scope. Throws ScenarioError when the file cannot be
// read or is invalid.
model::Scenario load_scenario(const std::filesystem::path& file, const Variant& variant = {},
                              const std::vector<std::filesystem::path>& allowed_dirs = {});

// Parses JSON `text` as one fault a facilitator injects at `at` into a run of `scenario`: an
// object as in a scenario's "faults" list without "start_min" (id, type, the type's
// parameters, optional absolute "end_min" > at), checked exactly as the loader checks the
// schedule's faults, plus: its id is none of `taken_ids` (pass the ids of the run's faults()).
// Pointers in messages are relative to the object ("fault: /service: unknown service "x"").
// Returns the fault with start = at. Throws ScenarioError listing every problem.
model::Fault parse_injected_fault(std::string_view text, const model::Scenario& scenario,
                                  model::SimTime at, const std::vector<std::string>& taken_ids,
                                  const std::string& source = "fault");

}  // namespace firedrill::scenario
