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

BranchStep continue_branch(Run& branch, const DrillCommand& command,
                           const std::vector<std::size_t>& released_seats) {
  branch.run_until(command.at);
  // A seat's own commands: its actions, leaving and rejoining.
  const bool seat_command = std::holds_alternative<SeatAction>(command.action) ||
                            std::holds_alternative<LeaveSeat>(command.action) ||
                            std::holds_alternative<RejoinSeat>(command.action);
  if (seat_command &&
      std::find(released_seats.begin(), released_seats.end(), command.seat) != released_seats.end())
    return {std::nullopt, "the seat was released to the policy before it", false};
  auto applied = apply_now(branch, command.action, command.seat);
  if (auto* done = std::get_if<DrillCommand>(&applied)) return {std::move(*done), std::nullopt};
  const std::string reason = std::get<Refusal>(applied).reason;
  if (!std::holds_alternative<SeatAction>(command.action)) return {std::nullopt, reason, false};
  // Recorded as the seat's leaving, so that the branch's commands replay it.
  return {std::get<DrillCommand>(apply_now(branch, LeaveSeat{}, command.seat)), reason, true};
}

void continue_branch(Run& branch, const std::vector<DrillCommand>& commands, std::size_t first,
                     WhatIfResult& result) {
  std::vector<std::size_t> released;
  for (const auto& r : result.released) released.push_back(r.first);
  for (std::size_t k = first; k < commands.size(); ++k) {
    BranchStep step = continue_branch(branch, commands[k], released);
    if (step.dropped) result.dropped.push_back({k, *step.dropped});
    if (step.released) {
      released.push_back(commands[k].seat);
      result.released.emplace_back(commands[k].seat, branch.now());
    }
    if (step.applied) result.branch_commands.push_back(std::move(*step.applied));
  }
}

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
  continue_branch(branch, commands, first_later, result);
  result.branch = record_to_end(branch, branch_recorder, seed);
  return result;
}

}  // namespace firedrill::model
