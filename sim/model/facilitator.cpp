#include "sim/model/facilitator.hpp"

#include "sim/engine/check.hpp"

namespace firedrill::model {

std::optional<std::size_t> find_fault(const Run& run, const std::string& fault_id) {
  const auto& faults = run.faults();
  for (std::size_t f = faults.size(); f-- > 0;)
    if (faults[f].id == fault_id) return f;
  return std::nullopt;
}

std::variant<DrillCommand, Refusal> apply_now(Run& run, DrillAction action, std::size_t seat) {
  if (auto* inject = std::get_if<InjectFault>(&action)) {
    const std::size_t f = run.inject_fault(inject->fault);
    inject->fault.start = run.faults()[f].start;
  } else if (const auto* end = std::get_if<EndFault>(&action)) {
    const auto fault = find_fault(run, end->fault_id);
    FIREDRILL_CHECK(fault.has_value(), "EndFault names no fault of the run: " + end->fault_id);
    run.end_fault(*fault);
  } else if (const auto* mark = std::get_if<Bookmark>(&action)) {
    run.bookmark(mark->note);
  } else if (const auto* order = std::get_if<Order>(&action)) {
    if (auto refused = run.order(order->decision)) return *refused;
  } else if (std::holds_alternative<LeaveSeat>(action)) {
    run.release_seat(seat);
  } else if (std::holds_alternative<RejoinSeat>(action)) {
    if (auto refused = run.rejoin_seat(seat)) return *refused;
  } else if (auto refused = run.act(std::get<SeatAction>(action), seat)) {
    return *refused;
  }
  const bool by_seat = !std::holds_alternative<InjectFault>(action) &&
                       !std::holds_alternative<EndFault>(action) &&
                       !std::holds_alternative<Bookmark>(action);
  return DrillCommand{run.now(), std::move(action), by_seat ? seat : 0};
}

void apply_commands(Run& run, const std::vector<DrillCommand>& commands,
                    const std::function<void(std::size_t)>& after) {
  for (std::size_t k = 0; k < commands.size(); ++k) {
    const DrillCommand& command = commands[k];
    FIREDRILL_CHECK(command.at >= run.now(), "drill command before the run's clock");
    FIREDRILL_CHECK(command.at < run.scenario().run.duration,
                    "drill command at or after the run's end");
    run.run_until(command.at);
    const auto applied = apply_now(run, command.action, command.seat);
    if (const auto* refused = std::get_if<Refusal>(&applied)) throw CommandRefused(k, refused->reason);
    if (after) after(k);
  }
}

RunRecord simulate_drill(const Scenario& scenario, std::uint64_t seed,
                         const std::vector<DrillCommand>& commands, Fidelity fidelity,
                         const std::vector<Seat>& seats) {
  Recorder recorder;
  Run run(scenario, seed, &recorder, fidelity);
  for (const Seat& seat : seats)
    FIREDRILL_CHECK(!run.take_seat(seat), "simulate_drill: two seats are equal");
  apply_commands(run, commands);
  return record_to_end(run, recorder, seed);
}

}  // namespace firedrill::model
