#include "app/replay.hpp"

#include <fmt/format.h>

#include "sim/engine/sim_time.hpp"
#include "sim/scenario/load_scenario.hpp"

namespace firedrill::app {

model::RunRecord replay_drill(const model::Scenario& scenario, std::uint64_t seed,
                              const scenario::DrillLog& log, const std::string& log_file,
                              model::Fidelity fidelity) {
  try {
    return model::simulate_drill(scenario, seed, log.commands, fidelity, log.seats);
  } catch (const model::CommandRefused& e) {
    const auto at = engine::to_seconds(log.commands[e.index()].at);
    throw scenario::ScenarioError({scenario::Problem{
        log_file,
        fmt::format("/commands/{}/{}", e.index(),
                    std::holds_alternative<model::Order>(log.commands[e.index()].action) ? "order"
                                                                                         : "seat"),
        fmt::format("refused at {} s: {}", at, e.what())}});
  }
}

}  // namespace firedrill::app
