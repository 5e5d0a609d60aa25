#include "sim/model/whatif.hpp"

#include <algorithm>
#include <utility>

#include "sim/engine/check.hpp"

namespace firedrill::model {
namespace {

// From now on `scenario` follows `changed`'s response-policy values.
void adopt_policy(Scenario& scenario, const Scenario& changed) {
  FIREDRILL_CHECK(changed.teams.size() == scenario.teams.size(),
                  "what-if policy: another scenario's teams");
  scenario.policy = changed.policy;
  for (std::size_t t = 0; t < scenario.teams.size(); ++t) {
    EscalationPolicy& escalation = scenario.teams[t].escalation;
    const EscalationPolicy& to = changed.teams[t].escalation;
    FIREDRILL_CHECK(to.levels.size() == escalation.levels.size(),
                    "what-if policy: other escalation levels");
    escalation = to;
  }
}

}  // namespace

WhatIfResult run_what_if(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<Seat>& seats, const std::vector<DrillCommand>& commands,
                         const WhatIfSpec& spec, Fidelity fidelity) {
  FIREDRILL_CHECK(spec.at < scenario.run.duration, "what-if: the moment is past the run's end");
  // The runs refer to this copy: the branch's policy change is made to it once the original
  // has finished.
  Scenario working = scenario;
  const auto later = std::find_if(commands.begin(), commands.end(),
                                  [&spec](const DrillCommand& c) { return c.at > spec.at; });
  const std::vector<DrillCommand> shared(commands.begin(), later);
  const auto first_later = static_cast<std::size_t>(later - commands.begin());

  Recorder recorder;
  Run run(working, seed, &recorder, fidelity);
  for (const Seat& seat : seats) {
    const auto refused = run.take_seat(seat);
    FIREDRILL_CHECK(!refused, "what-if: two equal seats");
  }
  apply_commands(run, shared);
  run.run_until(spec.at);
  Recorder branch_recorder = recorder;
  Run branch = run.fork(&branch_recorder);

  WhatIfResult result;
  apply_commands(run, std::vector<DrillCommand>(later, commands.end()));
  result.original = record_to_end(run, recorder, seed);

  if (spec.policy) adopt_policy(working, *spec.policy);
  result.branch_commands = shared;
  for (std::size_t k = 0; k < spec.changes.size(); ++k) {
    if (const auto* end = std::get_if<EndFault>(&spec.changes[k]);
        end && !find_fault(branch, end->fault_id))
      throw CommandRefused(k, "this run has no fault " + end->fault_id);
    auto applied = apply_now(branch, spec.changes[k]);
    if (const auto* refused = std::get_if<Refusal>(&applied))
      throw CommandRefused(k, refused->reason);
    result.branch_commands.push_back(std::move(std::get<DrillCommand>(applied)));
  }
  for (std::size_t k = first_later; k < commands.size(); ++k) {
    const DrillCommand& command = commands[k];
    branch.run_until(command.at);
    // A seat's own commands: its actions, leaving and rejoining.
    const bool seat_command = std::holds_alternative<SeatAction>(command.action) ||
                              std::holds_alternative<LeaveSeat>(command.action) ||
                              std::holds_alternative<RejoinSeat>(command.action);
    const bool released =
        std::any_of(result.released.begin(), result.released.end(),
                    [&command](const auto& r) { return r.first == command.seat; });
    if (seat_command && released) {
      result.dropped.push_back({k, "the seat was released to the policy before it"});
      continue;
    }
    auto applied = apply_now(branch, command.action, command.seat);
    if (const auto* refused = std::get_if<Refusal>(&applied)) {
      result.dropped.push_back({k, refused->reason});
      if (std::holds_alternative<SeatAction>(command.action)) {
        branch.release_seat(command.seat);
        result.released.emplace_back(command.seat, branch.now());
      }
      continue;
    }
    result.branch_commands.push_back(std::move(std::get<DrillCommand>(applied)));
  }
  result.branch = record_to_end(branch, branch_recorder, seed);
  return result;
}

}  // namespace firedrill::model
