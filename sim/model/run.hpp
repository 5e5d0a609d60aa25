#pragma once
// One replication of a scenario: the discrete-event loop over the world (flow model, faults,
// monitor, pager, responders, comms, incidents), publishing to a TraceSink.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "sim/model/record.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/seat.hpp"

namespace firedrill::model {

class World;

// How the world computes each steady state: by the flow model's formulas (fast, the default),
// or by simulating individual requests through the call graph (model::simulate_requests) for
// kRequestLevelWindow after kRequestLevelWarmup of simulated traffic (small scenarios,
// validation). Alerts, people and scoring then run on that telemetry unchanged.
enum class Fidelity { Flow, Request };
constexpr SimTime kRequestLevelWarmup = std::chrono::seconds(30);
constexpr SimTime kRequestLevelWindow = std::chrono::seconds(120);

// A run of `scenario` with `seed`. Owns the whole state of the world, the event queue and the
// random streams; the scenario must outlive it. Publishes every timeline event and every
// steady-state segment to `sink` (not owned; may be null).
class Run {
 public:
  Run(const Scenario& scenario, std::uint64_t seed, TraceSink* sink,
      Fidelity fidelity = Fidelity::Flow);
  // A temporary scenario would die before the run that refers to it.
  Run(Scenario&&, std::uint64_t, TraceSink*, Fidelity = Fidelity::Flow) = delete;
  ~Run();
  Run(Run&&) noexcept;
  Run& operator=(Run&&) noexcept;

  // A copy of this run at now() that publishes to `sink` (which should hold a copy of what this
  // run's sink has recorded so far): it goes on exactly as this run would, drawing the same
  // random numbers, and each goes on without the other. Costs a copy of the run's state, which
  // grows with the steady states so far (each holds a flow per service, call and journey).
  // REQUIRES (FIREDRILL_CHECK): !finished().
  Run fork(TraceSink* sink) const;

  SimTime now() const;
  bool finished() const;
  const Scenario& scenario() const;
  // Every fault of the run (see RunRecord::faults): those known from the start, then those
  // injected, in the order they were injected.
  const std::vector<Fault>& faults() const;
  // The open steady state: from its start (the last state change) until now(). Valid until the
  // next call of run_until or run_to_end; its `end` is now(), and the run's end once finished.
  const Segment& current_segment() const;
  // The nominal steady state before the run's start (RunRecord::nominal_past).
  const Segment& nominal_past() const;

  // A facilitator injects `fault` now: its start is set to now(), and a FaultStart event is
  // scheduled at now(), so it acts at the next run_until, after every event already due at
  // now() (a scheduled fault at the same time would run before the scrapes and people due then)
  // and before anything later. Returns its index in faults(). A run stays a function of
  // (scenario, seed, the injected faults and the times they were injected).
  // REQUIRES (FIREDRILL_CHECK): !finished(); fault.end, if set, > now(); its targets (service,
  // peer, call, journey) exist in the scenario.
  std::size_t inject_fault(Fault fault);
  // A facilitator ends fault `fault` now: at the next run_until it stops as if it expired (its
  // incident is mitigated; faults()[fault].end becomes now()). A no-op if the fault is not
  // acting then (not started yet, expired or mitigated).
  // REQUIRES (FIREDRILL_CHECK): !finished(); fault < faults().size().
  void end_fault(std::size_t fault);
  // A facilitator marks now with `note`: the record gets an ev::Bookmarked now; nothing else
  // changes. REQUIRES (FIREDRILL_CHECK): !finished().
  void bookmark(std::string note);

  // The facilitator orders the policy's responders to take `decision` now (model::Order): they
  // take it as they take their own, at its real cost, and the policy goes on from it. Decisions
  // that can be ordered, for incident `decision.incident`, once it is detected and until it is
  // resolved:
  // - page_team, page_person: the page goes out now (as the seat's would);
  // - declare_severity: once triage has declared one, the severity changes now;
  // - mitigate (replicas 0): once triage is over and while the incident is not mitigated, its
  //   investigator drops the step or action under way and applies the action now (recorded with
  //   MitigationReason::Ordered); if it does not end the incident, the policy goes on: to the
  //   fix if the cause is known, else with the search where it was.
  // Returns why it is refused (another decision, an incident the seat leads, nobody engaged
  // yet, ...), and then nothing changed. REQUIRES (FIREDRILL_CHECK): !finished().
  std::optional<Refusal> order(const SeatAction& decision);

  // From now on `seat` is played from outside (seat.hpp): its pages ring until act() answers
  // them, and the policy leaves the incidents it leads or commands to its actions. A run may
  // have several seats, numbered 0, 1, ... in the order taken; the methods below take a seat's
  // number (0, the only seat, by default). Two seats never play the same person: a person
  // belongs to the first seat a page for them rang for (a person's seat owns them from the
  // start), and a later page to them rings for no other seat (the policy answers it unless
  // their own seat takes that kind of page). Returns why the seat is refused (an equal seat is
  // taken already), and then nothing changed.
  // REQUIRES (FIREDRILL_CHECK): the run has not started (now() is 0, nothing has run).
  std::optional<Refusal> take_seat(const Seat& seat);
  // The number of seats taken.
  std::size_t seat_count() const;
  // From now on seat `seat` is played by the policy, as if nobody had taken it: a page ringing
  // for it is answered when its person's drawn acknowledgement falls due (now, if that is past),
  // or escalates if they were to miss it; work under way finishes; the incidents it led or
  // commanded go on under the policy from where the seat left them. The other seats play on. A
  // fork released just before a seat's action is the counterfactual "the policy's choice
  // instead of this one". A no-op for a seat released already or not taken.
  // REQUIRES (FIREDRILL_CHECK): !finished().
  void release_seat(std::size_t seat = 0);
  // Seat `seat`, released, is played from outside again (its player came back): pages that
  // ring from now on ring for it; the incidents the policy took up meanwhile stay the policy's.
  // Returns why not (not taken, not released, or its person's seat now owns someone it owned),
  // and then nothing changed. REQUIRES (FIREDRILL_CHECK): !finished().
  std::optional<Refusal> rejoin_seat(std::size_t seat);
  // Applies seat `seat`'s `action` now (after the events due at now() that have run). Returns
  // why it is refused (no such seat, released, or the world's reason), and then nothing changed.
  // REQUIRES (FIREDRILL_CHECK): !finished().
  std::optional<Refusal> act(const SeatAction& action, std::size_t seat = 0);
  // The pages ringing for seat `seat` now, by incident (none for a seat not taken).
  std::vector<RingingPage> seat_pages(std::size_t seat = 0) const;
  // What each of seat `seat`'s finished investigations showed, in order.
  const std::vector<Finding>& seat_findings(std::size_t seat = 0) const;
  // Whom seat `seat` answered pages as, once each, in order (a role's seat may play several).
  std::vector<PersonRef> seat_people(std::size_t seat = 0) const;

  // Runs every event up to and including time `t` (capped at the run's duration), then moves
  // the clock to `t`.
  void run_until(SimTime t);
  void run_to_end();

 private:
  explicit Run(std::unique_ptr<World> world);
  std::unique_ptr<World> world_;
};

// Runs `run` to its end and returns what `recorder` (its sink) recorded, with the run's seed,
// duration and faults.
RunRecord record_to_end(Run& run, Recorder& recorder, std::uint64_t seed);

// Runs `scenario` with `seed` to its end and returns the record.
RunRecord simulate(const Scenario& scenario, std::uint64_t seed,
                   Fidelity fidelity = Fidelity::Flow);

}  // namespace firedrill::model
