#pragma once
// The people of a run: each responder's state, the pages they took, and how a page lands on them
// (acknowledgement delay and the chance of missing it, by time of day and by fatigue).

#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "sim/model/on_call.hpp"
#include "sim/model/world_context.hpp"

namespace firedrill::model::world {

// Spread (σ of the logarithm) of the lognormal acknowledgement and wake-up delays around their
// medians (ResponderModel): our own first-cut value.
constexpr double kAckSigma = 0.6;

// How a page reaches one person.
struct PageOutcome {
  bool missed = false;       // never acknowledged
  SimTime ack_delay{0};      // from the page to the acknowledgement
  SimTime ready_delay{0};    // from the acknowledgement to being at a keyboard
  bool woke = false;         // the page woke them (they were asleep)
  bool after_hours = false;  // outside their local working hours
};

// Every responder's state and page history. Publishes ev::ResponderChanged on each change.
class Responders {
 public:
  Responders(Context& ctx, const LocalClocks& clocks);
  // After the response that owns it was copied (a fork): points at the copy's context and clocks.
  void rebind(Context& ctx, const LocalClocks& clocks) {
    ctx_ = &ctx;
    clocks_ = &clocks;
  }

  // Pages `who` now: draws whether they miss it and how long they take, from the policy's
  // ResponderModel (day or night medians, lognormal), lengthened and made likelier to be missed
  // by the pages of the last 24 hours (see ResponderModel's fatigue fields). Records the page
  // and, unless busy with an incident, sets them Paged. Draws from stream "people", always the
  // same number of draws.
  PageOutcome page(PersonRef who, std::optional<std::size_t> incident);

  // Returns the pages `who` took in the 24 hours before now, a page that woke them counting
  // twice.
  double recent_pages(PersonRef who) const;

  // Sets `who` to `state` for `incident`; publishes only a change.
  void set(PersonRef who, ResponderState state, std::optional<std::size_t> incident);
  // Returns `who` to rest (available, asleep or off duty, by their local clock).
  void release(PersonRef who);

  ResponderState state(PersonRef who) const { return people_[who.team][who.person].state; }
  // The incident `who` works on or is paged for, if any.
  std::optional<std::size_t> incident(PersonRef who) const {
    return people_[who.team][who.person].incident;
  }
  // Returns true iff `who` is working on an incident (not at rest, not merely paged).
  bool busy(PersonRef who) const;

 private:
  struct PageMark {
    SimTime at;
    double weight;
  };
  struct Person {
    ResponderState state = ResponderState::Available;
    std::optional<std::size_t> incident;
    std::deque<PageMark> pages;  // the last 24 hours' pages, oldest first
  };
  ResponderState rest_state(PersonRef who) const;
  const WorkingHours& hours(PersonRef who) const;

  Context* ctx_;
  const LocalClocks* clocks_;
  std::vector<std::vector<Person>> people_;  // [team][person]
};

}  // namespace firedrill::model::world
