#include "sim/model/counterfactual.hpp"

namespace firedrill::model {

PlayedDrill replay_with_branches(const Scenario& scenario, std::uint64_t seed,
                                 const std::vector<DrillCommand>& commands, Fidelity fidelity,
                                 const Seat& seat) {
  Recorder recorder;
  Run run(scenario, seed, &recorder, fidelity);
  run.take_seat(seat);
  PlayedDrill played;
  auto& branches = played.branches;
  apply_commands(run, commands, [&](std::size_t k) {
    if (!std::holds_alternative<SeatAction>(commands[k].action)) return;
    Recorder copy = recorder;
    Run branch = run.fork(&copy);
    branch.release_seat();
    branches.push_back({k, record_to_end(branch, copy, seed)});
  });
  played.record = record_to_end(run, recorder, seed);
  played.people = run.seat_people();
  return played;
}

}  // namespace firedrill::model
