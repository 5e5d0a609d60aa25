#include "sim/model/facilitator.hpp"

#include "sim/engine/check.hpp"

namespace firedrill::model {

std::optional<std::size_t> find_fault(const Run& run, const std::string& fault_id) {
  const auto& faults = run.faults();
  for (std::size_t f = faults.size(); f-- > 0;)
    if (faults[f].id == fault_id) return f;
  return std::nullopt;
}

FacilitatorCommand apply_now(Run& run, FacilitatorAction action) {
  if (auto* inject = std::get_if<InjectFault>(&action)) {
    const std::size_t f = run.inject_fault(inject->fault);
    inject->fault.start = run.faults()[f].start;
  } else {
    const auto& end = std::get<EndFault>(action);
    const auto fault = find_fault(run, end.fault_id);
    FIREDRILL_CHECK(fault.has_value(), "EndFault names no fault of the run: " + end.fault_id);
    run.end_fault(*fault);
  }
  return {run.now(), std::move(action)};
}

void apply_commands(Run& run, const std::vector<FacilitatorCommand>& commands) {
  for (const FacilitatorCommand& command : commands) {
    FIREDRILL_CHECK(command.at >= run.now(), "facilitator command before the run's clock");
    FIREDRILL_CHECK(command.at < run.scenario().run.duration,
                    "facilitator command at or after the run's end");
    run.run_until(command.at);
    apply_now(run, command.action);
  }
}

RunRecord simulate_drill(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<FacilitatorCommand>& commands, Fidelity fidelity) {
  Recorder recorder;
  Run run(scenario, seed, &recorder, fidelity);
  apply_commands(run, commands);
  return record_to_end(run, recorder, seed);
}

}  // namespace firedrill::model
