#include "sim/model/counterfactual.hpp"

#include "sim/engine/check.hpp"

namespace firedrill::model {

PlayedDrill replay_with_branches(const Scenario& scenario, std::uint64_t seed,
                                 const std::vector<DrillCommand>& commands, Fidelity fidelity,
                                 const std::vector<Seat>& seats) {
  Recorder recorder;
  Run run(scenario, seed, &recorder, fidelity);
  for (const Seat& seat : seats)
    FIREDRILL_CHECK(!run.take_seat(seat), "replay_with_branches: two seats are equal");
  PlayedDrill played;
  auto& branches = played.branches;
  apply_commands(run, commands, [&](std::size_t k) {
    if (!std::holds_alternative<SeatAction>(commands[k].action)) return;
    Recorder copy = recorder;
    Run branch = run.fork(&copy);
    branch.release_seat(commands[k].seat);
    branches.push_back({k, record_to_end(branch, copy, seed)});
  });
  played.record = record_to_end(run, recorder, seed);
  played.people = run.seat_people();
  return played;
}

}  // namespace firedrill::model
